"""Reports with an address and no point are placed by the standard address register: through
Open311 (`address_string`, `address_id`), `POST /api/v1/cases/` (`address`, `address_code`)
and the case import; text that matches nothing waits in the manual dispatch queue."""

import csv
import io
import random

import pytest
from django.core.management import call_command

from events.models import Case
from events.open311.models import ApiClient, ServiceRequest
from places.models import Address
from tests.places.test_addresses import garbled

pytestmark = pytest.mark.django_db
OPEN311 = "/open311/v2/requests.json"
API = "/api/v1/cases/"
NONSENSE = "火星基地七号发射塔"


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """200 register addresses, the same ones on every run, each with its text as written and
    garbled: read once for the module (the register is the session's, never changed here)."""
    with django_db_blocker.unblock():
        codes = list(Address.objects.order_by("code").values_list("code", flat=True))
        chosen = random.Random(17).sample(codes, 200)
        return [(a, a.text, garbled(a)) for a in Address.objects.filter(code__in=chosen)]


@pytest.fixture
def key(db):
    return ApiClient.objects.create(name="12345 热线系统").key


def open311(client, key, demo, **fields):
    body = {"api_key": key, "service_code": demo.manhole.code, "description": "井盖不见了",
            **fields}
    response = client.post(OPEN311, body)
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()[0]["service_request_id"])


def api_case(api, demo, **fields):
    response = api.post(API, {"subcategory": demo.manhole.code, "description": "井盖不见了",
                              **fields}, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()["tracking_number"])


def in_its_grid(cases_and_addresses) -> int:
    return sum(1 for case, address in cases_and_addresses
               if case.grid is not None and case.grid.code == address.grid_code)


def test_two_hundred_addresses_posted_to_open311_land_in_their_grids(
        client, key, demo, sample, figures):
    exact = in_its_grid((open311(client, key, demo, address_string=text), a)
                        for a, text, _ in sample)
    fuzzy = in_its_grid((open311(client, key, demo, address_string=variant), a)
                        for a, _, variant in sample)
    figures("open311 geocoding", exact=exact, garbled=fuzzy, of=len(sample))
    assert len(sample) == 200 and exact >= 190 and fuzzy >= 170


def test_two_hundred_addresses_posted_to_the_api_land_in_their_grids(api, demo, sample, figures):
    exact = in_its_grid((api_case(api, demo, address=text), a) for a, text, _ in sample)
    fuzzy = in_its_grid((api_case(api, demo, address=variant), a) for a, _, variant in sample)
    figures("api geocoding", exact=exact, garbled=fuzzy, of=len(sample))
    assert len(sample) == 200 and exact >= 190 and fuzzy >= 170


def test_a_placed_case_takes_the_standard_address_and_the_log_says_which_and_how_well(
        client, key, demo):
    address = Address.objects.filter(building__gt="").order_by("code")[7]
    case = open311(client, key, demo, address_string=garbled(address),
                   **{"attribute[ADDRESS_DETAIL]": "门口"})
    assert (case.lat, case.lon) == (address.lat, address.lon)
    assert case.address == f"{address.text} 门口"
    assert case.department is not None
    step = case.steps.get()
    assert step.data["geocoding"]["code"] == address.code
    assert 0.6 <= step.data["geocoding"]["score"] <= 1
    assert address.code in step.note and "标准地址" in step.note
    assert ServiceRequest.objects.get(case=case).located


def test_text_that_matches_nothing_waits_in_the_manual_queue(client, key, api, demo):
    by_open311 = open311(client, key, demo, address_string=NONSENSE)
    by_api = api_case(api, demo, address=NONSENSE)
    for case in (by_open311, by_api):
        assert case.grid is None and case.department is None
        assert case.address == NONSENSE
        step = case.steps.get()
        assert step.data["geocoding"]["code"] is None and "人工派遣" in step.note
    assert not ServiceRequest.objects.get(case=by_open311).located


def test_an_address_code_places_the_report_exactly(client, key, api, demo):
    address = Address.objects.order_by("code")[321]
    for case in (open311(client, key, demo, address_id=address.code),
                 api_case(api, demo, address_code=address.code)):
        assert case.grid.code == address.grid_code and case.address == address.text
        assert case.steps.get().data["geocoding"]["score"] == 1


def test_an_unknown_address_code_is_a_400_in_chinese(client, key, api, demo):
    answer = client.post(OPEN311, {"api_key": key, "service_code": demo.manhole.code,
                                   "address_id": "NO-SUCH-CODE"})
    assert answer.status_code == 400 and "标准地址" in answer.json()[0]["description"]
    refused = api.post(API, {"subcategory": demo.manhole.code, "description": "x",
                             "address_code": "NO-SUCH-CODE"}, format="json")
    assert refused.status_code == 400 and "标准地址" in refused.json()["address_code"][0]
    assert not Case.objects.exists()


def test_the_api_wants_a_point_or_an_address(api, demo):
    nothing = api.post(API, {"subcategory": demo.manhole.code, "description": "x"},
                       format="json")
    assert nothing.status_code == 400 and "位置" in nothing.json()["lat"][0]
    half = api.post(API, {"subcategory": demo.manhole.code, "description": "x", "lat": 23.0,
                          "address": "祖庙路"}, format="json")
    assert half.status_code == 400 and list(half.json()) == ["lon"]


def test_a_case_import_places_rows_that_have_an_address_and_no_point(tmp_path, demo):
    addresses = list(Address.objects.order_by("code")[100:103])
    path = tmp_path / "hotline.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["subcategory", "address", "address_code", "created_at", "status"])
        writer.writerow([demo.manhole.code, garbled(addresses[0]), "", "2025-03-01 08:30",
                         "已结案"])
        writer.writerow([demo.manhole.code, "", addresses[1].code, "2025-03-01 09:00",
                         "reported"])
        writer.writerow([demo.manhole.code, NONSENSE, "", "2025-03-01 09:30", "reported"])
    out = io.StringIO()
    call_command("import_cases", str(path), "--commit", "--no-progress", stdout=out)
    assert "imported 3" in out.getvalue() and "2 placed by their address" in out.getvalue()
    first, second, lost = Case.objects.order_by("created_at")
    assert first.grid.code == addresses[0].grid_code and first.address == addresses[0].text
    assert second.grid.code == addresses[1].grid_code
    assert lost.grid is None and lost.department is None
    assert first.steps.get().data["geocoding"]["code"] == addresses[0].code
