from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from events.privacy.models import ContactAccess
from tests.helpers import PHONE, staff

# Who sees the full number (events.workflow.selectors.FULL_PHONE_ROLES) and who sees 138****5678.
FULL = ["dispatcher", "leader", "zumiao", "drainage", "admin"]
MASKED = ["worker"]


def api_as(username: str | None) -> APIClient:
    client = APIClient()
    if username:
        client.force_authenticate(staff(username))
    return client


def test_each_api_showing_of_the_full_number_is_logged_and_masked_ones_are_not(file_case):
    case = file_case()
    for username in FULL + MASKED:
        body = api_as(username).get(f"/api/v1/cases/{case.tracking_number}/").json()
        assert body["contact_phone"] == (PHONE if username in FULL else "138****5678")
    assert api_as(None).get(f"/api/v1/cases/{case.tracking_number}/").status_code in (401, 403)
    logged = ContactAccess.objects.filter(case=case)
    assert sorted(logged.values_list("username", flat=True)) == sorted(FULL)  # once each
    assert set(logged.values_list("where", flat=True)) == {"api"}
    assert set(logged.values_list("tracking_number", flat=True)) == {case.tracking_number}


def test_the_case_page_logs_staff_who_see_the_number(file_case, client):
    case = file_case()
    client.force_login(staff("dispatcher"))
    assert PHONE in client.get(f"/cases/{case.tracking_number}/").content.decode()
    client.force_login(staff("worker"))
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert PHONE not in page and "138****5678" in page
    access = ContactAccess.objects.get(case=case)
    assert (access.user, access.where) == (staff("dispatcher"), "page")


def test_opening_a_case_in_the_admin_is_logged(file_case, client):
    case = file_case()
    client.force_login(staff("admin"))
    assert client.get(f"/admin/events/case/{case.pk}/change/").status_code == 200
    assert ContactAccess.objects.get(case=case).where == "admin"


def test_nothing_is_logged_for_a_case_without_a_number_or_for_the_reporter_herself(file_case):
    assert api_as("dispatcher").get(
        f"/api/v1/cases/{file_case(contact_phone='').tracking_number}/").status_code == 200
    reporter = get_user_model().objects.create_user("citizen-with-account")
    own = file_case(reporter=reporter)
    client = APIClient()
    client.force_authenticate(reporter)
    assert client.get(f"/api/v1/cases/{own.tracking_number}/").json()["contact_phone"] == PHONE
    assert not ContactAccess.objects.exists()


def test_the_access_log_can_be_read_in_the_admin_but_never_changed(file_case, client):
    case = file_case()
    api_as("leader").get(f"/api/v1/cases/{case.tracking_number}/")
    access = ContactAccess.objects.get()
    client.force_login(staff("admin"))
    listing = client.get("/admin/audit/contactaccess/").content.decode()
    assert case.tracking_number in listing and "leader" in listing
    assert client.get("/admin/audit/contactaccess/add/").status_code == 403
    assert client.get(f"/admin/audit/contactaccess/{access.pk}/delete/").status_code == 403
    client.post(f"/admin/audit/contactaccess/{access.pk}/change/", {"username": "nobody"})
    access.refresh_from_db()
    assert access.username == "leader"


def test_an_outsider_cannot_read_the_access_log(client, db):
    assert client.get("/admin/audit/contactaccess/").status_code == 302
    client.force_login(staff("worker"))
    assert client.get("/admin/audit/contactaccess/").status_code == 302
