import pytest

from tests.helpers import interior_point


def test_lookup_answers_the_grid_and_its_region_path(api, demo):
    lat, lon = interior_point(demo.first_grid)
    response = api.get("/api/v1/grids/lookup", {"lat": lat, "lon": lon})
    assert response.status_code == 200
    body = response.json()
    assert body["grid_code"] == demo.first_grid.code
    assert [r["level"] for r in body["path"]] == ["district", "street", "community", "grid"]
    assert body["path"][0]["code"] == "440604"


def test_lookup_outside_every_grid_answers_404_with_a_reason(api, db):
    response = api.get("/api/v1/grids/lookup", {"lat": 39.9, "lon": 116.4})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_lookup_with_a_bad_latitude_answers_400(api, db):
    response = api.get("/api/v1/grids/lookup", {"lat": "north", "lon": 113.1})
    assert response.status_code == 400
    assert "lat" in response.json()


def test_the_grid_layer_is_geojson(api, db):
    response = api.get("/api/v1/grids/geojson", {"level": "street"})
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 4
    assert body["features"][0]["geometry"]["type"] == "Polygon"
    assert api.get("/api/v1/grids/geojson", {"level": "planet"}).status_code == 400


def test_boundaries_are_revalidated_and_change_only_with_the_generation(api, db):
    from django.db.models import F

    from grids.models import Generation

    first = api.get("/api/v1/grids/geojson", {"level": "grid"})
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    again = api.get("/api/v1/grids/geojson", {"level": "grid"},
                    HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    streets = api.get("/api/v1/grids/geojson", {"level": "street"},
                      HTTP_IF_NONE_MATCH=first["ETag"])
    assert streets.status_code == 200, "another level is another resource"
    Generation.objects.filter(is_active=True).update(revision=F("revision") + 1)
    edited = api.get("/api/v1/grids/geojson", {"level": "grid"},
                     HTTP_IF_NONE_MATCH=first["ETag"])
    assert edited.status_code == 200 and edited["ETag"] != first["ETag"]


@pytest.mark.parametrize("level", ["\n", "\r", "\x01", "\x7f", "\t", "网格", "grid\x00"])
def test_an_unknown_level_is_400_whatever_its_characters(api, db, level):
    response = api.get("/api/v1/grids/geojson", {"level": level})
    assert response.status_code == 400 and "level" in response.json()
    assert not response.has_header("ETag")
