"""Time per grid from a track: pure arithmetic over positions and the in-memory grid index.

Each interval between two consecutive positions is counted to the grid of its first position
(where the worker was when the interval began). An interval longer than the gap allowed
(PATROL_MAX_GAP_MINUTES: the phone slept, the signal was lost, the worker stopped recording)
is not counted anywhere, nor is one that begins outside every grid.
"""

import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import NamedTuple

from grids.index import GridIndex, active_index

EARTH_RADIUS_M = 6_371_000


class Fix(NamedTuple):
    lat: float
    lon: float
    recorded_at: datetime


def seconds_per_grid(fixes: list[Fix], *, max_gap: timedelta,
                     index: GridIndex | None = None) -> dict[str, int]:
    """{grid code: whole seconds} for fixes in time order."""
    if len(fixes) < 2:
        return {}
    index = index or active_index()
    found = index.locate_many([f.lon for f in fixes], [f.lat for f in fixes])
    limit = max_gap.total_seconds()
    totals: dict[str, float] = defaultdict(float)
    for first, then, position in zip(fixes[:-1], fixes[1:], found[:-1].tolist(), strict=True):
        gap = (then.recorded_at - first.recorded_at).total_seconds()
        if position >= 0 and 0 < gap <= limit:
            totals[index.codes[position]] += gap
    return {code: round(seconds) for code, seconds in sorted(totals.items())}


def metres_between(a: Fix, b: Fix) -> float:
    """Great-circle distance (haversine): plenty for the speed check of a walking worker."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi, dlmb = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def speed_kmh(a: Fix, b: Fix) -> float:
    seconds = abs((b.recorded_at - a.recorded_at).total_seconds())
    return math.inf if seconds == 0 else metres_between(a, b) / seconds * 3.6
