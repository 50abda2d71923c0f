"""A grid worker of its own for the patrol tests: three grids of the demo's first community,
so that coverage has a small known denominator; and a helper that scripts positions."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.patrols.kpis import Week
from grids.models import Region
from org.models import GridAssignment, Role, StaffProfile
from tests.helpers import PASSWORD, interior_point

# A Monday morning long past: positions are judged against the `now` the tests pass.
MONDAY = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
WEEK = Week.of(MONDAY.date())


@pytest.fixture
def grids(demo):
    """Three neighbouring grids of the first community, in code order."""
    first = demo.first_grid
    return list(Region.objects.filter(generation__is_active=True, level="grid",
                                      parent=first.parent).order_by("code")[:3])


@pytest.fixture
def patroller(grids):
    user = get_user_model().objects.create_user("patroller", password=PASSWORD,
                                                 first_name="巡查员")
    StaffProfile.objects.create(user=user, role=Role.GRID_WORKER)
    GridAssignment.objects.bulk_create(GridAssignment(worker=user, grid_code=g.code)
                                       for g in grids)
    return user


def point(region, minute: int, start=MONDAY, accuracy: float = 10) -> dict:
    """A position inside the region, `minute` minutes after `start`."""
    lat, lon = interior_point(region)
    return {"lat": lat, "lon": lon, "accuracy": accuracy,
            "recorded_at": start + timedelta(minutes=minute)}


def as_json(points: list[dict]) -> list[dict]:
    return [{**p, "recorded_at": p["recorded_at"].isoformat()} for p in points]
