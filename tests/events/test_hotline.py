"""The 12345 hotline desk: an operator files calls by address, attaches callers to cases
already reported near it, and nobody else may use it."""


import pytest

from events.intake.metoo import caller_phone_of
from events.models import Case, RequestType, Source
from places.models import Address
from tests.places.test_addresses import garbled

pytestmark = pytest.mark.django_db
DESK = "/hotline/"
CALLER = "13912345678"


@pytest.fixture
def operator(client, cast):
    client.force_login(cast.user("operator"))
    return client


def call(demo, **fields) -> dict:
    return {"caller_phone": CALLER, "request_type": RequestType.COMPLAINT,
            "subcategory": demo.manhole.code, "description": "小区门口井盖丢失",
            "then": "file", **fields}


def test_the_operator_lands_on_the_desk(operator):
    assert operator.get("/staff/").url == DESK
    page = operator.get(DESK).content.decode()
    assert 'role="combobox"' in page and 'id="caller-phone"' in page and "autofocus" in page


def test_a_call_named_by_its_address_is_placed_routed_and_read_back_masked(operator, demo):
    address = Address.objects.filter(building__gt="").order_by("code")[40]
    answer = operator.post(DESK, call(demo, address=garbled(address)), follow=True)
    case = Case.objects.get()
    assert case.source == Source.HOTLINE and case.contact_phone == CALLER
    assert case.grid.code == address.grid_code and case.address == address.text
    assert case.department is not None and case.steps.get().role == "operator"
    page = answer.content.decode()
    assert case.tracking_number in page and case.department.name in page
    assert CALLER not in page and "139****5678" in page


def test_a_picked_standard_address_is_taken_by_its_code(operator, demo):
    address = Address.objects.order_by("code")[99]
    operator.post(DESK, call(demo, address="随便写的", address_code=address.code))
    case = Case.objects.get()
    assert case.address == address.text and (case.lat, case.lon) == (address.lat, address.lon)


def test_a_complaint_needs_an_address_and_the_answer_is_in_chinese(operator, demo):
    answer = operator.post(DESK, call(demo))
    assert answer.status_code == 400 and "地址" in answer.content.decode()
    assert not Case.objects.exists()


def test_a_consultation_needs_no_address(operator, demo):
    operator.post(DESK, call(demo, request_type=RequestType.CONSULT))
    case = Case.objects.get()
    assert case.request_type == RequestType.CONSULT and case.grid is None


def test_the_operator_answers_a_consultation_and_closes_it_at_once(operator, demo):
    answer = operator.post(DESK, call(demo, request_type=RequestType.CONSULT,
                                      answer="周一至周五 9:00 开放", then="answer"),
                           follow=True)
    case = Case.objects.get()
    assert case.status == "closed" and case.closed_at is not None
    assert case.public_reply == "周一至周五 9:00 开放"
    assert case.steps.last().action == "answer" and case.steps.last().role == "operator"
    assert answer.status_code == 200


def test_a_consultation_answered_with_nothing_stays_filed_and_says_so(operator, demo):
    answer = operator.post(DESK, call(demo, request_type=RequestType.CONSULT, then="answer"),
                           follow=True)
    assert Case.objects.get().closed_at is None
    assert "未办结" in answer.content.decode()


def test_a_caller_is_attached_to_a_case_already_reported_near_the_address(
        operator, demo, file_case):
    address = Address.objects.order_by("code")[5]
    earlier = file_case(lat=address.lat, lon=address.lon)
    near = operator.get("/hotline/duplicates", {"subcategory": demo.manhole.code,
                                                "lat": address.lat, "lon": address.lon})
    assert [c["tracking_number"] for c in near.json()["cases"]] == [earlier.tracking_number]
    operator.post("/hotline/attach/", {"tracking_number": earlier.tracking_number,
                                       "caller_phone": CALLER})
    earlier.refresh_from_db()
    assert earlier.me_too_count == 1 and Case.objects.count() == 1
    step = earlier.steps.get(action="me_too")
    assert step.role == "operator" and caller_phone_of(step) == CALLER
    assert CALLER not in str(step.data)  # encrypted at rest


def test_nobody_but_an_operator_uses_the_desk(client, cast, demo):
    assert client.get(DESK).status_code == 302  # to the login page
    for user in (cast.dispatcher, cast.worker, cast.handler):
        client.force_login(user)
        assert client.get(DESK).status_code == 404
        assert client.post(DESK, call(demo, address="祖庙路1号")).status_code == 404
        assert client.get("/hotline/duplicates").status_code == 404
    assert not Case.objects.exists()
