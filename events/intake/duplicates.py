"""Possible duplicates of a new report: open cases of the same subcategory close by and recent.

A citizen who finds their problem already reported adds their voice ("me too") instead of
filing it again. Cases carry plain lat/lon columns (no spatial database), so the query takes a
bounding box around the point and the exact great-circle distance is checked in Python.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from events.models import OPEN, Case
from events.workflow.selectors import public_cases
from taxonomy.models import Subcategory

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
LIMIT = 5


@dataclass(frozen=True)
class Nearby:
    case: Case
    distance_m: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) enclosing the circle; generous near the poles."""
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def possible_duplicates(*, subcategory: Subcategory, lat: float, lon: float, now=None,
                        radius_m: float | None = None, hours: float | None = None
                        ) -> list[Nearby]:
    """Open cases of this subcategory within the radius and window, nearest first."""
    radius_m = settings.DUPLICATE_RADIUS_M if radius_m is None else radius_m
    hours = settings.DUPLICATE_WINDOW_HOURS if hours is None else hours
    since = (now or timezone.now()) - timedelta(hours=hours)
    south, north, west, east = bounding_box(lat, lon, radius_m)
    # Only public cases: a citizen must not learn of a tip-off or a dispute near them.
    candidates = public_cases().filter(
        subcategory=subcategory, status__in=OPEN, duplicate_of__isnull=True,
        created_at__gte=since, lat__range=(south, north), lon__range=(west, east),
    ).select_related("subcategory")
    nearby = [Nearby(case, haversine_m(lat, lon, case.lat, case.lon)) for case in candidates]
    nearby = [n for n in nearby if n.distance_m <= radius_m]
    return sorted(nearby, key=lambda n: (n.distance_m, -n.case.me_too_count))[:LIMIT]


def public_summary(nearby: Nearby) -> dict:
    """What anyone may see of a possible duplicate, the public view of a case: never the
    reporter's words, phone, photos or address; the distance says how near it is."""
    case = nearby.case
    return {
        "tracking_number": case.tracking_number,
        "subcategory": str(case.subcategory.name),
        "status": case.status,
        "status_display": str(case.get_status_display()),
        "distance_m": round(nearby.distance_m),
        "me_too_count": case.me_too_count,
        "reported_at": case.created_at.isoformat(),
    }
