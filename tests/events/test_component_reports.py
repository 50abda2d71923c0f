"""Reports about a registered component (部件): its owner handles them and the log says which
component decided; the reporter may pick the component from those offered near the point."""

import pytest

from events.models import Case
from org.models import Component, ComponentKind, Department
from tests.helpers import interior_point

URL = "/api/v1/cases/"
NEAREST = "/api/v1/components/nearest"
METRE = 1 / 110_574  # degrees of latitude per metre

pytestmark = pytest.mark.django_db


def gas_cover():
    return Component.objects.filter(kind__name="燃气井盖").select_related("owner").order_by(
        "code").first()


def report(demo, lat, lon, **fields):
    return {"subcategory": demo.manhole.code, "lat": lat, "lon": lon,
            "description": "燃气井盖丢了", **fields}


def filed(response) -> Case:
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()["tracking_number"])


def test_a_report_within_the_distance_of_a_cover_goes_to_its_owner_and_the_log_says_why(
        api, demo):
    cover = gas_cover()
    case = filed(api.post(URL, report(demo, cover.lat + 10 * METRE, cover.lon), format="json"))
    assert case.department.code == "RQG"
    step = case.steps.get()
    assert step.data["routing"]["component"] == cover.code
    assert 9 < step.data["routing"]["metres"] < 11
    assert cover.code in step.note and "燃气公司" in step.note and "10 米" in step.note


def test_a_report_beyond_the_distance_goes_to_the_matters_owner(api, demo):
    lat, lon = interior_point(demo.first_grid)  # no component within 15 m of it
    case = filed(api.post(URL, report(demo, lat, lon), format="json"))
    assert case.department.code == "PSG"
    assert "component" not in case.steps.get().data["routing"]


def test_a_picked_component_decides_even_when_another_is_nearer(api, demo):
    cover = gas_cover()
    here = (cover.lat + 20 * METRE, cover.lon)
    Component.objects.create(code="NEAR-1", kind=ComponentKind.objects.get(name="电力井盖"),
                             owner=Department.objects.get(code="GDJ"), lat=here[0],
                             lon=here[1])
    case = filed(api.post(URL, report(demo, *here, component=cover.code), format="json"))
    assert case.department.code == "RQG"
    assert case.steps.get().data["routing"]["picked"] is True


def test_a_picked_component_too_far_or_unknown_is_refused_in_chinese(api, demo):
    cover = gas_cover()
    far = api.post(URL, report(demo, cover.lat + 40 * METRE, cover.lon, component=cover.code),
                   format="json")
    assert far.status_code == 400 and "40 米" in far.json()["component"][0]
    unknown = api.post(URL, report(demo, cover.lat, cover.lon, component="NO-SUCH"),
                       format="json")
    assert unknown.status_code == 400 and "NO-SUCH" in unknown.json()["component"][0]
    assert "没有" in unknown.json()["component"][0]
    assert not Case.objects.exists()


def test_nearest_offers_components_of_the_problems_kinds_nearest_first(api, demo):
    cover = gas_cover()
    response = api.get(NEAREST, {"subcategory": demo.manhole.code, "lat": cover.lat + 3 * METRE,
                                 "lon": cover.lon})
    assert response.status_code == 200
    body = response.json()
    assert body["radius_m"] == 30
    first = body["components"][0]
    assert first == {"code": cover.code, "kind": "燃气井盖", "owner": "燃气公司",
                     "distance_m": pytest.approx(3, abs=0.2), "lat": cover.lat,
                     "lon": cover.lon}
    distances = [c["distance_m"] for c in body["components"]]
    assert distances == sorted(distances) and distances[-1] <= 30
    assert all(c["kind"].endswith("井盖") for c in body["components"])


def test_nearest_answers_nothing_for_a_problem_no_component_concerns(api, demo):
    cover = gas_cover()
    response = api.get(NEAREST, {"subcategory": demo.neighbours.code, "lat": cover.lat,
                                 "lon": cover.lon})
    assert response.json()["components"] == []


def test_nearest_refuses_bad_input_with_a_clear_400(api):
    response = api.get(NEAREST, {"subcategory": "99999", "lat": "north", "lon": 113.1})
    assert response.status_code == 400
    assert set(response.json()) >= {"subcategory", "lat"}


def test_the_plain_form_takes_a_picked_component(client, demo):
    cover = gas_cover()
    response = client.post("/report/", {
        "subcategory": demo.manhole.code, "lat": f"{cover.lat:.7f}", "lon": f"{cover.lon:.7f}",
        "description": "燃气井盖破了", "component": cover.code})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.department.code == "RQG"
    assert case.steps.get().data["routing"]["component"] == cover.code


def test_the_plain_form_says_what_is_wrong_with_a_component_of_another_kind(client, demo):
    lamp = Component.objects.filter(kind__name="路灯").first()
    response = client.post("/report/", {
        "subcategory": demo.manhole.code, "lat": f"{lamp.lat:.7f}", "lon": f"{lamp.lon:.7f}",
        "description": "井盖丢了", "component": lamp.code})
    assert response.status_code == 200 and not Case.objects.exists()
    assert lamp.code in response.content.decode()
