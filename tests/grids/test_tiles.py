"""Boundaries by map tile and simplified per zoom: what a map of a province's grids loads."""

import math

import pytest
import shapely

from grids import tiles
from grids.geometry import to_shape
from grids.models import Region
from tests.helpers import interior_point


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def shapes_of(body: dict) -> dict:
    return {f["properties"]["code"]: to_shape(f["geometry"]) for f in body["features"]}


def stored(level="grid") -> dict:
    return {code: to_shape(geometry) for code, geometry in Region.objects.filter(
        generation__is_active=True, level=level).values_list("code", "geometry")}


def test_a_tile_holds_the_grids_that_touch_it_and_no_others(api, demo):
    lat, lon = interior_point(demo.first_grid)
    x, y = tile_of(lat, lon, 16)
    body = api.get(f"/api/v1/grids/tiles/16/{x}/{y}").json()
    box = shapely.box(*tiles.tile_bounds(16, x, y))
    every = stored()
    touching = {code for code, shape in every.items() if shape.intersects(box)}
    assert demo.first_grid.code in shapes_of(body)
    assert set(shapes_of(body)) == touching and 0 < len(touching) < len(every)
    feature = body["features"][0]["properties"]
    assert set(feature) == {"code", "name", "parent"} and feature["parent"]


@pytest.mark.parametrize("z", [12, 14])
def test_a_tile_is_simplified_to_half_a_pixel_of_its_zoom_without_gaps_or_overlaps(api, demo,
                                                                                   z):
    lat, lon = interior_point(demo.first_grid)
    x, y = tile_of(lat, lon, z)
    simple, every = shapes_of(api.get(f"/api/v1/grids/tiles/{z}/{x}/{y}").json()), stored()
    pixel = tiles.pixel_degrees(z, lat)
    assert sum(len(s.exterior.coords) for s in simple.values()) < sum(
        len(every[code].exterior.coords) for code in simple)
    assert max(shapely.hausdorff_distance(s, every[code]) for code, s in simple.items()) < pixel
    # Neighbours moved their shared edges alike: together they cover what the originals
    # covered, each spot once (to within a pixel's width along the edges of the tile's set).
    union = shapely.union_all(list(simple.values()))
    assert sum(s.area for s in simple.values()) == pytest.approx(union.area, rel=1e-6)
    original = shapely.union_all([every[code] for code in simple])
    assert union.symmetric_difference(original).area < original.length * pixel


def test_tiles_are_revalidated_and_change_only_with_the_generation(api, demo):
    from django.db.models import F

    from grids.models import Generation

    x, y = tile_of(*interior_point(demo.first_grid), 14)
    url = f"/api/v1/grids/tiles/14/{x}/{y}"
    first = api.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(f"/api/v1/grids/tiles/14/{x}/{y + 1}",
                   HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200, "another tile"
    Generation.objects.filter(is_active=True).update(revision=F("revision") + 1)
    edited = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200 and edited["ETag"] != first["ETag"]


@pytest.mark.parametrize("path", ["21/0/0", "3/8/0", "3/0/8"])
def test_a_tile_off_the_map_is_not_found(api, db, path):
    assert api.get(f"/api/v1/grids/tiles/{path}").status_code == 404


def test_a_tile_away_from_every_grid_is_empty(api, db):
    assert api.get("/api/v1/grids/tiles/14/0/0").json() == {"type": "FeatureCollection",
                                                            "features": []}


def test_a_whole_level_comes_simplified_for_a_zoom(api, db):
    full = shapes_of(api.get("/api/v1/grids/geojson", {"level": "community"}).json())
    coarse = api.get("/api/v1/grids/geojson", {"level": "community", "zoom": 12})
    assert coarse.status_code == 200 and coarse["ETag"].endswith('.community.z12"')
    simple = shapes_of(coarse.json())
    assert set(simple) == set(full)
    assert sum(len(s.exterior.coords) for s in simple.values()) < sum(
        len(s.exterior.coords) for s in full.values()) * 0.8
    for zoom in ("21", "twelve", "-1"):
        answer = api.get("/api/v1/grids/geojson", {"level": "community", "zoom": zoom})
        assert answer.status_code == 400 and "zoom" in answer.json()
        assert not answer.has_header("ETag")


def test_the_map_scale_tiles_a_province_and_draws_a_district_whole(db, monkeypatch):
    district = tiles.grid_map_scale()
    assert district["count"] == 921 and not district["tiled"]
    # Demo grids are ~0.2 km² (~450 m across); a pixel is ~35 m at zoom 12 here.
    assert district["grid_zoom"] == 12
    monkeypatch.setattr(tiles, "WHOLE_MAP_GRIDS", 900)
    assert tiles.grid_map_scale()["tiled"]


def test_activating_a_province_serialises_its_outlines_there_and_then(
        db, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from grids.index import active_version
    from grids.models import Generation
    from grids.services import generation_activate

    monkeypatch.setattr(tiles, "WHOLE_MAP_GRIDS", 900)
    with django_capture_on_commit_callbacks(execute=True):
        generation_activate(generation=Generation.objects.get(is_active=True))
    version, zoom = active_version(), tiles.grid_map_scale()["outline_zoom"]
    for level in ("community", "street"):
        assert cache.get(tiles.level_key(version, level, zoom)) == tiles.level_at_zoom(
            version[0], level, zoom)
