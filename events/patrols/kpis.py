"""Worker KPIs per ISO week, per worker and grid, and their weekly summary per community and
street. The formulas are in docs/patrols.md; every count is read from what the platform
already holds (cases, their log, SLA stage records, patrols, campaign tasks), no form is
filled for them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from events.campaigns.selectors import task_counts
from events.models import Case, CaseStep, Source, StageRecord
from events.patrols.models import GridTime, Patrol
from events.patrols.selectors import grid_seconds_of, workers_visible_to
from grids.models import Region
from org.models import GridAssignment
from taxonomy.models import Stage

CHECKS = ("close", "rework")  # 核查: the on-site check of a resolved case, either way


@dataclass(frozen=True)
class Week:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2026-W23' (ISO 8601); ValueError for anything else."""
        year, _, number = text.upper().partition("-W")
        week = cls(int(year), int(number))
        date.fromisocalendar(week.year, week.week, 1)  # ValueError for a week it lacks
        return week

    @classmethod
    def of(cls, day: date) -> "Week":
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """[Monday 00:00, next Monday 00:00) in the platform's time zone."""
        start = timezone.make_aware(datetime.combine(self.monday, datetime.min.time()))
        return start, start + timedelta(days=7)

    def __str__(self):
        return f"{self.year}-W{self.week:02d}"


def rate(part, whole):
    return None if part is None or not whole else round(part / whole, 4)


def grid_seconds(worker_ids, start, end) -> dict[int, dict[str, int]]:
    """{worker: {grid: seconds}} of the patrols started in [start, end): kept rows for ended
    patrols, counted afresh for open ones."""
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    patrols = Patrol.objects.filter(worker_id__in=worker_ids, started_at__gte=start,
                                    started_at__lt=end)
    for worker, code, seconds in GridTime.objects.filter(patrol__in=patrols).values_list(
            "patrol__worker_id", "grid_code", "seconds"):
        totals[worker][code] += seconds
    for patrol in patrols.filter(ended_at__isnull=True):
        for code, seconds in grid_seconds_of(patrol).items():
            totals[patrol.worker_id][code] += seconds
    return totals


def case_counts(worker_ids, start, end) -> dict[int, dict[str, int]]:
    """Reports filed in the window and, of those, resolved on the spot by the same worker."""
    self_resolved = CaseStep.objects.filter(case=OuterRef("pk"), action="self_resolve",
                                            actor_id=OuterRef("reporter_id"))
    rows = Case.objects.filter(reporter_id__in=worker_ids, source=Source.GRID_WORKER,
                               created_at__gte=start, created_at__lt=end).values(
        "reporter_id").annotate(filed=Count("pk"), self_resolved=Count(
            "pk", filter=Q(Exists(self_resolved))))
    return {row["reporter_id"]: row for row in rows}


def check_counts(worker_ids, start, end) -> dict[int, dict[str, int]]:
    """On-site checks (核查) made in the window, and those made before the verify stage's
    deadline (the stage record the check ended, at the same moment)."""
    met = StageRecord.objects.filter(case=OuterRef("case_id"), stage=Stage.VERIFY,
                                     ended_at=OuterRef("created_at"), met=True)
    rows = CaseStep.objects.filter(actor_id__in=worker_ids, action__in=CHECKS,
                                   created_at__gte=start, created_at__lt=end).values(
        "actor_id").annotate(done=Count("pk"), on_time=Count("pk", filter=Q(Exists(met))))
    return {row["actor_id"]: row for row in rows}


def _grid_places(codes) -> dict[str, tuple]:
    """{grid code: (grid name, community code, community name, street code, street name)}."""
    rows = Region.objects.filter(generation__is_active=True, level=Region.Level.GRID,
                                 code__in=list(codes)).values_list(
        "code", "name", "parent__code", "parent__name", "parent__parent__code",
        "parent__parent__name")
    return {row[0]: row[1:] for row in rows}


def _grid_entries(assigned: list[str], seconds: dict[str, int], places) -> list[dict]:
    """The worker's grids (its own first), minutes in each and whether that made it visited."""
    threshold = settings.PATROL_COVERAGE_MINUTES
    codes = assigned + sorted(set(seconds) - set(assigned))
    return [{"code": code, "name": places.get(code, ("",))[0], "assigned": code in assigned,
             "minutes": round(seconds.get(code, 0) / 60, 1),
             "visited": seconds.get(code, 0) >= threshold * 60} for code in codes]


def worker_kpis(*, user, week: Week) -> list[dict]:
    """One row per grid worker the user may see, for the ISO week."""
    start, end = week.bounds()
    ids = sorted(set(workers_visible_to(user).values_list("worker_id", flat=True)))
    assigned: dict[int, list[str]] = defaultdict(list)
    for worker, code in GridAssignment.objects.filter(worker_id__in=ids).order_by(
            "grid_code").values_list("worker_id", "grid_code"):
        assigned[worker].append(code)
    seconds = grid_seconds(ids, start, end)
    places = _grid_places({c for codes in assigned.values() for c in codes}
                          | {c for grids in seconds.values() for c in grids})
    cases, checks = case_counts(ids, start, end), check_counts(ids, start, end)
    tasks = task_counts(ids, start, end)
    patrols = dict(Patrol.objects.filter(worker_id__in=ids, started_at__gte=start,
                                         started_at__lt=end).values("worker_id").annotate(
        n=Count("pk")).values_list("worker_id", "n"))
    users = get_user_model().objects.in_bulk(ids)
    rows = []
    for worker in ids:
        grids = _grid_entries(assigned[worker], seconds.get(worker, {}), places)
        home = places.get(assigned[worker][0], ("",) * 5) if assigned[worker] else ("",) * 5
        rows.append({
            "worker": users[worker].get_username(), "name": users[worker].get_full_name(),
            "community": home[1], "community_name": home[2],
            "street": home[3], "street_name": home[4],
            **_counts(grids, patrols.get(worker, 0), cases.get(worker, {}),
                      checks.get(worker, {}), tasks.get(worker, (0, 0))),
            "grids": grids})
    return rows


COUNTS = ["grids_assigned", "grids_visited", "patrols", "patrol_minutes", "reports_filed",
          "self_resolved", "checks_done", "checks_on_time", "tasks_done", "tasks_on_time"]


def _counts(grids, patrols, cases, checks, tasks) -> dict:
    counts = {
        "grids_assigned": sum(g["assigned"] for g in grids),
        "grids_visited": sum(g["assigned"] and g["visited"] for g in grids),
        "patrols": patrols, "patrol_minutes": round(sum(g["minutes"] for g in grids), 1),
        "reports_filed": cases.get("filed", 0), "self_resolved": cases.get("self_resolved", 0),
        "checks_done": checks.get("done", 0), "checks_on_time": checks.get("on_time", 0),
        "tasks_done": tasks[0], "tasks_on_time": tasks[1]}
    return with_rates(counts)


def with_rates(counts: dict) -> dict:
    return {**counts,
            "coverage": rate(counts["grids_visited"], counts["grids_assigned"]),
            "self_resolve_rate": rate(counts["self_resolved"], counts["reports_filed"]),
            "check_on_time_rate": rate(counts["checks_on_time"], counts["checks_done"]),
            "task_on_time_rate": rate(counts["tasks_on_time"], counts["tasks_done"])}


def weekly_summary(rows: list[dict], level: str) -> list[dict]:
    """The worker rows summed per community or per street (each worker in the community of
    its first grid); the rates are recomputed from the sums, not averaged."""
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row[level], row[f"{level}_name"])
        group = groups.setdefault(key, {"workers": 0, **{c: 0 for c in COUNTS}})
        group["workers"] += 1
        for column in COUNTS:
            group[column] += row[column]
    return [{"code": code, "name": name, **with_rates({**group, "patrol_minutes": round(
        group["patrol_minutes"], 1)})} for (code, name), group in sorted(groups.items())]
