"""The demo simulator's tick: play the district from where it was left (events.simulator
.position) up to now — the reports that arrived meanwhile, the moves that fell due, the SLA
sweep — a bounded amount of work per tick. Only ever with DEMO_SIMULATOR on.

Time: the beat task plays up to the wall clock, and every service stamps its rows with
timezone.now() as usual. `advance()` (manage.py simulate_demo) plays days in steps instead, on
a clock pinned to each step's moment (`pinned_clock`), so that a day is simulated in seconds,
with every timestamp, deadline and KPI as if the day had passed.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from events.simulator import arrivals, moves, position
from events.sla import escalation
from events.stats import refresh

STEP = timedelta(minutes=10)  # one simulated tick of `advance`
MAX_CATCH_UP = timedelta(hours=2)  # after a pause, new reports for at most this long
MAX_REPORTS, MAX_MOVES = 40, 200  # per tick: a tick stays short whatever happened before


class SimulatorOff(Exception):
    pass


def tick(now=None) -> dict[str, int]:
    """One beat: claim the interval since the last tick, then play it. A worker that loses
    the claim to another does nothing."""
    if not settings.DEMO_SIMULATOR:
        return {}
    now = now or timezone.now()
    since = position.get_position()
    if since is not None and since >= now:
        return {"reports": 0, "moves": 0}
    if not position.claim(since, now):
        return {"reports": 0, "moves": 0}
    start = max(since or now, now - MAX_CATCH_UP)
    rng = random.Random(int(now.timestamp()))
    return {"reports": arrivals.file_reports(start, now, limit=MAX_REPORTS, rng=rng),
            "moves": moves.move_cases(now, limit=MAX_MOVES)}


def advance(days: float, *, step: timedelta = STEP) -> dict[str, int]:
    """Play `days` days from the district's position (or now), step by step on a pinned
    clock, with the SLA sweep and the statistics refresh each simulated hour as beat would."""
    if not settings.DEMO_SIMULATOR:
        raise SimulatorOff("DEMO_SIMULATOR is off")
    moment = position.get_position() or timezone.now()
    end, totals = moment + timedelta(days=days), {"reports": 0, "moves": 0, "ticks": 0}
    while moment < end:
        moment = min(moment + step, end)
        with pinned_clock(moment):
            for name, count in tick(moment).items():
                totals[name] += count
            totals["ticks"] += 1
            if totals["ticks"] % 6 == 0 or moment == end:
                escalation.sweep(moment)
    with pinned_clock(end):
        refresh.refresh(end)
    return totals


@contextmanager
def pinned_clock(moment):
    """Every timezone.now() in this process reads `moment` meanwhile: the injected clock of a
    simulation. For the management command only (one thread); never in a web or worker
    process."""
    original = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original
