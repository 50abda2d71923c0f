"""A patrol with scripted positions across two grids: exact seconds per grid, gaps not
counted, and weekly coverage from the time kept when patrols end."""

from datetime import timedelta

import pytest

from events.patrols import kpis, services
from events.patrols.models import GridTime, Position
from events.patrols.tracks import Fix, seconds_per_grid
from tests.patrols.conftest import MONDAY, WEEK, point

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_enough(settings):
    # Interior points of two grids may lie farther apart than a minute's walk: the speed
    # check has tests of its own (test_positions.py).
    settings.PATROL_MAX_SPEED_KMH = 10_000
    settings.PATROL_MAX_GAP_MINUTES = 5
    settings.PATROL_COVERAGE_MINUTES = 30


def patrol_with(worker, points, start=MONDAY, minutes=120):
    patrol, _ = services.patrol_start(worker=worker, now=start)
    recorded = services.positions_record(patrol=patrol, points=points,
                                         now=start + timedelta(minutes=minutes))
    assert recorded.refused == []
    return services.patrol_end(patrol=patrol, now=start + timedelta(minutes=minutes))


def two_grid_walk(a, b, start=MONDAY):
    """A at minutes 0–10, B at 11–20, silence until 40 (a 20-minute gap), B at 40–43."""
    return ([point(a, m, start) for m in range(0, 11)]
            + [point(b, m, start) for m in range(11, 21)]
            + [point(b, m, start) for m in range(40, 44)])


def test_each_interval_counts_to_the_grid_it_began_in_and_a_long_gap_counts_nowhere(
        patroller, grids):
    a, b = grids[0], grids[1]
    patrol = patrol_with(patroller, two_grid_walk(a, b))
    kept = dict(GridTime.objects.filter(patrol=patrol).values_list("grid_code", "seconds"))
    # A: 0→10 and the step 10→11 that began in A = 11 min; B: 11→20 = 9 min, 20→40 not
    # counted (longer than 5 min), 40→43 = 3 min.
    assert kept == {a.code: 11 * 60, b.code: 12 * 60}
    assert patrol.positions.count() == 25


def test_positions_outside_every_grid_count_for_no_grid(grids):
    a = point(grids[0], 0)
    fixes = [Fix(a["lat"], a["lon"], MONDAY),
             Fix(10.0, 10.0, MONDAY + timedelta(minutes=1)),  # far outside the district
             Fix(a["lat"], a["lon"], MONDAY + timedelta(minutes=2))]
    assert seconds_per_grid(fixes, max_gap=timedelta(minutes=5)) == {grids[0].code: 60}


def test_a_gap_exactly_as_long_as_allowed_still_counts(grids):
    first, then = point(grids[0], 0), point(grids[0], 5)
    fixes = [Fix(p["lat"], p["lon"], p["recorded_at"]) for p in (first, then)]
    assert seconds_per_grid(fixes, max_gap=timedelta(minutes=5)) == {grids[0].code: 300}
    assert seconds_per_grid(fixes, max_gap=timedelta(minutes=4.9)) == {}


def test_weekly_coverage_is_the_share_of_own_grids_visited_long_enough(patroller, grids,
                                                                        cast):
    a, b, c = grids
    patrol_with(patroller, two_grid_walk(a, b))  # A 11 min, B 12 min
    # Wednesday: A at 0–20, C at 21–30: 21 more minutes in A (32 in the week), 9 in C.
    wednesday = MONDAY + timedelta(days=2)
    patrol_with(patroller, [point(a, m, wednesday) for m in range(0, 21)]
                + [point(c, m, wednesday) for m in range(21, 31)], start=wednesday)
    # The next Monday's patrol belongs to the next week.
    next_monday = MONDAY + timedelta(days=7)
    patrol_with(patroller, [point(b, m, next_monday) for m in range(0, 40)],
                start=next_monday)

    (row,) = [r for r in kpis.worker_kpis(user=cast.admin, week=WEEK)
              if r["worker"] == "patroller"]
    minutes = {g["code"]: (g["minutes"], g["visited"]) for g in row["grids"]}
    assert minutes == {a.code: (32.0, True), b.code: (12.0, False), c.code: (9.0, False)}
    assert (row["grids_assigned"], row["grids_visited"], row["coverage"]) == (3, 1, 0.3333)
    assert (row["patrols"], row["patrol_minutes"]) == (2, 53.0)


def test_an_open_patrol_counts_in_its_week_before_it_ends(patroller, grids, cast, settings):
    settings.PATROL_COVERAGE_MINUTES = 10
    patrol, _ = services.patrol_start(worker=patroller, now=MONDAY)
    services.positions_record(patrol=patrol, points=[point(grids[1], m) for m in range(12)],
                              now=MONDAY + timedelta(minutes=30))
    (row,) = [r for r in kpis.worker_kpis(user=cast.admin, week=WEEK)
              if r["worker"] == "patroller"]
    assert row["grids_visited"] == 1 and row["patrol_minutes"] == 11.0
    assert Position.objects.filter(patrol=patrol).count() == 12
