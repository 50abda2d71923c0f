"""The demo district looks like a working centre right after seeding and stays so as time
passes (issue 18, finding 9): KPIs from the platform's own statistics, the dispatcher's queue,
the log's integrity, and a simulator that runs only when switched on."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Min
from django.utils import timezone

from events.demo import generate_cases
from events.intake.services import Report, case_report
from events.models import Case, Status
from events.simulator import moves, position, services
from events.simulator.cast import Cast
from events.simulator.district import active_grids
from events.stats import reads as stats
from events.stats import refresh as statistics
from events.workflow.selectors import queue_for
from taxonomy.models import Subcategory


def last_30_days(user, now) -> dict:
    statistics.refresh(now=now + timedelta(days=1))  # past the lag: everything counted
    today = timezone.localdate(now)
    return stats.kpis(user=user, group_by="street", date_from=today - timedelta(days=29),
                      date_to=today)["total"]


def oldest_waiting_report(user, now) -> timedelta:
    waiting = queue_for(user).filter(status=Status.REPORTED)
    oldest = waiting.aggregate(first=Min("created_at"))["first"]
    return now - oldest if oldest else timedelta(0)


def assert_a_working_district(user, now):
    kpis = last_30_days(user, now)
    assert kpis["handled"] > 200
    assert kpis["overdue_rate"] <= 0.10, kpis
    assert kpis["close_rate"] >= 0.70, kpis
    # The queue opens on reports of the last hours, none of them past its deadline.
    assert oldest_waiting_report(user, now) < timedelta(hours=12)
    waiting = queue_for(user).filter(status=Status.REPORTED)
    assert not waiting.filter(due_at__lt=now).exists()


def test_the_demo_district_works_after_seeding_and_after_a_simulated_day(cast, settings):
    settings.DEMO_SIMULATOR, settings.STATS_LAG_SECONDS = True, 0
    day_ago = timezone.now() - timedelta(days=1)
    with services.pinned_clock(day_ago):
        generate_cases(700, active_grids(), seed=11, days=45, now=day_ago)
        assert_a_working_district(cast.dispatcher, day_ago)

    call_command("simulate_demo", "--days", "1", "--commit", verbosity=0)

    now = position.get_position()
    assert now >= day_ago + timedelta(days=1) - timedelta(seconds=1)
    assert Case.objects.filter(created_at__gt=day_ago).count() >= 10  # new reports came in
    assert Case.objects.filter(created_at__gt=day_ago, status__in=[
        Status.CLOSED, Status.RATED]).exists()  # and some went round the whole loop
    with services.pinned_clock(now):
        assert_a_working_district(cast.dispatcher, now)
    call_command("check_integrity", "--skip-photos", verbosity=0)  # raises if a log is off


def test_the_simulator_does_nothing_unless_switched_on(demo, settings):
    settings.DEMO_SIMULATOR = False
    before = Case.objects.count()
    assert services.tick(timezone.now() + timedelta(hours=6)) == {}
    with pytest.raises(CommandError, match="DEMO_SIMULATOR"):
        call_command("simulate_demo", "--days", "1", "--commit")
    assert Case.objects.count() == before


def test_only_one_worker_plays_an_interval(db):
    start = timezone.now().replace(microsecond=0)
    position.set_position(start)
    assert position.claim(start, start + timedelta(minutes=2))
    assert not position.claim(start, start + timedelta(minutes=2))  # the second worker
    assert position.get_position() == start + timedelta(minutes=2)


def test_the_simulated_staff_leave_a_trainees_own_report_alone(demo, settings):
    settings.DEMO_SIMULATOR = True
    sub = Subcategory.objects.get(code="01001")
    lon, lat = active_grids()[0].polygon.representative_point().coords[0]
    mine = case_report(report=Report(subcategory=sub, description="井盖丢失", lat=lat,
                                     lon=lon))
    position.set_position(timezone.now())
    services.advance(0.5)
    mine.refresh_from_db()
    assert mine.status == Status.REPORTED
    assert list(mine.steps.exclude(role="system").values_list("action", flat=True)) == [
        "report"]  # the SLA sweep may warn about it; no simulated person acts on it


def test_the_simulated_staff_also_return_ask_for_more_time_and_citizens_reopen(demo, settings,
                                                                               monkeypatch):
    """Every department asks once to return the case and once for more time, and every
    citizen rates and is unhappy: the case goes round through 退回, 延期 and 不满意重办."""
    for share in ("RETURN_SHARE", "EXTENSION_SHARE", "REOPEN_SHARE", "RATED_SHARE"):
        monkeypatch.setattr(moves, share, 1.0)
    monkeypatch.setattr(moves, "RATINGS", [(1, 1)])
    sub = Subcategory.objects.get(code="01001")
    lon, lat = active_grids()[0].polygon.representative_point().coords[0]
    cast = Cast()
    case = case_report(report=Report(subcategory=sub, description="井盖丢失", lat=lat,
                                     lon=lon), reporter=cast.citizen)
    now = timezone.now()
    for _ in range(4 * 24 * 4):  # four days in quarter hours, this case alone
        now += timedelta(minutes=15)
        case.refresh_from_db()
        with services.pinned_clock(now):
            if action := moves.due_move(case, now):
                moves.perform(case, action, cast)
    actions = list(case.steps.values_list("action", flat=True))
    for asked, answered in (("return", "reject_return"),
                            ("request_extension", "approve_extension")):
        assert actions.count(asked) == actions.count(answered) == 1, actions
    assert "citizen_reopen" in actions and actions.index("citizen_reopen") > actions.index(
        "close"), actions
    assert actions.count("close") >= 2, actions  # handled again after the reopening
