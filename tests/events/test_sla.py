"""Deadlines on the working calendar (08:30-12:00, 14:00-17:30 on China's working days)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.sla.calendar import deadline

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db  # admin-entered calendar days live in the database


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(("start", "amount", "unit", "due"), [
    # Friday afternoon + 3 working hours runs over the weekend into Monday morning.
    (at(2026, 11, 20, 16, 0), 3, "wh", at(2026, 11, 23, 10, 0)),
    # The lunch break does not count.
    (at(2026, 11, 23, 11, 0), 2, "wh", at(2026, 11, 23, 15, 0)),
    # A report at night starts counting at 08:30 the next working day.
    (at(2026, 11, 23, 22, 0), 1, "wh", at(2026, 11, 24, 9, 30)),
    # National Day week: 1-7 October 2026 are off; 10 October (a Saturday) is worked (调休).
    (at(2026, 9, 30, 17, 0), 1, "wh", at(2026, 10, 8, 9, 0)),
    (at(2026, 10, 9, 17, 0), 1, "wh", at(2026, 10, 10, 9, 0)),
    # Two working days = 2 × 7 working hours, same clock time two working days later.
    (at(2026, 11, 23, 10, 0), 2, "wd", at(2026, 11, 25, 10, 0)),
    # Calendar hours ignore weekends and holidays (emergencies, 24/7 departments).
    (at(2026, 10, 1, 23, 0), 2, "h", at(2026, 10, 2, 1, 0)),
])
def test_deadlines_follow_the_working_calendar(start, amount, unit, due):
    assert deadline(start, amount, unit) == due


def test_a_24_7_department_counts_working_hours_as_plain_hours():
    assert deadline(at(2026, 10, 1, 23, 0), 3, "wh", around_the_clock=True) == \
        at(2026, 10, 2, 2, 0)
    assert deadline(at(2026, 10, 1, 23, 0), 2, "wd", around_the_clock=True) == \
        at(2026, 10, 3, 23, 0)


def test_a_paused_clock_resumes_with_the_time_it_had_left(db):
    from events.models import Case
    from events.sla import clock

    case = Case(due_at=at(2026, 11, 23, 15, 0))
    paused = clock.pause(case, now=at(2026, 11, 23, 11, 0))
    assert paused["due_at"] is None and paused["time_left"].total_seconds() == 4 * 3600
    case.time_left, case.paused_at = paused["time_left"], paused["paused_at"]
    resumed = clock.resume(case, now=at(2026, 11, 25, 9, 0))
    assert resumed["due_at"] == at(2026, 11, 25, 13, 0)
    with_extension = clock.resume(case, extra_working_hours=2, now=at(2026, 11, 25, 9, 0))
    assert with_extension["due_at"] == at(2026, 11, 25, 16, 0)  # lunch break skipped


def test_days_entered_in_admin_override_the_holiday_library(db):
    from events.models import CalendarDay
    from events.sla.calendar import is_working_day, years_without_adjusted_days

    saturday = at(2027, 3, 13, 9, 0)  # an ordinary weekend day in the library
    assert not is_working_day(saturday.date())
    assert 2027 in years_without_adjusted_days([2026, 2027])
    CalendarDay.objects.create(day=saturday.date(), is_working_day=True, note="调休上班")
    CalendarDay.objects.create(day=at(2027, 3, 15).date(), is_working_day=False, note="放假")
    try:
        assert is_working_day(saturday.date())
        assert years_without_adjusted_days([2026, 2027]) == []
        # Friday 17:00 + 1 working hour: half on Friday, half on the worked Saturday.
        assert deadline(at(2027, 3, 12, 17, 0), 1, "wh") == at(2027, 3, 13, 9, 0)
        # Monday 15 March is off: Saturday 17:00 + 1 h runs into Tuesday.
        assert deadline(at(2027, 3, 13, 17, 0), 1, "wh") == at(2027, 3, 16, 9, 0)
    finally:
        CalendarDay.objects.all().delete()


def test_a_case_dispatched_to_a_24_7_department_is_due_in_calendar_hours(cast, file_case,
                                                                          demo):
    from datetime import timedelta

    from common import reference
    from events.sla import clock
    from events.workflow import services as workflow
    from org.models import Department
    from taxonomy.models import TimeLimit

    TimeLimit.objects.filter(subcategory=demo.manhole, stage="handle").update(
        amount=4, unit=TimeLimit.Unit.WORKING_HOURS)
    reference.changed()
    case = workflow.perform(case=file_case(), action="accept", actor=cast.leader)
    assert case.department.code == "PSG" and case.department.works_around_the_clock
    assert case.due_at - case.stage_started_at == timedelta(hours=4)
    # Dispatched at 20:00 on a Friday: due at midnight, not on Monday.
    friday_evening = at(2026, 11, 20, 20, 0)
    assert clock.start(case, "handle", now=friday_evening)["due_at"] == at(2026, 11, 21, 0, 0)
    office = Department.objects.get(code="CGJ")  # office hours
    assert not office.works_around_the_clock
    assert clock.start(case, "handle", now=friday_evening, department=office)["due_at"] == \
        at(2026, 11, 23, 14, 30)  # Monday 08:30-12:00, then half an hour after lunch
    # Sent back and dispatched to the office-hours department, the same 4 hours cross a break.
    case = workflow.perform(case=case, action="return", actor=cast.handler,
                            params={"reason": "非本单位"})
    case = workflow.perform(case=case, action="approve_return", actor=cast.dispatcher)
    case = workflow.perform(case=case, action="dispatch", actor=cast.dispatcher,
                            params={"department": "CGJ"})
    assert case.due_at - case.stage_started_at > timedelta(hours=4)
