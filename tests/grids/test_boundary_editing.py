"""Boundaries drawn in the admin: on the map, in an inactive generation only, refused with the
grid import's own messages when invalid, overlapping or outside their parent."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grids.models import Generation, Region

ADD = reverse("admin:grids_region_add")


def _square(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat],
                                                [lon + size, lat + size], [lon, lat + size],
                                                [lon, lat]]]}


@pytest.fixture
def admin_client_(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.fixture
def draft(db):
    """An inactive generation: one community of 2 × 2 km with one grid in its south-west."""
    generation = Generation.objects.create(name="draft")
    community = Region.objects.create(generation=generation, code="440604001001",
                                      name="draft community", level="community",
                                      geometry=_square(113.10, 23.00, 0.02))
    Region.objects.create(generation=generation, code="440604001001001", name="south-west",
                          level="grid", parent=community, geometry=_square(113.10, 23.00))
    return generation, community


def _grid(generation, community, geometry, code="440604001001002"):
    return {"generation": generation.pk, "code": code, "name": "new grid", "level": "grid",
            "parent": community.pk, "geometry": json.dumps(geometry)}


def _errors(answer) -> str:
    assert answer.status_code == 200  # the form again, not a redirect
    return " ".join(str(e) for e in answer.context["adminform"].form.errors["geometry"])


def test_a_grid_drawn_in_an_inactive_generation_is_saved_with_its_box(admin_client_, draft):
    generation, community = draft
    answer = admin_client_.post(ADD, _grid(generation, community, _square(113.11, 23.00)))
    assert answer.status_code == 302
    grid = Region.objects.get(generation=generation, code="440604001001002")
    assert grid.geometry["type"] == "Polygon"
    assert (grid.min_lon, grid.min_lat) == pytest.approx((113.11, 23.00))
    assert (grid.max_lon, grid.max_lat) == pytest.approx((113.12, 23.01))


def test_an_invalid_overlapping_or_stray_boundary_is_refused_with_the_import_message(
        admin_client_, draft):
    generation, community = draft
    bowtie = {"type": "Polygon", "coordinates": [[[113.11, 23.00], [113.12, 23.01],
                                                  [113.12, 23.00], [113.11, 23.01],
                                                  [113.11, 23.00]]]}
    assert "invalid geometry: Self-intersection" in _errors(
        admin_client_.post(ADD, _grid(generation, community, bowtie)))
    assert "overlap 440604001001002 × 440604001001001" in _errors(
        admin_client_.post(ADD, _grid(generation, community, _square(113.105, 23.00))))
    assert "outside its parent 440604001001" in _errors(
        admin_client_.post(ADD, _grid(generation, community, _square(113.115, 23.015))))
    line = {"type": "LineString", "coordinates": [[113.11, 23.0], [113.12, 23.0]]}
    assert "must be a Polygon or MultiPolygon, not LineString" in _errors(
        admin_client_.post(ADD, _grid(generation, community, line)))
    assert not Region.objects.filter(generation=generation, code="440604001001002").exists()


def test_the_active_generation_shows_its_boundaries_read_only(admin_client_):
    grid = Region.objects.filter(level="grid", generation__is_active=True).first()
    url = reverse("admin:grids_region_change", args=[grid.pk])
    page = admin_client_.get(url).content.decode()
    assert 'name="geometry"' not in page and "region-geojson" in page
    before = grid.geometry
    admin_client_.post(url, {"generation": grid.generation_id, "code": grid.code,
                             "name": grid.name, "level": grid.level,
                             "parent": grid.parent_id, "geometry": json.dumps(_square(0, 0))})
    grid.refresh_from_db()
    assert grid.geometry == before


def test_an_inactive_generation_opens_its_boundary_in_the_map_editor(admin_client_, draft):
    generation, community = draft
    grid = Region.objects.get(generation=generation, level="grid")
    page = admin_client_.get(reverse("admin:grids_region_change", args=[grid.pk])).content
    page = page.decode()
    assert 'class="boundary-editor' in page and 'id="boundary-map"' in page
    assert "leaflet/draw/leaflet.draw.js" in page and "grids/boundary_editor.js" in page
    assert "440604001001" in page  # the parent's outline, drawn beneath


def test_no_region_is_added_to_the_active_generation(admin_client_, draft):
    _, community = draft
    active = Generation.objects.get(is_active=True)
    answer = admin_client_.post(ADD, _grid(active, community, _square(113.11, 23.00)))
    assert answer.status_code == 200
    assert "未启用" in " ".join(answer.context["adminform"].form.errors["generation"])
