"""POST requests: an application files a service request with its api_key, as a form."""

import pytest

from events.models import Case, Source, Status
from events.open311.models import ApiClient, ServiceRequest
from taxonomy.models import Subcategory
from tests.helpers import interior_point
from tests.open311.conftest import BASE, json_, tags, xml


def form(demo, client, **overrides) -> dict:
    """The specification's example request, adapted to this district."""
    lat, lon = interior_point(demo.first_grid)
    data = {
        "api_key": client.key, "jurisdiction_id": "grid.example", "service_code": "01001",
        "lat": f"{lat:.8f}", "long": f"{lon:.8f}", "address_string": "祖庙路 12 号",
        "email": "zhang.san@example.com", "device_id": "tt222111", "account_id": "123456",
        "first_name": "三", "last_name": "张", "phone": "13812345678",
        "description": "人行道上的井盖不见了", "media_url": "https://img.example.com/1.jpg",
        "attribute[ADDRESS_DETAIL]": "3 号楼前", "attribute[DANGER]": "yes",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_application_files_a_request_and_gets_its_tracking_number(web, demo, app_client):
    response = web.post(BASE + "requests.json", form(demo, app_client))
    assert response.status_code == 201
    (answer,) = json_(response)
    assert list(answer) == ["service_request_id", "service_notice", "account_id"]
    case = Case.objects.get(tracking_number=answer["service_request_id"])
    assert answer["account_id"] == "123456"
    assert case.department.name in answer["service_notice"]
    assert case.source == Source.API and case.status == Status.REPORTED
    assert case.grid == demo.first_grid and case.subcategory == demo.manhole
    assert case.address == "祖庙路 12 号 3 号楼前"
    assert case.description == "人行道上的井盖不见了\n\n是否危及过往行人或车辆？是"
    assert case.steps.get().role == "api"


def test_the_request_remembers_its_client_but_not_the_reporters_email_or_name(
        web, demo, app_client):
    answer = json_(web.post(BASE + "requests.json", form(demo, app_client)))[0]
    link = ServiceRequest.objects.get(case__tracking_number=answer["service_request_id"])
    assert link.client == app_client and link.device_id == "tt222111"
    assert link.attributes == {"ADDRESS_DETAIL": "3 号楼前", "DANGER": "yes"}
    assert link.case.contact_phone == "13812345678"
    stored = str(Case.objects.filter(pk=link.case.pk).values().get()) + str(
        ServiceRequest.objects.filter(pk=link.pk).values().get())
    assert "zhang.san" not in stored and "张" not in stored


def test_the_answer_in_xml_has_the_specifications_shape(web, demo, app_client):
    response = web.post(BASE + "requests.xml", form(demo, app_client, account_id=None))
    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests" and tags(root) == ["request"]
    assert tags(root[0]) == ["service_request_id", "service_notice", "account_id"]
    assert root.findtext("request/account_id") == ""  # <account_id/>, as in the example
    assert Case.objects.filter(tracking_number=root.findtext(
        "request/service_request_id")).exists()


def test_the_api_key_may_come_in_the_query_string(web, demo, app_client):
    body = form(demo, app_client, api_key=None)
    response = web.post(BASE + f"requests.json?api_key={app_client.key}", body)
    assert response.status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_request_without_a_valid_key_is_refused_with_403(web, demo, app_client, fmt):
    for key in (None, "wrong", ApiClient.objects.create(name="停用", active=False).key):
        response = web.post(BASE + f"requests.{fmt}", form(demo, app_client, api_key=key))
        assert response.status_code == 403
        if fmt == "json":
            assert json_(response)[0]["code"] == 403
        else:
            assert xml(response).findtext("error/code") == "403"
    assert not Case.objects.exists()


def test_a_missing_or_unknown_service_code_is_400_or_404(web, demo, app_client):
    missing = web.post(BASE + "requests.json", form(demo, app_client, service_code=None))
    assert missing.status_code == 400 and json_(missing)[0]["code"] == 400
    unknown = web.post(BASE + "requests.xml", form(demo, app_client, service_code="99999"))
    assert unknown.status_code == 404 and xml(unknown).tag == "errors"


@pytest.mark.parametrize("location, problem", [
    ({"lat": None, "long": None, "address_string": None}, "必须提供位置"),
    ({"long": None}, "必须同时提供"),
    ({"lat": "north"}, "必须是数字"),
    ({"lat": "true", "long": "false"}, "必须是数字"),  # booleans are no coordinates either
    ({"lat": "91"}, "±90"),
    ({"lat": None, "long": None, "address_string": None, "address_id": "545483"},
     "address_id"),
])
def test_a_location_is_required_as_lat_and_long_or_an_address(
        web, demo, app_client, location, problem):
    response = web.post(BASE + "requests.json", form(demo, app_client, **location))
    assert response.status_code == 400
    assert problem in json_(response)[0]["description"]


def test_an_address_the_register_cannot_place_is_filed_for_manual_dispatch_without_a_point(
        web, demo, app_client):
    # Addresses the register finds are placed: tests/places/test_geocoding_intake.py
    body = form(demo, app_client, lat=None, long=None, address_string="火星基地七号发射塔")
    answer = json_(web.post(BASE + "requests.json", body))[0]
    case = Case.objects.get(tracking_number=answer["service_request_id"])
    assert case.grid is None and case.department is None
    assert answer["service_notice"] == "指挥中心将人工派遣至责任部门。"
    (shown,) = json_(web.get(BASE + f"requests/{case.tracking_number}.json"))
    assert shown["lat"] is None and shown["long"] is None
    assert shown["address"] is None  # the reporter's; the public view shows no door


def test_attributes_are_checked_against_the_service_definition(web, demo, app_client):
    response = web.post(BASE + "requests.json", form(
        demo, app_client, **{"attribute[DANGER]": "maybe", "attribute[COLOUR]": "red"}))
    assert response.status_code == 400
    descriptions = [error["description"] for error in json_(response)]
    assert descriptions == ["未知的属性 COLOUR。", "属性 DANGER 只能取以下值之一：no, yes。"]


def test_an_emergency_needs_its_required_attribute(web, demo, app_client):
    fire = Subcategory.objects.filter(category__code="09").order_by("code").first()
    body = form(demo, app_client, service_code=fire.code, **{"attribute[DANGER]": None})
    response = web.post(BASE + "requests.json", body)
    assert response.status_code == 400
    assert json_(response)[0]["description"] == "必须填写属性 CASUALTIES。"
    body["attribute[CASUALTIES]"] = "no"
    assert web.post(BASE + "requests.json", body).status_code == 201


def test_a_multivaluelist_takes_repeated_values(web, demo, app_client):
    smell = Subcategory.objects.filter(category__code="15").order_by("code").first()
    body = form(demo, app_client, service_code=smell.code, **{"attribute[DANGER]": None})
    body["attribute[POLLUTION][]"] = ["smell", "smoke"]
    answer = json_(web.post(BASE + "requests.json", body))[0]
    case = Case.objects.get(tracking_number=answer["service_request_id"])
    assert case.open311.attributes["POLLUTION"] == ["smell", "smoke"]
    assert case.description.endswith("您察觉到哪些情况？异味、烟尘")


@pytest.mark.parametrize("field, value", [
    ("attribute[NOTICED_AT]", "yesterday"),
    ("attribute[ADDRESS_DETAIL]", "楼" * 101),
    ("description", "长" * 4001),
    ("phone", "111111111"),
    ("media_url", "javascript:alert(1)"),
    ("address_string", "祖庙路\x00"),
])
def test_malformed_fields_are_400_errors(web, demo, app_client, field, value):
    response = web.post(BASE + "requests.json", form(demo, app_client, **{field: value}))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_an_empty_jurisdiction_id_is_accepted_and_an_unknown_one_is_404(
        web, demo, app_client):
    assert web.post(BASE + "requests.json",
                    form(demo, app_client, jurisdiction_id="")).status_code == 201
    response = web.post(BASE + "requests.json", form(demo, app_client,
                                                     jurisdiction_id="sfgov.org"))
    assert response.status_code == 404


def test_without_a_description_the_service_name_describes_the_case(web, demo, app_client):
    body = form(demo, app_client, description=None, **{"attribute[DANGER]": None})
    answer = json_(web.post(BASE + "requests.json", body))[0]
    assert Case.objects.get(tracking_number=answer["service_request_id"]).description == \
        "井盖丢失"
