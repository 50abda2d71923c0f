"""Working-calendar arithmetic for SLA deadlines. Computes only; acts on nothing.

Working time is the weekday office hours (with the lunch break) on China's working days:
public holidays are skipped and the adjusted working weekends (调休) counted, both from the
`holidays` package. Calendar hours (emergencies, 24/7 departments) ignore all of that.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

from events.models import TimeLimit, Urgency


def _parse_periods(spec: str) -> tuple[tuple[time, time], ...]:
    periods = []
    for part in spec.split(","):
        start, end = (time.fromisoformat(t.strip()) for t in part.split("-"))
        if start >= end:
            raise ValueError(f"working period {part!r} ends before it starts")
        periods.append((start, end))
    return tuple(periods)


@dataclass(frozen=True)
class WorkingCalendar:
    periods: tuple[tuple[time, time], ...]

    @property
    def hours_per_day(self) -> float:
        return sum(
            (datetime.combine(date.min, e) - datetime.combine(date.min, s)).total_seconds()
            for s, e in self.periods
        ) / 3600

    def is_working_day(self, day: date) -> bool:
        return _china_holidays().is_working_day(day)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of working time after `start` has elapsed."""
        tz = timezone.get_current_timezone()
        cursor = timezone.localtime(start, tz)
        remaining = amount
        for _ in range(3660):  # ten years of days bounds a misconfigured calendar
            day = cursor.date()
            if self.is_working_day(day):
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


@lru_cache(maxsize=1)
def _china_holidays():
    return holidays.China()


def default_calendar() -> WorkingCalendar:
    return WorkingCalendar(_parse_periods(settings.WORKING_HOURS))


def deadline(start: datetime, amount: Decimal | float, unit: str,
             calendar: WorkingCalendar | None = None) -> datetime:
    amount = float(amount)
    if unit == TimeLimit.Unit.CALENDAR_HOURS:
        return start + timedelta(hours=amount)
    calendar = calendar or default_calendar()
    hours = amount if unit == TimeLimit.Unit.WORKING_HOURS else amount * calendar.hours_per_day
    return calendar.add_working_time(start, timedelta(hours=hours))


def stage_deadline(subcategory, urgency: str, stage: str, start: datetime) -> datetime | None:
    limit = (
        TimeLimit.objects.filter(subcategory=subcategory, urgency=urgency, stage=stage).first()
        or TimeLimit.objects.filter(
            subcategory=subcategory, urgency=Urgency.NORMAL, stage=stage
        ).first()
    )
    return deadline(start, limit.amount, limit.unit) if limit else None


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
