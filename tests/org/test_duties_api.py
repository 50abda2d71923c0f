"""GET /api/v1/duties/: the active list's matters of a subcategory that apply in a region,
with lead and assisting bodies resolved there; staff only."""

import pytest
from django.contrib.auth import get_user_model

from grids.models import Region
from org.models import Department
from tests.helpers import client_for, staff

pytestmark = pytest.mark.django_db

URL = "/api/v1/duties/"


def regions(level):
    return Region.objects.filter(generation__is_active=True, level=level).select_related(
        "parent__parent").order_by("code")


def get(user, **params):
    return client_for(user).get(URL, params, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_a_community_sees_its_committee_lead_and_its_streets_justice_office_assisting():
    community = regions("community").first()
    street = community.parent
    response = get(staff("dispatcher"), subcategory="10001", region=community.code)
    assert response.status_code == 200, response.content
    first, *others = response.json()["results"]
    committee = Department.objects.get(level="community", region_code=community.code)
    assert first["code"] == "10001-01" and first["routes"] and first["is_default"]
    assert first["lead"] == {"reference": "属地村居", "error": "",
                             "department": {"code": committee.code, "name": committee.name}}
    (justice,) = first["assisting"]
    assert justice["reference"] == "属地街道:司法所"
    assert justice["department"]["code"] == Department.objects.get(
        region_code=street.code, function="司法所").code
    assert (first["level"], first["time_limit"], first["time_unit"]) == ("community", 5, "wd")
    assert others and not any(m["routes"] or m["is_default"] for m in others)


def test_a_reference_that_names_nobody_in_the_region_is_null_with_the_reason():
    street = regions("street").first()
    response = get(staff("handler"), subcategory="10001", region=street.code)
    lead = response.json()["results"][0]["lead"]
    assert lead["department"] is None and "属地村居" in lead["error"]


def test_the_towns_own_row_comes_first_and_is_the_one_routing_picks_there():
    town = Region.objects.get(generation__is_active=True, level="street", name__endswith="镇")
    community = regions("community").filter(parent=town).first()
    results = get(staff("dispatcher"), subcategory="05001", region=community.code).json()[
        "results"]
    assert [(m["region_code"], m["routes"]) for m in results if m["is_default"]] == [
        (town.code, True), ("", False)]
    assert results[0]["lead"]["department"]["code"] == f"JD{town.code[-3:]}"


def test_results_are_paginated():
    grid = regions("grid").first()
    body = get(staff("dispatcher"), subcategory="01001", region=grid.code,
               page_size=2).json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"subcategory": "99999", "region": "440604"}, "subcategory", "没有编码为 99999 的小类"),
    ({"subcategory": "10001", "region": "110101"}, "region", "没有编码为 110101 的区域"),
    ({"region": "440604"}, "subcategory", "该字段是必填项"),
])
def test_an_unknown_subcategory_or_region_is_a_400_in_chinese(params, field, words):
    response = get(staff("dispatcher"), **params)
    assert response.status_code == 400
    assert words in response.json()[field][0]


def test_outsiders_and_anonymous_clients_are_refused():
    outsider = get_user_model().objects.create_user("citizen-with-account")
    params = {"subcategory": "10001", "region": "440604"}
    assert get(None, **params).status_code in (401, 403)
    refused = get(outsider, **params)
    assert refused.status_code == 403 and "工作人员" in refused.json()["detail"]
