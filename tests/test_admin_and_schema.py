import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Case
from grids.models import Region
from taxonomy.models import Subcategory


@pytest.fixture
def admin_client_(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_has_an_admin_that_renders(admin_client_):
    models = {m._meta.label for m in admin.site._registry}
    assert {"taxonomy.Category", "taxonomy.Subcategory", "org.DefaultOwner", "events.Case",
            "grids.Region", "grids.Generation", "org.Department", "org.DutyList", "org.Matter",
            "org.Component", "org.ComponentKind",
            "org.StaffProfile", "org.GridAssignment", "events.Notification"} <= models
    for model in admin.site._registry:
        assert admin_client_.get(_admin_url(model, "changelist")).status_code == 200, model


def test_the_subcategory_admin_lists_and_finds_items_by_national_code(admin_client_):
    page = admin_client_.get(_admin_url(Subcategory, "changelist"), {"q": "09006"}).content
    page = page.decode()
    assert "国标编码" in page and "占道经营" in page and "店外经营" not in page


def test_the_region_admin_shows_the_boundary_on_a_leaflet_map(admin_client_):
    grid = Region.objects.filter(level="grid").first()
    page = admin_client_.get(_admin_url(Region, "change", grid.pk)).content.decode()
    assert "leaflet.js" in page and "region-geojson" in page
    assert '"type": "Polygon"' in page


def test_a_case_admin_page_shows_its_log(admin_client_, api, demo):
    from tests.helpers import interior_point

    lat, lon = interior_point(demo.first_grid)
    api.post("/api/v1/cases/", {"subcategory": "01001", "lat": lat, "lon": lon,
                                "description": "井盖"}, format="json")
    case = Case.objects.get()
    page = admin_client_.get(_admin_url(Case, "change", case.pk)).content.decode()
    assert case.tracking_number in page and "report" in page


def test_an_outsider_is_refused_by_the_admin(client, db):
    assert client.get("/admin/events/case/").status_code == 302
    client.force_login(get_user_model().objects.get(username="worker"))
    assert client.get("/admin/events/case/").status_code == 302


def test_the_openapi_schema_describes_every_endpoint(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/cases/", "/api/v1/taxonomy/", "/api/v1/grids/lookup",
            "/api/v1/grids/geojson"} <= set(paths)
    assert client.get("/api/v1/docs/").status_code == 200


def test_pages_are_chinese_even_for_an_english_browser_until_english_is_chosen(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "网格化社会治理平台" in page and "921" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Grid governance platform" in client.get("/").content.decode()
