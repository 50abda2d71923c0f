"""Deadlines on the working calendar (08:30-12:00, 14:00-17:30 on China's working days)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.sla import deadline

SH = ZoneInfo("Asia/Shanghai")


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
