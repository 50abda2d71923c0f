"""Lead and assisting departments (主办/协办): a case routed to a matter with assisting owners
carries one task per assisting department, each signed for and completed by that department
on its own clock; the lead resolves only when none is open."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Case, CaseTask
from events.sla.calendar import deadline
from events.workflow import services as workflow
from events.workflow.replay import log_matches
from org.models import Department, DutyList, Matter, Role, StaffProfile
from org.routing import activate
from tests.helpers import client_for, jpeg

LEGAL_BASIS = "《城市道路管理条例》第二十三条"


def url(case, action=None):
    base = f"/api/v1/cases/{case.tracking_number}/"
    return f"{base}actions/{action}/" if action else base


def post(user, case, action, **data):
    fmt = "multipart" if "photos" in data else "json"
    return client_for(user).post(url(case, action), data, format=fmt)


def handler_of(department: Department, username: str):
    user = get_user_model().objects.create_user(username)
    StaffProfile.objects.create(user=user, role=Role.HANDLER, department=department)
    return user


class Helpers:
    """The matter under test and the assisting departments' handlers."""

    def __init__(self, demo):
        listed = DutyList.objects.create(name="井盖清单")
        self.matter = Matter.objects.create(
            duty_list=listed, code="M-COVER", name="井盖缺失处置", subcategory=demo.manhole,
            level="district", lead="PSG", assisting=["属地街道:司法所", "属地街道:爱卫办"],
            legal_basis=LEGAL_BASIS, time_limit=2, time_unit=Matter.Unit.WORKING_DAYS)
        street = demo.first_grid.parent.parent.code
        local = Department.objects.filter(level="street", region_code=street)
        local.update(email="office@example.gov.cn")  # so that news for them is queued
        self.justice = local.get(function="司法所")
        self.sanitation = local.get(function="爱卫办")
        activate(listed)
        self.justice_handler = handler_of(self.justice, "sfs-handler")
        self.sanitation_handler = handler_of(self.sanitation, "awb-handler")
        far = Department.objects.filter(level="street", function="司法所").exclude(
            region_code=street).first()
        self.far_justice_handler = handler_of(far, "far-sfs-handler")


@pytest.fixture
def helpers(demo):
    return Helpers(demo)


@pytest.fixture
def dispatched(helpers, cast, file_case):
    """A citizen's report under the matter, accepted: auto-dispatched to the lead."""
    case = file_case()
    assert post(cast.leader, case, "accept").status_code == 200
    case.refresh_from_db()
    return case


def tasks_of(case) -> dict:
    return dict(case.tasks.values_list("department__code", "status"))


def complete_task(user, case):
    assert post(user, case, "start").status_code == 200
    response = post(user, case, "resolve", note="已完成协办部分", photos=[jpeg()])
    assert response.status_code == 200, response.content


def test_a_case_with_two_assisting_departments_closes_only_after_both_are_done(
        helpers, cast, file_case):
    case = file_case()
    assert case.matter == helpers.matter and case.department.code == "PSG"
    assert post(cast.leader, case, "accept").status_code == 200
    case.refresh_from_db()
    assert case.status == "dispatched"
    assert tasks_of(case) == {helpers.justice.code: "dispatched",
                              helpers.sanitation.code: "dispatched"}
    dispatch = case.steps.get(action="dispatch")
    assert sorted(dispatch.data["tasks"]) == sorted([helpers.justice.code,
                                                     helpers.sanitation.code])
    notified = set(case.notifications.values_list("department__code", flat=True))
    assert {helpers.justice.code, helpers.sanitation.code} <= notified

    assert post(cast.handler, case, "start").status_code == 200
    refused = post(cast.handler, case, "resolve", note="已补装", photos=[jpeg()])
    assert refused.status_code == 409
    assert helpers.justice.name in refused.json()["detail"]
    assert helpers.sanitation.name in refused.json()["detail"]
    assert "resolve" not in refused.json()["allowed_actions"]

    complete_task(helpers.justice_handler, case)
    case.refresh_from_db()
    assert case.status == "processing"  # an assisting task leaves the case where it was
    refused = post(cast.handler, case, "resolve", note="已补装", photos=[jpeg()])
    assert refused.status_code == 409
    assert helpers.justice.name not in refused.json()["detail"]
    assert helpers.sanitation.name in refused.json()["detail"]

    complete_task(helpers.sanitation_handler, case)
    assert tasks_of(case) == {helpers.justice.code: "done", helpers.sanitation.code: "done"}
    assert post(cast.handler, case, "resolve", note="已补装", photos=[jpeg()]).status_code == 200
    assert post(cast.worker, case, "close").status_code == 200
    case.refresh_from_db()
    assert case.status == "closed" and log_matches(case)
    assert [s.data.get("task") for s in case.steps.filter(action__in=["start", "resolve"])
            .order_by("id")] == [None, helpers.justice.code, helpers.justice.code,
                                 helpers.sanitation.code, helpers.sanitation.code, None]


def test_a_dispatcher_releases_an_open_task_so_that_the_lead_may_resolve(
        helpers, cast, dispatched):
    case = dispatched
    post(cast.handler, case, "start")
    complete_task(helpers.justice_handler, case)
    code = helpers.sanitation.code
    assert post(cast.handler, case, "release_task", department=code,
                reason="不涉及").status_code == 403
    assert post(cast.leader, case, "release_task", department=code).status_code == 400
    assert post(cast.leader, case, "release_task", department=helpers.justice.code,
                reason="已办结").status_code == 400  # done: nothing to release
    assert "release_task" in client_for(cast.leader).get(url(case)).json()["allowed_actions"]
    response = post(cast.leader, case, "release_task", department=code, reason="经核实不涉及")
    assert response.status_code == 200, response.content
    task = case.tasks.get(department=helpers.sanitation)
    assert (task.status, task.note) == ("released", "经核实不涉及") and task.ended_at
    assert "release_task" not in response.json()["allowed_actions"]
    assert post(cast.handler, case, "resolve", note="已补装", photos=[jpeg()]).status_code == 200
    case.refresh_from_db()
    assert case.status == "resolved" and log_matches(case)


def test_the_staff_case_detail_shows_the_matter_and_every_task_lead_first(
        helpers, cast, dispatched):
    body = client_for(cast.dispatcher).get(url(dispatched)).json()
    assert body["matter"] == {"code": "M-COVER", "name": "井盖缺失处置",
                              "legal_basis": LEGAL_BASIS}
    lead, *others = body["tasks"]
    assert lead["department"] == {"code": "PSG", "name": dispatched.department.name}
    assert (lead["role"], lead["status"]) == ("lead", "dispatched")
    assert lead["due_at"] is not None and lead["overdue"] is False
    assert [(t["department"]["code"], t["role"], t["status"]) for t in others] == sorted(
        [(helpers.justice.code, "assisting", "dispatched"),
         (helpers.sanitation.code, "assisting", "dispatched")])
    started = dispatched.tasks.first().started_at
    expected = deadline(started, 2, "wd").isoformat().replace("+00:00", "Z")
    assert {t["due_at"] for t in others} == {expected}


def test_a_case_without_a_matter_has_no_matter_and_only_the_lead(cast, file_case, demo):
    DutyList.objects.update(is_active=False)
    case = file_case()
    post(cast.leader, case, "accept")
    body = client_for(cast.dispatcher).get(url(case)).json()
    assert body["matter"] is None
    assert [t["role"] for t in body["tasks"]] == ["lead"]


def test_a_round_the_clock_department_gets_calendar_days(helpers, cast, file_case):
    Department.objects.filter(pk=helpers.sanitation.pk).update(works_around_the_clock=True)
    case = file_case()
    post(cast.leader, case, "accept")
    task = case.tasks.get(department=helpers.sanitation)
    assert task.due_at == task.started_at + timedelta(days=2)
    other = case.tasks.get(department=helpers.justice)
    assert other.due_at == deadline(other.started_at, 2, "wd")


def test_an_assisting_handler_sees_the_case_and_acts_only_on_its_own_task(
        helpers, cast, dispatched):
    case, user = dispatched, helpers.justice_handler
    listed = client_for(user).get("/api/v1/cases/").json()["results"]
    assert [c["tracking_number"] for c in listed] == [case.tracking_number]
    assert client_for(user).get(url(case)).json()["allowed_actions"] == ["start"]
    for action, data in [("return", {"reason": "非本单位"}),
                         ("request_extension", {"hours": 4, "reason": "订货"}),
                         ("release_task", {"department": helpers.justice.code,
                                           "reason": "x"})]:
        assert post(user, case, action, **data).status_code == 403, action
    assert post(user, case, "resolve", note="先办结").status_code == 409  # not signed for
    assert post(user, case, "start").status_code == 200
    assert client_for(user).get(url(case)).json()["allowed_actions"] == ["resolve"]
    assert post(user, case, "start").status_code == 409
    assert post(user, case, "resolve").status_code == 400  # a note is required
    assert post(user, case, "resolve", note="调解完毕").status_code == 200
    assert client_for(user).get(url(case)).json()["allowed_actions"] == []
    case.refresh_from_db()
    assert case.status == "dispatched" and log_matches(case)
    # The lead's own actions are untouched by the assisting handler's steps.
    assert "return" in client_for(cast.handler).get(url(case)).json()["allowed_actions"]


def test_outsiders_get_404_as_for_a_case_that_does_not_exist(helpers, cast, dispatched):
    for user in (cast.other_handler, helpers.far_justice_handler):
        assert client_for(user).get(url(dispatched)).status_code == 404
        assert post(user, dispatched, "start").status_code == 404
        assert client_for(user).get("/api/v1/cases/").json()["results"] == []
    assert tasks_of(dispatched) == {helpers.justice.code: "dispatched",
                                    helpers.sanitation.code: "dispatched"}


def test_a_redispatch_keeps_open_tasks_and_releases_the_new_leads_own(
        helpers, cast, dispatched):
    case = dispatched
    assert post(cast.handler, case, "return", reason="非本单位").status_code == 200
    assert post(cast.leader, case, "approve_return").status_code == 200
    assert post(cast.leader, case, "dispatch",
                department=helpers.sanitation.code).status_code == 200
    case.refresh_from_db()
    assert case.department == helpers.sanitation
    assert tasks_of(case) == {helpers.justice.code: "dispatched",
                              helpers.sanitation.code: "released"}
    assert case.steps.order_by("id").last().data == {"tasks_released": [
        helpers.sanitation.code]}
    # The new lead acts as the lead: sign for, and resolve once the other task is done.
    assert client_for(helpers.sanitation_handler).get(url(case)).json()[
        "allowed_actions"] == ["start", "return"]
    assert post(helpers.sanitation_handler, case, "start").status_code == 200
    complete_task(helpers.justice_handler, case)
    response = post(helpers.sanitation_handler, case, "resolve", note="已清理", photos=[jpeg()])
    assert response.status_code == 200
    case.refresh_from_db()
    assert log_matches(case)


def test_a_grid_worker_cannot_resolve_on_the_spot_while_tasks_are_open(
        helpers, cast, dispatched):
    response = post(cast.worker, dispatched, "self_resolve", note="已处理")
    assert response.status_code == 409
    assert helpers.sanitation.name in response.json()["detail"]


def test_check_integrity_reports_a_task_changed_behind_the_logs_back(
        helpers, cast, dispatched):
    from io import StringIO

    out = StringIO()
    complete_task(helpers.justice_handler, dispatched)
    call_command("check_integrity", "--skip-photos", stdout=out)
    CaseTask.objects.filter(case=dispatched, department=helpers.sanitation).update(
        status="done")
    with pytest.raises(CommandError) as failure:
        call_command("check_integrity", "--skip-photos", stdout=out)
    assert dispatched.tracking_number in str(failure.value)
    assert f"task {helpers.sanitation.code} done" in out.getvalue()


def test_the_log_must_explain_each_task_move(helpers, cast, dispatched):
    from events.workflow.replay import BrokenLog, replay

    complete_task(helpers.justice_handler, dispatched)
    start = dispatched.steps.get(action="start", data__task=helpers.justice.code)
    start.data = {"task": helpers.sanitation.code}
    start.save()
    with pytest.raises(BrokenLog, match="moves the task"):
        replay(dispatched)


def test_the_staff_pages_show_tasks_and_the_assisting_inbox(helpers, cast, dispatched):
    from django.test import Client

    client = Client()
    client.force_login(helpers.justice_handler)
    inbox = client.get("/department/").content.decode()
    assert dispatched.tracking_number in inbox and "协办" in inbox
    page = client.get(f"/cases/{dispatched.tracking_number}/").content.decode()
    for text in ("M-COVER", LEGAL_BASIS, helpers.justice.name, helpers.sanitation.name):
        assert text in page
    assert 'action-start' in page and "action-return" not in page
    response = client.post(f"/cases/{dispatched.tracking_number}/act/start/",
                           {"next": "/department/"})
    assert response.status_code == 302
    assert tasks_of(dispatched)[helpers.justice.code] == "processing"
    response = client.post(f"/cases/{dispatched.tracking_number}/act/resolve/",
                           {"note": "调解完毕", "next": "/department/"})
    assert tasks_of(dispatched)[helpers.justice.code] == "done"


def test_an_overdue_task_shows_as_overdue(helpers, cast, dispatched):
    CaseTask.objects.filter(case=dispatched, department=helpers.justice).update(
        due_at=dispatched.created_at - timedelta(hours=1))
    tasks = client_for(cast.dispatcher).get(url(dispatched)).json()["tasks"]
    overdue = {t["department"]["code"]: t["overdue"] for t in tasks}
    assert overdue == {"PSG": False, helpers.justice.code: True,
                       helpers.sanitation.code: False}


@pytest.mark.django_db(transaction=True)
def test_two_resolves_of_one_task_at_once_one_wins_and_the_other_gets_409(postgres):
    from grids.models import Region
    from taxonomy.models import Subcategory
    from tests import committed
    from tests.conftest import Cast
    from tests.helpers import interior_point

    # The demo list active again afterwards, and the streets' offices without e-mail, without
    # a reseed.
    committed.keep(DutyList, Department)
    cast = Cast()

    class Demo:
        manhole = Subcategory.objects.get(name_zh="井盖丢失")
        first_grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
            "code").first()

    helpers = Helpers(Demo)
    lat, lon = interior_point(Demo.first_grid)
    response = client_for(None).post("/api/v1/cases/", {
        "subcategory": Demo.manhole.code, "lat": lat, "lon": lon, "description": "并发"},
        format="json")
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    workflow.perform(case=case, action="accept", actor=cast.leader)
    case.refresh_from_db()
    assert post(helpers.justice_handler, case, "start").status_code == 200
    results, barrier = [], threading.Barrier(2)

    def resolve(note):
        barrier.wait()
        results.append(post(helpers.justice_handler, case, "resolve", note=note))
        connection.close()

    threads = [threading.Thread(target=resolve, args=(n,)) for n in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [200, 409], [r.content for r in results]
    assert case.steps.filter(action="resolve", data__task=helpers.justice.code).count() == 1
    case.refresh_from_db()
    assert log_matches(case)


def test_kpis_count_each_departments_assisting_tasks(helpers, cast, file_case, settings):
    from django.utils import timezone

    from events.stats import reads as stats
    from events.stats import refresh as statistics

    settings.STATS_LAG_SECONDS = 0
    a, b, c = (file_case() for _ in range(3))
    for case in (a, b, c):
        workflow.perform(case=case, action="accept", actor=cast.leader)
    past = timezone.now() - timedelta(hours=1)
    complete_task(helpers.justice_handler, a)  # in time
    CaseTask.objects.filter(case=a, department=helpers.sanitation).update(due_at=past)
    complete_task(helpers.sanitation_handler, a)  # late
    workflow.perform(case=b, action="release_task", actor=cast.leader,
                     params={"department": helpers.justice.code, "reason": "不涉及"})
    CaseTask.objects.filter(case=b, department=helpers.sanitation).update(due_at=past)
    statistics.refresh(now=timezone.now() + timedelta(days=1))
    today = timezone.localdate()
    result = stats.kpis(user=cast.dispatcher, group_by="department", date_from=today,
                        date_to=today)
    rows = {row["key"]: row for row in result["rows"]}

    def counts(department):
        row = rows[str(department.pk)]
        return (row["tasks"], row["tasks_done"], row["tasks_overdue"],
                row["task_on_time_rate"], row["on_time_rate"])

    # 司法所: a done in time, b released (not counted), c open.
    assert counts(helpers.justice) == (2, 1, 0, 1.0, 1.0)
    # 爱卫办: a done late, b open past its deadline, c open.
    assert counts(helpers.sanitation) == (3, 1, 2, 0.0, 0.0)
    assert rows[str(helpers.justice.pk)]["name"] == helpers.justice.name
    lead = next(row for row in result["rows"] if row["name"] == "排水公司")
    assert (lead["reported"], lead["tasks"]) == (3, 0)
    assert lead["on_time_rate"] == lead["handle_on_time_rate"]
    total = result["total"]
    assert (total["tasks"], total["tasks_done"], total["tasks_overdue"]) == (5, 2, 2)
    assert total["task_on_time_rate"] == 0.5
