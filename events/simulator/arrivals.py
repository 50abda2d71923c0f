"""New reports of the simulated district, filed through the real intake service: citizens
(as the one simulated citizen account) and grid workers on patrol (the grid's generated
worker, so that the report is accepted at once, as a real patrol report is), at DAILY_REPORTS
a day spread over the hours as reports really come in."""

import math
import random
from datetime import timedelta

from django.utils import timezone

from events.intake.services import Report, case_report
from events.models import Source
from events.simulator.cast import Cast, simulated_worker
from events.simulator.district import active_grids, pick_grid, subcategory_picker
from org.models import Role

DAILY_REPORTS = 36
GRID_WORKER_SHARE = 0.4
# Reports per hour of the day, relative (the same shape as the generated history's).
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 8, 9, 11, 13, 13, 11, 9, 8, 6, 4, 3, 2]
PHRASES = ["请尽快处理。", "影响居民出行，希望有关部门处理。", "已持续几天了。",
           "附近居民反映强烈。", "存在安全隐患。"]


def expected_reports(since, until) -> float:
    """The mean number of reports between two moments, following the hours of the day."""
    total, cursor = 0.0, since
    per_weight = DAILY_REPORTS / sum(HOUR_WEIGHTS)
    while cursor < until:
        hour_end = timezone.localtime(cursor).replace(minute=0, second=0, microsecond=0) \
            + timedelta(hours=1)
        step_end = min(hour_end, until)
        hours = (step_end - cursor).total_seconds() / 3600
        total += hours * per_weight * HOUR_WEIGHTS[timezone.localtime(cursor).hour]
        cursor = step_end
    return total


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the few reports one tick expects."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def file_reports(since, until, *, limit: int, rng: random.Random) -> int:
    """File the reports that arrived between `since` and `until` (at most `limit`)."""
    count = min(poisson(rng, expected_reports(since, until)), limit)
    if not count:
        return 0
    grids, pick_sub, cast = active_grids(), subcategory_picker(rng), Cast()
    for _ in range(count):
        grid, (lon, lat) = pick_grid(rng, grids)
        sub = pick_sub(timezone.localtime(until).month)
        worker = simulated_worker(grid.region.code) if rng.random() < GRID_WORKER_SHARE \
            else None
        report = Report(subcategory=sub, lat=lat, lon=lon,
                        description=f"{sub.name_zh}。{rng.choice(PHRASES)}",
                        source=Source.GRID_WORKER if worker else Source.CITIZEN)
        case_report(report=report, reporter=worker or cast.citizen,
                    role=Role.GRID_WORKER if worker else "citizen")
    return count
