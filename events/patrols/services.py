"""Writes: start and end a patrol, keep the positions a phone sends while it is open.

Ending a patrol and storing positions both lock the patrol's row first, so that no position
lands after the patrol's time per grid was counted and kept.
"""

import bisect
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.patrols.models import GridTime, Patrol, Position
from events.patrols.selectors import fixes_of, max_gap
from events.patrols.tracks import Fix, seconds_per_grid, speed_kmh

# A phone's clock may run a little ahead of the server's, or a fix be taken just before the
# patrol's start was recorded.
CLOCK_SKEW = timedelta(minutes=2)
MAX_BATCH = 500


class PatrolClosed(Exception):
    """The patrol has ended: nothing more is recorded on it."""


@dataclass
class Recorded:
    accepted: int = 0
    duplicates: int = 0
    refused: list = field(default_factory=list)  # {"index": i, "reason": "..."}


def patrol_start(*, worker, now=None) -> tuple[Patrol, bool]:
    """The worker's open patrol, started now unless one is open already (a second tap, a
    second tab). Returns (patrol, created)."""
    now = now or timezone.now()
    open_patrol = Patrol.objects.filter(worker=worker, ended_at__isnull=True).first()
    if open_patrol is not None:
        return open_patrol, False
    try:
        with transaction.atomic():
            return Patrol.objects.create(worker=worker, started_at=now), True
    except IntegrityError:  # started concurrently: the constraint allows one open patrol
        return Patrol.objects.get(worker=worker, ended_at__isnull=True), False


def patrol_end(*, patrol: Patrol, now=None) -> Patrol:
    """End the patrol (compare-and-set on its being open) and keep its time per grid."""
    now = now or timezone.now()
    with transaction.atomic():
        Patrol.objects.select_for_update().filter(pk=patrol.pk).first()
        if not Patrol.objects.filter(pk=patrol.pk, ended_at__isnull=True).update(ended_at=now):
            raise PatrolClosed(_("This patrol has already ended."))
        seconds = seconds_per_grid(fixes_of(patrol), max_gap=max_gap())
        GridTime.objects.bulk_create(GridTime(patrol=patrol, grid_code=code, seconds=s)
                                     for code, s in seconds.items())
    patrol.refresh_from_db()
    return patrol


def positions_record(*, patrol: Patrol, points: list[dict], now=None) -> Recorded:
    """Keep the points of one batch that are believable: within the patrol's time, accurate
    enough, and not farther from the position before them than a worker can travel. Points
    already kept (a batch sent again) are counted as duplicates."""
    now = now or timezone.now()
    result = Recorded()
    with transaction.atomic():
        locked = Patrol.objects.select_for_update().filter(pk=patrol.pk).first()
        if locked is None or locked.ended_at is not None:
            raise PatrolClosed(_("This patrol has ended; positions are recorded only while "
                                 "it is open."))
        track = fixes_of(locked)
        keep = []
        for number, point in sorted(enumerate(points), key=lambda p: p[1]["recorded_at"]):
            fix = Fix(point["lat"], point["lon"], point["recorded_at"])
            reason = _refusal(locked, point, fix, track, now)
            if reason == "duplicate":
                result.duplicates += 1
            elif reason:
                result.refused.append({"index": number, "reason": reason})
            else:
                bisect.insort(track, fix, key=lambda f: f.recorded_at)
                keep.append(Position(patrol=locked, accuracy=point["accuracy"], **fix._asdict()))
        Position.objects.bulk_create(keep)
        result.accepted = len(keep)
    result.refused.sort(key=lambda r: r["index"])
    return result


def _refusal(patrol: Patrol, point: dict, fix: Fix, track: list[Fix], now) -> str:
    """Why this point is not kept ("" when it is)."""
    if not patrol.started_at - CLOCK_SKEW <= fix.recorded_at <= now + CLOCK_SKEW:
        return "time"
    if point["accuracy"] > settings.PATROL_MAX_ACCURACY_M:
        return "accuracy"
    at = bisect.bisect_left(track, fix.recorded_at, key=lambda f: f.recorded_at)
    if at < len(track) and track[at].recorded_at == fix.recorded_at:
        return "duplicate"
    # Against the neighbours in time already kept: a jump no worker makes is a bad fix.
    neighbours = track[max(at - 1, 0):at + 1]
    if any(speed_kmh(other, fix) > settings.PATROL_MAX_SPEED_KMH for other in neighbours):
        return "speed"
    return ""
