"""Every output that exists, read by someone who could be shown the full number, still shows
it only where a role needs it to call back: the case detail and the staff case page."""

from django.test import Client
from rest_framework.test import APIClient

from tests.helpers import PHONE, staff

MASKED = "138****5678"


def test_lists_exports_open311_and_citizen_pages_never_carry_the_number(file_case):
    case = file_case(description=f"井盖丢失，请打 {PHONE}")
    number = case.tracking_number
    # The tracking page is the reporter's own (it needs the secret) and shows her own
    # description back to her; the contact field it never shows.
    private = file_case()
    api = APIClient()
    api.force_authenticate(staff("dispatcher"))  # a role that may see the full number
    outputs = {
        "case list": api.get("/api/v1/cases/"),
        "CSV export": api.get("/api/v1/cases/export.csv"),
        "Open311 request": Client().get(f"/open311/v2/requests/{number}.json"),
        "Open311 list": Client().get("/open311/v2/requests.json"),
        "citizen tracking page": Client().get(f"/track/{private.tracking_number}/",
                                              {"token": private.tracking_secret}),
    }
    for name, response in outputs.items():
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert PHONE not in body.decode(), name


def test_the_number_is_whole_only_where_a_caller_back_needs_it(file_case):
    case = file_case()
    api = APIClient()
    api.force_authenticate(staff("worker"))
    assert api.get(f"/api/v1/cases/{case.tracking_number}/").json()["contact_phone"] == MASKED
    api.force_authenticate(staff("drainage"))
    assert api.get(f"/api/v1/cases/{case.tracking_number}/").json()["contact_phone"] == PHONE
