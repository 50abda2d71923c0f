import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from events.models import Case, CaseStep, Notification, Status
from events.privacy.services import ANONYMISE, cases_due_for_anonymising, scrub_phones
from events.workflow import services as workflow
from events.workflow.replay import log_matches
from tests.helpers import PHONE, close, staff
from tests.security.conftest import age, void

STATISTICS = ["tracking_number", "status", "subcategory_id", "lat", "lon", "grid_id",
              "community_code", "street_code", "department_id", "urgency", "created_at",
              "closed_at", "rating"]


def snapshot(case: Case) -> dict:
    case.refresh_from_db()
    return {field: getattr(case, field) for field in STATISTICS}


@pytest.fixture
def cases(file_case):
    """Old and recent, finished and open: only the first three are due after 365 days."""
    citizen = get_user_model().objects.create_user("citizen-reporter")
    old_closed = age(close(file_case(reporter=citizen,
                                     description="井盖丢失，电话 13900001111")), 400)
    closed = close(file_case())
    old_rated = age(workflow.perform(case=closed, action="rate", token=closed.tracking_secret,
                                     params={"rating": "5"}), 500)
    old_voided = age(void(file_case()), 366)
    recent_closed = age(close(file_case()), 30)
    old_open = age(file_case(), 400)  # reported long ago, never finished
    return {"old_closed": old_closed, "old_rated": old_rated, "old_voided": old_voided,
            "recent_closed": recent_closed, "old_open": old_open}


def anonymised(case: Case) -> bool:
    case.refresh_from_db()
    return (case.contact_phone, case.reporter_id, case.address) == ("", None, "")


def test_without_commit_it_is_a_dry_run_that_changes_nothing(cases, capsys):
    before = {name: (snapshot(c), c.contact_phone, c.address, c.steps.count())
              for name, c in cases.items()}
    call_command("anonymise_cases", "--older-than", "365")
    out = capsys.readouterr().out
    assert "3 cases finished more than 365 days ago would be anonymised" in out
    assert "Dry run: nothing written" in out
    after = {name: (snapshot(c), c.contact_phone, c.address, c.steps.count())
             for name, c in cases.items()}
    assert after == before
    assert not CaseStep.objects.filter(action=ANONYMISE).exists()


def test_commit_anonymises_only_cases_finished_before_the_retention_period(cases, capsys):
    kept = {name: snapshot(case) for name, case in cases.items()}
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    assert "Anonymised 3 cases" in capsys.readouterr().out
    due = {"old_closed", "old_rated", "old_voided"}
    for name, case in cases.items():
        assert anonymised(case) == (name in due), name
        assert snapshot(case) == kept[name], name  # statistics keep every field they count
        assert log_matches(case), name
        assert case.steps.filter(action=ANONYMISE).count() == (1 if name in due else 0), name
    assert cases["recent_closed"].contact_phone == PHONE


def test_the_outbox_keeps_its_rows_but_not_the_reporters_words(cases):
    case = cases["old_closed"]
    before = list(Notification.objects.filter(case=case).values_list("pk", flat=True))
    assert before and Notification.objects.filter(case=case, body__contains="祖庙路").exists()
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    rows = Notification.objects.filter(case=case)
    assert sorted(rows.values_list("pk", flat=True)) == sorted(before)
    for row in rows:
        assert "祖庙路" not in row.body and "井盖" not in row.body and "保存期限" in row.body
        assert row.payload == {"anonymised": True}
    # Departments' rows of a recent case keep the address (the reporter's own SMS never had it).
    recent = Notification.objects.filter(case=cases["recent_closed"], department__isnull=False)
    assert recent and all("祖庙路" in row.body for row in recent)


def test_the_anonymise_step_changes_neither_status_nor_department(cases):
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    case = cases["old_closed"]
    step = case.steps.get(action=ANONYMISE)
    assert (step.from_status, step.to_status) == (case.status, case.status)
    assert step.from_department_id == step.to_department_id == case.department_id
    assert step.role == "system" and step.actor is None
    assert "保存期限" in step.note


def test_phone_numbers_written_into_the_description_go_too(cases):
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    cases["old_closed"].refresh_from_db()
    assert cases["old_closed"].description == "井盖丢失，电话 ***********"
    assert scrub_phones("找王师傅 139 0000 1111 或 0757-83381234") == \
        "找王师傅 *********** 或 0757-83381234"


def test_running_again_anonymises_nothing_twice(cases, capsys):
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    assert "Anonymised 0 cases" in capsys.readouterr().out.splitlines()[-1]
    assert CaseStep.objects.filter(action=ANONYMISE).count() == 3


def test_a_number_only_in_the_description_is_found_and_nothing_else_is_touched_twice(
        file_case):
    only_described = age(close(file_case(contact_phone="", address="",
                                         description="请回电 139 0000 1111")), 400)
    nothing = age(close(file_case(contact_phone="", address="",
                                  description="订单 138123456789 的井盖")), 400)
    for _ in range(2):
        call_command("anonymise_cases", "--older-than", "365", "--commit")
    only_described.refresh_from_db()
    assert only_described.description == "请回电 ***********"
    assert only_described.steps.filter(action=ANONYMISE).count() == 1
    assert not nothing.steps.filter(action=ANONYMISE).exists()  # nothing to forget there


def test_the_default_age_is_the_retention_period(cases, settings):
    settings.RETENTION_DAYS = 10
    call_command("anonymise_cases", "--commit")
    assert anonymised(cases["recent_closed"]) and not anonymised(cases["old_open"])


def test_a_case_reopened_meanwhile_is_left_alone(cases):
    from events.privacy.services import case_anonymise

    stale = Case.objects.get(pk=cases["old_closed"].pk)
    Case.objects.filter(pk=stale.pk).update(status=Status.DISPATCHED)  # someone got there
    assert case_anonymise(case=stale) is False
    assert not anonymised(stale)


def test_of_cases_alike_forgotten_together_one_reopened_meanwhile_is_left_alone(file_case):
    from events.privacy.services import _anonymise_chunk

    alike = [age(close(file_case(address=f"祖庙路 {n} 号")), 400) for n in range(3)]
    chunk = list(cases_due_for_anonymising(older_than_days=365))  # read, then acted on
    reopened = alike[1]
    Case.objects.filter(pk=reopened.pk).update(status=Status.DISPATCHED)  # someone got there
    done = _anonymise_chunk(chunk, actor=None, role="system")
    assert done == [alike[0], alike[2]]
    assert anonymised(alike[0]) and anonymised(alike[2]) and not anonymised(reopened)
    assert not reopened.steps.filter(action=ANONYMISE).exists()


def test_an_open311_clients_account_and_device_ids_are_forgotten(cases):
    from events.open311.models import ApiClient, ServiceRequest

    request = ServiceRequest.objects.create(
        case=cases["old_closed"], client=ApiClient.objects.create(name="12345 app"),
        account_id="wx-openid-123", device_id="device-9")
    call_command("anonymise_cases", "--older-than", "365", "--commit")
    request.refresh_from_db()
    assert (request.account_id, request.device_id) == ("", "")


def test_the_admin_action_anonymises_the_selected_due_cases_and_skips_the_rest(
        cases, client, settings):
    settings.RETENTION_DAYS = 365
    client.force_login(staff("admin"))
    chosen = [cases["old_closed"], cases["recent_closed"], cases["old_open"]]
    response = client.post("/admin/events/case/", {
        "action": "anonymise", "_selected_action": [c.pk for c in chosen]}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "已匿名化 1 件案件" in text and "跳过 2 件案件" in text
    assert [anonymised(c) for c in chosen] == [True, False, False]
    assert not anonymised(cases["old_rated"])  # not selected
    step = cases["old_closed"].steps.get(action=ANONYMISE)
    assert step.actor == staff("admin") and step.role == "admin"
    assert log_matches(cases["old_closed"])


def test_due_cases_are_found_without_one_query_per_case(cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert len(list(cases_due_for_anonymising(older_than_days=365))) == 3
