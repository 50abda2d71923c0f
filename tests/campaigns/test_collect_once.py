"""Collect once: what a worker records in one campaign is prefilled in the next, written to the
register with its history, and read by departments with a grant through the API."""

import csv
import io

from rest_framework.authtoken.models import Token

from events.campaigns.models import ReadGrant, RegisterChange, Task
from org.models import Department, Role, StaffProfile
from places.models import Unit
from tests.campaigns.conftest import COMMUNITY, fire_check

PHONE = "13800138000"


def with_token(api, user):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def record_contact_in_a_fire_check(api, cast):
    first = fire_check(cast.dispatcher)
    task = Task.objects.filter(campaign=first).select_related("unit").order_by("id").first()
    api.force_authenticate(cast.worker)
    answer = api.post(f"/api/v1/tasks/{task.pk}/result/",
                      {"extinguishers": "不足", "contact": PHONE}, format="json")
    assert answer.status_code == 201, answer.content
    api.force_authenticate(None)
    return task


def test_a_contact_recorded_in_one_campaign_is_prefilled_in_the_next(api, cast):
    task = record_contact_in_a_fire_check(api, cast)
    assert Unit.objects.get(pk=task.unit_id).contact_phone == PHONE
    second = fire_check(cast.dispatcher, name="九小场所消防复查")
    again = Task.objects.get(campaign=second, unit_id=task.unit_id)
    api.force_authenticate(cast.worker)
    form = api.get(f"/api/v1/tasks/{again.pk}/").json()
    assert form["prefill"]["contact"] == PHONE
    # The last inspection's answers are prefilled too, and named.
    assert form["prefill"]["extinguishers"] == "不足"
    assert form["last_inspection"]["by"] == cast.worker.username


def test_the_contact_is_encrypted_at_rest_in_the_register_and_its_history(api, cast):
    from django.db import connection

    task = record_contact_in_a_fire_check(api, cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM places_unit WHERE id = %s", [task.unit_id])
        assert PHONE not in cursor.fetchone()[0]
        cursor.execute("SELECT new_value FROM campaigns_registerchange")
        assert all(PHONE not in value for (value,) in cursor.fetchall())


def test_a_department_with_a_grant_reads_the_contact_and_who_changed_it(api, cast,
                                                                        health_bureau):
    task = record_contact_in_a_fire_check(api, cast)
    ReadGrant.objects.create(department=health_bureau.staff.department, region_code=COMMUNITY,
                             contacts=True)
    with_token(api, health_bureau)
    units = api.get("/api/v1/register/units/?page_size=1000").json()
    unit = next(u for u in units["results"] if u["id"] == task.unit_id)
    assert unit["contact_phone"] == PHONE
    assert all(u["grid"].startswith(COMMUNITY) for u in units["results"])
    changes = api.get("/api/v1/register/changes/").json()["results"]
    assert changes[0]["attribute"] == "unit.contact_phone" and changes[0]["new"] == PHONE
    assert changes[0]["by"] == cast.worker.username and changes[0]["record"] == task.unit_id
    assert RegisterChange.objects.get().changed_at == Task.objects.get(pk=task.pk).done_at
    export = b"".join(api.get("/api/v1/register/units.csv").streaming_content).decode()
    assert PHONE in export and len(list(csv.reader(io.StringIO(export)))) == 1 + units["count"]


def test_a_grant_without_contacts_reads_units_but_no_contact(api, cast, health_bureau):
    task = record_contact_in_a_fire_check(api, cast)
    ReadGrant.objects.create(department=health_bureau.staff.department, region_code=COMMUNITY)
    with_token(api, health_bureau)
    units = api.get("/api/v1/register/units/?page_size=1000").json()["results"]
    assert next(u for u in units if u["id"] == task.unit_id)["contact_phone"] is None
    assert api.get("/api/v1/register/changes/").json()["results"] == []


def test_another_departments_token_is_refused(api, cast, health_bureau):
    record_contact_in_a_fire_check(api, cast)
    with_token(api, cast.handler)  # 城管: no grant
    for path in ("units/", "houses/", "changes/", "units.csv"):
        assert api.get(f"/api/v1/register/{path}").status_code == 403, path
    # A grant for another street shows none of this community's records.
    elsewhere = Department.objects.create(code="AWB2", name="石湾爱卫办", kind="bureau")
    ReadGrant.objects.create(department=elsewhere, region_code="440604004", contacts=True)
    StaffProfile.objects.filter(user=cast.handler).update(department=elsewhere,
                                                          role=Role.HANDLER)
    units = api.get("/api/v1/register/units/?page_size=1000").json()["results"]
    assert units and not any(u["grid"].startswith(COMMUNITY) for u in units)
    assert api.get("/api/v1/register/changes/").json()["results"] == []
    api.credentials()
    assert api.get("/api/v1/register/units/").status_code in (401, 403)


def test_a_contact_corrected_in_the_next_campaign_is_read_with_who_changed_it_each_time(
        api, cast, health_bureau):
    """Recorded once in a fire check, prefilled in the re-check, corrected there: the
    department reads the current number and both changes, old and new, by whom."""
    task = record_contact_in_a_fire_check(api, cast)
    second = fire_check(cast.dispatcher, name="九小场所消防复查")
    again = Task.objects.get(campaign=second, unit_id=task.unit_id)
    api.force_authenticate(cast.worker)
    assert api.get(f"/api/v1/tasks/{again.pk}/").json()["prefill"]["contact"] == PHONE
    answer = api.post(f"/api/v1/tasks/{again.pk}/result/",
                      {"extinguishers": "齐全", "contact": "13900139000"}, format="json")
    assert answer.status_code == 201, answer.content
    ReadGrant.objects.create(department=health_bureau.staff.department, region_code=COMMUNITY,
                             contacts=True)
    api.force_authenticate(None)
    with_token(api, health_bureau)
    units = api.get("/api/v1/register/units/?page_size=1000").json()["results"]
    assert next(u for u in units if u["id"] == task.unit_id)["contact_phone"] == "13900139000"
    changes = api.get("/api/v1/register/changes/").json()["results"]
    assert [(c["old"], c["new"], c["by"]) for c in changes
            if c["attribute"] == "unit.contact_phone"] == [
        (PHONE, "13900139000", cast.worker.username), ("", PHONE, cast.worker.username)]
