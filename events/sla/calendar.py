"""Working-calendar arithmetic for SLA deadlines. Computes only; acts on nothing.

Working time is the weekday office hours (with the lunch break) on China's working days:
public holidays are skipped and the adjusted working weekends (调休) counted, both from the
`holidays` package, overridden by days entered in admin (CalendarDay) for years the package
does not know yet. Calendar hours (emergencies, 24-hour departments on duty day and night)
ignore all of that.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

from common import reference
from events.models import CalendarDay
from org.supervision import command_centre
from taxonomy.models import Stage, TimeLimit, Urgency


def _parse_periods(spec: str) -> tuple[tuple[time, time], ...]:
    periods = []
    for part in spec.split(","):
        start, end = (time.fromisoformat(t.strip()) for t in part.split("-"))
        if start >= end:
            raise ValueError(f"working period {part!r} ends before it starts")
        periods.append((start, end))
    return tuple(periods)


@lru_cache(maxsize=1)
def _china_holidays():
    return holidays.China()


def _calendar_days() -> dict[date, bool]:
    return reference.cached("calendar_days", lambda: dict(
        CalendarDay.objects.values_list("day", "is_working_day")))


def is_working_day(day: date) -> bool:
    override = _calendar_days().get(day)
    return _china_holidays().is_working_day(day) if override is None else override


def years_without_adjusted_days(years) -> list[int]:
    """Years for which neither the library nor admin knows the adjusted working days: their
    calendar is only weekends plus fixed holidays, so deadlines may be off (admin warns)."""
    library = {d.year for d in _china_holidays().weekend_workdays}
    entered = {d.year for d, working in _calendar_days().items() if working}
    return [year for year in years if year not in library | entered]


@dataclass(frozen=True)
class WorkingCalendar:
    periods: tuple[tuple[time, time], ...]

    @property
    def hours_per_day(self) -> float:
        return sum(
            (datetime.combine(date.min, e) - datetime.combine(date.min, s)).total_seconds()
            for s, e in self.periods
        ) / 3600

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of working time after `start` has elapsed."""
        tz = timezone.get_current_timezone()
        cursor = timezone.localtime(start, tz)
        remaining = amount
        for _ in range(3660):  # ten years of days bounds a misconfigured calendar
            day = cursor.date()
            if is_working_day(day):
                for open_, close in self.periods:
                    begin = max(cursor, datetime.combine(day, open_, tzinfo=tz))
                    end = datetime.combine(day, close, tzinfo=tz)
                    if begin >= end:
                        continue
                    if remaining <= end - begin:
                        return begin + remaining
                    remaining -= end - begin
            cursor = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
        raise ValueError("working calendar has no working time within ten years")


def default_calendar() -> WorkingCalendar:
    return WorkingCalendar(_parse_periods(settings.WORKING_HOURS))


def deadline(start: datetime, amount: Decimal | float, unit: str,
             around_the_clock: bool = False) -> datetime:
    """`amount` of `unit` after `start`. A 24/7 department counts working hours as hours and
    working days as days."""
    amount = float(amount)
    if unit == TimeLimit.Unit.CALENDAR_HOURS or (around_the_clock
                                                 and unit == TimeLimit.Unit.WORKING_HOURS):
        return start + timedelta(hours=amount)
    if around_the_clock:
        return start + timedelta(days=amount)
    calendar = default_calendar()
    hours = amount if unit == TimeLimit.Unit.WORKING_HOURS else amount * calendar.hours_per_day
    return calendar.add_working_time(start, timedelta(hours=hours))


def stage_limit(subcategory, urgency: str, stage: str) -> TimeLimit | None:
    """The limit for this urgency, else the normal one (admin may leave rows out)."""
    limits = reference.cached("time_limits", lambda: {
        (limit.subcategory_id, limit.urgency, limit.stage): limit
        for limit in TimeLimit.objects.all()})
    return (limits.get((subcategory.pk, urgency, stage))
            or limits.get((subcategory.pk, Urgency.NORMAL, stage)))


def stage_department(stage: str, *, department=None, street_code: str = "", level: str = ""):
    """Whose calendar `stage` runs on: accepting (立案) and dispatching on the calendar of the
    command centre owning the case's region, handling on the handling department's, the
    on-site check (核查) on the grid worker's office hours (None: no department's)."""
    if stage in (Stage.ACCEPT, Stage.DISPATCH):
        return command_centre(street_code=street_code, level=level)
    return department if stage == Stage.HANDLE else None


def stage_deadline(subcategory, urgency: str, stage: str, start: datetime,
                   department=None, matter=None) -> datetime | None:
    """The deadline of `stage` begun at `start` on `department`'s calendar (see
    stage_department): calendar hours for a 24-hour department (值班: command centres,
    公安, 消防, 交警, utilities), office hours otherwise; the on-site check always on office
    hours. Handling keeps within the duty-list matter's time limit where it gives one, as
    documented (not scaled by urgency)."""
    if stage == "handle" and matter is not None and matter.time_limit:
        amount, unit = matter.time_limit, matter.time_unit or TimeLimit.Unit.WORKING_DAYS
    else:
        limit = stage_limit(subcategory, urgency, stage)
        if limit is None:
            return None
        amount, unit = limit.amount, limit.unit
    around = stage != Stage.VERIFY and bool(department and department.works_around_the_clock)
    return deadline(start, amount, unit, around_the_clock=around)


def warning_moment(started: datetime, due: datetime | None) -> datetime | None:
    """When the yellow warning falls due: SLA_WARNING_SHARE of the stage's time used."""
    if due is None:
        return None
    return started + (due - started) * settings.SLA_WARNING_SHARE


@dataclass(frozen=True)
class ClockState:
    colour: str  # green, yellow (past the warning share of the limit) or red (overdue)
    left: timedelta


def clock_state(case, now: datetime) -> ClockState | None:
    """Where the case's current stage stands against its deadline; None when no clock runs."""
    if case.due_at is None or case.stage_started_at is None:
        return None
    left = case.due_at - now
    total = (case.due_at - case.stage_started_at).total_seconds() or 1
    if left.total_seconds() < 0:
        return ClockState("red", left)
    used = 1 - left.total_seconds() / total
    return ClockState("yellow" if used >= settings.SLA_WARNING_SHARE else "green", left)
