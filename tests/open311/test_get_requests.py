"""GET requests, one request and token look-up: filters, the 90-day window, paging, statuses,
W3C times, media URLs, and no reporter data, in JSON and XML."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import Case, CasePhoto, Status
from events.open311.selectors import rounded
from events.workflow import services as workflow
from tests.helpers import interior_point, jpeg
from tests.open311.conftest import BASE, json_, tags, xml

REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name",
                  "service_code", "description", "agency_responsible", "service_notice",
                  "requested_datetime", "updated_datetime", "expected_datetime", "address",
                  "address_id", "zipcode", "lat", "long", "media_url"]
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def ids(answer) -> list[str]:
    return [request["service_request_id"] for request in answer]


def test_a_request_reads_like_the_specifications_example(web, file_case):
    case = file_case(contact_phone="13812345678")
    (request,) = json_(web.get(BASE + f"requests/{case.tracking_number}.json"))
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == case.tracking_number
    assert request["status"] == "open" and request["service_code"] == "01001"
    assert request["service_name"] == "井盖丢失"
    assert request["agency_responsible"] == case.department.name
    # Where, to about 50 m, but not which door.
    assert request["lat"] == rounded(case.lat) and request["long"] == rounded(case.lon)
    assert abs(request["lat"] - case.lat) <= 0.00025 and abs(request["long"] - case.lon) <= 0.00025
    assert request["lat"] != case.lat
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(request[field]), field
    assert request["expected_datetime"] == timezone.localtime(case.due_at).isoformat(
        timespec="seconds")
    # The reporter's words and address, and the routing note, are not the public's.
    assert request["status_notes"] is None and request["description"] is None
    assert request["address"] is None and request["media_url"] is None


def test_one_request_in_xml_is_a_list_of_one_request_element(web, file_case):
    case = file_case()
    root = xml(web.get(BASE + f"requests/{case.tracking_number}.xml"))
    assert root.tag == "service_requests" and tags(root) == ["request"]
    assert tags(root[0]) == REQUEST_FIELDS
    assert root.findtext("request/service_request_id") == case.tracking_number
    assert root.findtext("request/address_id") == ""


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_a_404_error_list(web, db, fmt):
    response = web.get(BASE + f"requests/20990101-000001.{fmt}")
    assert response.status_code == 404


def test_closed_rated_and_voided_cases_are_closed_and_the_rest_open(web, file_case):
    cases = {status: file_case() for status in Status.values}
    for status, case in cases.items():
        Case.objects.filter(pk=case.pk).update(status=status)
    answer = json_(web.get(BASE + "requests.json"))
    shown = {request["service_request_id"]: request["status"] for request in answer}
    expected = {case.tracking_number: "closed" if status in ("closed", "rated", "voided")
                else "open" for status, case in cases.items()}
    assert shown == expected
    closed = json_(web.get(BASE + "requests.json", {"status": "closed"}))
    assert len(closed) == 3
    both = json_(web.get(BASE + "requests.json", {"status": "open,closed"}))
    assert len(both) == len(Status.values)


def test_status_notes_are_the_reply_staff_wrote_for_the_public_never_their_notes(web, file_case):
    case = file_case()
    leader = get_user_model().objects.get(username="leader")
    workflow.perform(case=case, action="void", actor=leader, params={
        "reason": "内部：与 20261201-000007 重复", "public_reply": "已有市民反映，正在处理"})
    (request,) = json_(web.get(BASE + f"requests/{case.tracking_number}.json"))
    assert request["status"] == "closed" and request["status_notes"] == "已有市民反映，正在处理"
    assert request["service_notice"] == "该诉求未予受理。"


def test_filters_by_service_code_lists(web, demo, file_case):
    manhole, vending, neighbours = (file_case(), file_case(demo.vending),
                                    file_case(demo.neighbours))
    answer = json_(web.get(BASE + "requests.json", {
        "service_code": f"{demo.manhole.code},{demo.vending.code}"}))
    assert set(ids(answer)) == {manhole.tracking_number, vending.tracking_number}
    assert neighbours.tracking_number not in ids(answer)


def test_service_request_ids_override_every_other_argument(web, file_case):
    old, recent = file_case(days_ago=200), file_case()
    answer = json_(web.get(BASE + "requests.json", {
        "service_request_id": f"{old.tracking_number}, {recent.tracking_number}",
        "status": "closed", "service_code": "99999"}))
    assert set(ids(answer)) == {old.tracking_number, recent.tracking_number}


def test_the_default_window_is_the_last_90_days_newest_first(web, file_case):
    old, older, recent = file_case(days_ago=100), file_case(days_ago=30), file_case()
    assert ids(json_(web.get(BASE + "requests.json"))) == [recent.tracking_number,
                                                           older.tracking_number]
    window = {"start_date": (timezone.now() - timedelta(days=120)).isoformat(),
              "end_date": (timezone.now() - timedelta(days=40)).isoformat()}
    assert ids(json_(web.get(BASE + "requests.json", window))) == [old.tracking_number]


def test_a_start_date_alone_opens_a_90_day_window_from_it(web, file_case):
    old = file_case(days_ago=100)
    start = (timezone.now() - timedelta(days=101)).date().isoformat()
    assert ids(json_(web.get(BASE + "requests.json", {"start_date": start}))) == [
        old.tracking_number]


def test_an_unencoded_plus_in_the_offset_is_understood(web, file_case):
    case = file_case()
    start = timezone.localtime() - timedelta(hours=1)
    query = f"start_date={start:%Y-%m-%dT%H:%M:%S}+08:00"  # "+" arrives as a space
    assert ids(json_(web.get(BASE + "requests.json?" + query))) == [case.tracking_number]


@pytest.mark.parametrize("params", [
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"start_date": "last week"},
    {"end_date": "0001-01-02"},
    {"status": "pending"},
    {"page": "0"},
    {"page_size": "1001"},
    {"page_size": "ten"},
])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_arguments_are_400_error_lists(web, db, params, fmt):
    response = web.get(BASE + f"requests.{fmt}", params)
    assert response.status_code == 400
    if fmt == "json":
        assert json_(response)[0]["code"] == 400
    else:
        assert xml(response).tag == "errors"


def test_pages_walk_through_the_results(web, file_case):
    cases = [file_case() for _ in range(5)]
    newest_first = [case.tracking_number for case in reversed(cases)]
    pages = [ids(json_(web.get(BASE + "requests.json", {"page_size": 2, "page": page})))
             for page in (1, 2, 3, 4)]
    assert pages == [newest_first[:2], newest_first[2:4], newest_first[4:], []]
    root = xml(web.get(BASE + "requests.xml", {"page_size": 2, "page": 2}))
    assert [r.findtext("service_request_id") for r in root] == newest_first[2:4]


def test_at_most_1000_requests_are_returned(web, file_case):
    template = file_case()
    now = timezone.now()
    Case.objects.bulk_create([
        Case(tracking_number=f"20260101-{n:06d}", source=template.source,
             subcategory=template.subcategory, lat=template.lat, lon=template.lon,
             description="批量", status=Status.REPORTED, urgency=template.urgency,
             created_at=now - timedelta(minutes=n))
        for n in range(1, 1001)])
    assert len(json_(web.get(BASE + "requests.json"))) == 1000


def test_media_url_is_a_photo_staff_published_never_the_reporters(web, api, demo, cast):
    lat, lon = interior_point(demo.first_grid)
    response = api.post("/api/v1/cases/", {"subcategory": "01001", "lat": lat, "lon": lon,
                                           "description": "井盖", "photos": [jpeg()]},
                        format="multipart")
    number = response.json()["tracking_number"]
    (request,) = json_(web.get(BASE + f"requests/{number}.json"))
    assert request["media_url"] is None
    case = workflow.perform(case=Case.objects.get(tracking_number=number), action="accept",
                            actor=cast.dispatcher)
    case = workflow.perform(case=case, action="start", actor=cast.handler)
    workflow.perform(case=case, action="resolve", actor=cast.handler, photos=[jpeg()],
                     params={"note": "已补装", "public_reply": "已补装井盖",
                             "publish_photos": True})
    (request,) = json_(web.get(BASE + f"requests/{number}.json"))
    photo = CasePhoto.objects.get(case=case, is_public=True)
    assert request["media_url"] == "http://testserver" + photo.image.url
    assert request["status_notes"] == "已补装井盖"


def test_no_reporter_data_appears_in_the_answers(web, file_case, app_client):
    case = file_case(contact_phone="13812345678",
                     description="请打 13812345678、139 0000 1111 或 0757-83381234，"
                                 "邮箱 li@example.com，身份证 440604199001011234")
    body = web.get(BASE + f"requests/{case.tracking_number}.json").content.decode()
    for secret in ("13812345678", "139 0000 1111", "83381234", "li@example.com",
                   "440604199001011234"):
        assert secret not in body
    for field in ("phone", "email", "first_name", "last_name", "account_id", "device_id"):
        assert f'"{field}"' not in body


def test_a_token_maps_to_its_service_request_id(web, file_case):
    case = file_case()
    (answer,) = json_(web.get(BASE + f"tokens/{case.tracking_number}.json"))
    assert answer == {"service_request_id": case.tracking_number,
                      "token": case.tracking_number}
    root = xml(web.get(BASE + f"tokens/{case.tracking_number}.xml"))
    assert root.tag == "service_requests" and tags(root[0]) == ["service_request_id",
                                                               "token"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_token_is_a_404_error_list(web, db, fmt):
    assert web.get(BASE + f"tokens/nope.{fmt}").status_code == 404


def test_control_characters_in_a_public_reply_still_make_well_formed_xml(web, file_case):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(public_reply="井盖\x01已补装\x1b")
    root = xml(web.get(BASE + f"requests/{case.tracking_number}.xml"))
    assert root.findtext("request/status_notes") == "井盖已补装"
