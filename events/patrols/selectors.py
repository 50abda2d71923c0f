"""Reads that take the caller: whose patrols and KPIs a user may see, and what a patrol log
shows besides its track.

A grid worker sees its own patrols. Its supervisors are the command centre's staff whose
scope holds one of its grids: the district's (empty scope) see every worker, a street's the
workers of the street's grids, a community's those of the community's.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from events.campaigns.selectors import results_filed_between
from events.models import Case
from events.patrols.models import Patrol
from events.patrols.tracks import Fix, seconds_per_grid
from events.workflow.selectors import role_of
from grids.models import Region
from org.models import COMMAND_STAFF, GridAssignment, Role


def _scope(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.scope_code if staff and role_of(user) != Role.ADMIN else ""


def grids_in_scope(scope_code: str) -> QuerySet:
    """The active generation's grids under the region with this code ("": all of them)."""
    grids = Region.objects.filter(generation__is_active=True, level=Region.Level.GRID)
    if not scope_code:
        return grids
    return grids.filter(Q(code=scope_code) | Q(parent__code=scope_code)
                        | Q(parent__parent__code=scope_code)
                        | Q(parent__parent__parent__code=scope_code))


def workers_visible_to(user) -> QuerySet:
    """Ids of the grid workers whose patrols and KPIs the user may see."""
    role = role_of(user)
    if role == Role.GRID_WORKER:
        return GridAssignment.objects.filter(worker=user).values("worker_id").distinct()
    if role not in COMMAND_STAFF:
        return GridAssignment.objects.none().values("worker_id")
    assignments = GridAssignment.objects.all()
    if scope := _scope(user):
        assignments = assignments.filter(
            grid_code__in=grids_in_scope(scope).values("code"))
    return assignments.values("worker_id").distinct()


def patrols_visible_to(user) -> QuerySet:
    if role_of(user) == Role.GRID_WORKER:
        return Patrol.objects.filter(worker=user)
    return Patrol.objects.filter(worker_id__in=workers_visible_to(user))


def open_patrol(user) -> Patrol | None:
    if role_of(user) != Role.GRID_WORKER:
        return None
    return Patrol.objects.filter(worker=user, ended_at__isnull=True).first()


def filed_during(patrol: Patrol) -> QuerySet:
    """The cases the worker filed while the patrol was open (or is still open)."""
    cases = Case.objects.filter(reporter_id=patrol.worker_id, created_at__gte=patrol.started_at)
    if patrol.ended_at is not None:
        cases = cases.filter(created_at__lte=patrol.ended_at)
    return cases.select_related("subcategory", "grid").order_by("created_at")


def results_during(patrol: Patrol) -> QuerySet:
    """The campaign task results the worker saved while the patrol was open."""
    return results_filed_between(patrol.worker_id, patrol.started_at, patrol.ended_at)


def max_gap() -> timedelta:
    return timedelta(minutes=settings.PATROL_MAX_GAP_MINUTES)


def fixes_of(patrol: Patrol) -> list[Fix]:
    return [Fix(*row) for row in patrol.positions.order_by("recorded_at").values_list(
        "lat", "lon", "recorded_at")]


def grid_seconds_of(patrol: Patrol, fixes: list[Fix] | None = None) -> dict[str, int]:
    """{grid: seconds}: as kept when the patrol ended, or counted afresh while it is open."""
    if patrol.is_open:
        return seconds_per_grid(fixes_of(patrol) if fixes is None else fixes,
                                max_gap=max_gap())
    return dict(patrol.grid_times.order_by("grid_code").values_list("grid_code", "seconds"))


def patrol_log(patrol: Patrol) -> dict:
    """What the patrol log shows: the track, time per grid, the cases and the campaign task
    results filed on the way."""
    fixes = fixes_of(patrol)
    return {
        "id": patrol.pk, "worker": patrol.worker.get_username(),
        "started_at": patrol.started_at, "ended_at": patrol.ended_at,
        "track": {"type": "LineString", "coordinates": [[f.lon, f.lat] for f in fixes]},
        "grids": [{"code": code, "seconds": s}
                  for code, s in grid_seconds_of(patrol, fixes).items()],
        "cases": [{"tracking_number": c.tracking_number, "subcategory": c.subcategory.name,
                   "grid": c.grid.code if c.grid_id else None, "status": c.status,
                   "created_at": c.created_at} for c in filed_during(patrol)],
        "task_results": [{"task": t.pk, "campaign": t.campaign.name, "grid": t.grid_code,
                          "target": t.unit.name if t.unit_id else (
                              t.address.text if t.address_id else t.grid_code),
                          "done_at": t.done_at, "finding": t.finding,
                          "case": t.case.tracking_number if t.case_id else None}
                         for t in results_during(patrol)],
    }
