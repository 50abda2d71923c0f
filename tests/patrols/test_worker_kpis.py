"""Worker KPIs with known numbers (docs/patrols.md has the formulas), their scoping, and the
weekly summary per community as CSV and Excel."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField, Task
from events.campaigns.services import task_result_save
from events.intake.services import Report, case_report
from events.models import Case, Source
from events.patrols.kpis import Week
from events.workflow import services as workflow
from org.models import Role
from tests.campaigns.conftest import make_campaign
from tests.helpers import interior_point, jpeg

pytestmark = pytest.mark.django_db
THIS_WEEK = str(Week.of(timezone.localdate()))


def filed_by(worker, grid, subcategory):
    lat, lon = interior_point(grid)
    return case_report(report=Report(subcategory=subcategory, lat=lat, lon=lon,
                                     description="巡查发现", source=Source.GRID_WORKER),
                       reporter=worker, role=Role.GRID_WORKER)


def resolved_by_the_department(case, handler):
    workflow.perform(case=case, action="start", actor=handler, params={})
    return workflow.perform(case=case, action="resolve", actor=handler,
                            params={"note": "已补装"}, photos=[jpeg()])


@pytest.fixture
def week_of_work(patroller, grids, demo, cast):
    """This week the patroller files four reports and resolves one of them on the spot, and
    checks two cases a department resolved: one in time, one after the verify deadline. A
    report of three weeks ago is another week's."""
    filed = [filed_by(patroller, grids[0], demo.manhole) for _ in range(4)]
    workflow.perform(case=filed[0], action="self_resolve", actor=patroller,
                     params={"note": "已现场围蔽"}, photos=[jpeg()])
    old = filed_by(patroller, grids[0], demo.manhole)
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(weeks=3))
    # Reported by the demo worker of the same grid: accepted and dispatched at once.
    in_time, late = (resolved_by_the_department(filed_by(cast.worker, grids[0], demo.manhole),
                                                cast.handler) for _ in range(2))
    workflow.perform(case=in_time, action="close", actor=patroller, params={"note": "合格"})
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    late.refresh_from_db()
    workflow.perform(case=late, action="rework", actor=patroller, params={"reason": "未补装"})


def row_of(answer, worker="patroller"):
    return next(row for row in answer.json()["rows"] if row["worker"] == worker)


def test_self_resolve_rate_and_checks_on_time_have_their_known_values(api, cast,
                                                                      week_of_work):
    api.force_authenticate(cast.street_dispatcher)
    answer = api.get("/api/v1/stats/workers", {"week": THIS_WEEK})
    assert answer.status_code == 200
    row = row_of(answer)
    assert (row["reports_filed"], row["self_resolved"], row["self_resolve_rate"]) == (4, 1, 0.25)
    assert (row["checks_done"], row["checks_on_time"], row["check_on_time_rate"]) == (2, 1, 0.5)
    # No campaign task done this week: none done, and no rate rather than a rate of 0.
    assert (row["tasks_done"], row["tasks_on_time"], row["task_on_time_rate"]) == (0, 0, None)
    assert row["community"] == "440604001001" and row["street"] == "440604001"


def test_three_weeks_ago_is_another_weeks_numbers(api, cast, week_of_work):
    api.force_authenticate(cast.admin)
    before = str(Week.of(timezone.localdate() - timedelta(weeks=3)))
    row = row_of(api.get("/api/v1/stats/workers", {"week": before}))
    assert (row["reports_filed"], row["checks_done"]) == (1, 0)


def test_a_streets_staff_see_their_streets_workers_only(api, cast, patroller):
    api.force_authenticate(cast.other_dispatcher)
    workers = {row["worker"] for row in api.get("/api/v1/stats/workers").json()["rows"]}
    assert workers and "patroller" not in workers and "worker" not in workers
    api.force_authenticate(cast.worker)
    assert [r["worker"] for r in api.get("/api/v1/stats/workers").json()["rows"]] == ["worker"]
    for outsider in (cast.handler, None):
        api.force_authenticate(outsider)
        assert api.get("/api/v1/stats/workers").status_code in (401, 403)
        assert api.get("/api/v1/stats/workers/summary").status_code in (401, 403)


def test_the_weekly_summary_per_community_downloads_as_csv_and_excel(api, cast,
                                                                     week_of_work):
    api.force_authenticate(cast.village)  # the first community's committee
    answer = api.get("/api/v1/stats/workers/summary", {"week": THIS_WEEK})
    (community,) = answer.json()["rows"]
    # The patroller's four reports and the demo worker's two (the cases it checked); the one
    # resolved on the spot makes 1/6: the rate of the sums, not the mean of the rates.
    assert (community["code"], community["workers"]) == ("440604001001", 2)
    assert (community["reports_filed"], community["self_resolve_rate"]) == (6, 0.1667)
    assert (community["checks_done"], community["check_on_time_rate"]) == (2, 0.5)

    spreadsheet = api.get("/api/v1/stats/workers/summary",
                          {"week": THIS_WEEK, "output": "csv"})
    rows = list(csv.DictReader(io.StringIO(
        b"".join(spreadsheet.streaming_content).decode("utf-8-sig"))))
    assert [(r["code"], r["reports_filed"], r["self_resolve_rate"]) for r in rows] == [
        ("440604001001", "6", "0.1667")]

    excel = api.get("/api/v1/stats/workers/summary", {"week": THIS_WEEK, "output": "xlsx",
                                                     "level": "street"})
    assert excel["Content-Disposition"].endswith(f'summary-street-{THIS_WEEK}.xlsx"')
    header, *lines = load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True)
    street = dict(zip(header, lines[0], strict=True))
    assert (street["code"], street["reports_filed"], street["checks_on_time"]) == (
        "440604001", 6, 1)


def test_a_week_the_year_does_not_have_is_refused(api, cast):
    api.force_authenticate(cast.admin)
    assert api.get("/api/v1/stats/workers", {"week": "2026-W54"}).status_code == 400


@pytest.fixture
def tasks_of_the_week(patroller, grids, cast):
    """A campaign over every grid of the community: the patroller completes three of its
    tasks this week, two by their deadline and one after it; the demo worker none."""
    campaign = make_campaign(name="网格环境巡检", target=Campaign.Target.GRID,
                             creator=cast.dispatcher,
                             fields=[("clean", "环境整洁", FormField.Kind.YES_NO, {})])
    campaign_launch(campaign=campaign)
    tasks = [Task.objects.get(campaign=campaign, grid_code=g.code) for g in grids]
    Task.objects.filter(pk=tasks[2].pk).update(due_at=timezone.now() - timedelta(hours=1))
    for task in tasks:
        task.refresh_from_db()
        task_result_save(task=task, actor=patroller, data={"clean": "true"})


def test_campaign_tasks_done_on_time_count_in_the_kpis_and_the_summary(api, cast,
                                                                       tasks_of_the_week):
    api.force_authenticate(cast.street_dispatcher)
    row = row_of(api.get("/api/v1/stats/workers", {"week": THIS_WEEK}))
    assert (row["tasks_done"], row["tasks_on_time"], row["task_on_time_rate"]) == (
        3, 2, 0.6667)
    assert row_of(api.get("/api/v1/stats/workers", {"week": THIS_WEEK}),
                  "worker")["tasks_done"] == 0
    before = str(Week.of(timezone.localdate() - timedelta(weeks=1)))
    assert row_of(api.get("/api/v1/stats/workers", {"week": before}))["tasks_done"] == 0
    summary = api.get("/api/v1/stats/workers/summary", {"week": THIS_WEEK, "level": "street",
                                                        "output": "csv"})
    (street,) = csv.DictReader(io.StringIO(
        b"".join(summary.streaming_content).decode("utf-8-sig")))
    assert (street["tasks_done"], street["tasks_on_time"], street["task_on_time_rate"]) == (
        "3", "2", "0.6667")
