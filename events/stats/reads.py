"""Reads of the statistics tables for dashboards and exports, scoped to the caller.

KPI formulas (shelved cases leave every denominator after 立案):
  直接办结 answered_at_intake   = consultations (咨询) closed without a handling stage
  立案率 accept_rate            = accepted / (reported − answered_at_intake)
  按期派遣率 dispatch_on_time    = dispatches ended in time / dispatches ended
  按期处置率 handle_on_time_rate = handled in time / handled (handling stage ended)
  结案率 close_rate             = closed / handled
  返工率 rework_rate            = reworked at least once / handled
  延期率 extension_rate         = extended / handled
  超期率 overdue_rate           = overdue (a stage ended late or breached) / handled
  avg_handling_hours           = mean working time in the handling stage, pauses excluded
  satisfaction                 = ratings of 4 or 5 stars / ratings
  重办率 citizen_reopen_rate    = cases the reporter reopened (不满意) at least once / cases
                                 closed at least once (closed now, or reopened by the reporter)
Per department also its assisting tasks (协办) on those cases, released ones left out:
  tasks, tasks_done, tasks_overdue (done late, or open past the deadline)
  协办按期率 task_on_time_rate    = tasks done in time / tasks done
  on_time_rate                 = (handled in time + tasks done in time)
                                 / (handled with the stage ended + tasks done)
  score = 结案率×30 + 按期处置率×30 + (1 − 返工率)×30 + 10 × min(1, handled / mean handled),
          where a department's 按期处置率 is its on_time_rate: assisting work counts too
  grade: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E

KPIs per level (分级处置), per street or community, read live from cases and their log:
  就地解决率 local_rate = closed in the period with the last handling at grid or community
                          level (the resolver a grid worker, or the department a community
                          body) / closed in the period
  reported_up, handed_down, reassigned = report_up, hand_down, reassign steps in the period
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from events.models import (
    CLOSED,
    OPEN,
    Case,
    CaseFact,
    CaseStep,
    CaseTask,
    HeatCell,
    HotSpot,
    RequestType,
)
from events.stats import register
from events.workflow.selectors import cases_visible_to, role_of
from grids.models import Region
from org.models import COMMAND_STAFF, Department, GridAssignment, Level, Role
from taxonomy.models import Category

GROUPS = {"department": "department_id", "street": "street_code", "grid": "grid_code"}
KPI_COUNTS = {
    "n_reported": Count("pk"),
    "n_accepted": Count("pk", filter=Q(accepted=True)),
    # Answered at intake (直接办结): counted apart, and out of the 立案率's denominator.
    "n_answered": Count("pk", filter=Q(case__request_type=RequestType.CONSULT, closed=True,
                                       handled=False)),
    "n_dispatched": Sum("dispatches"),
    "n_dispatched_on_time": Sum("dispatches_on_time"),
    "n_handled": Count("pk", filter=Q(handled=True, shelved=False)),
    "n_handled_ended": Count("pk", filter=Q(handled_on_time__isnull=False, shelved=False)),
    "n_handled_on_time": Count("pk", filter=Q(handled_on_time=True, shelved=False)),
    "n_closed": Count("pk", filter=Q(closed=True, handled=True, shelved=False)),
    "n_reworked": Count("pk", filter=Q(reworks__gt=0, handled=True, shelved=False)),
    "n_extended": Count("pk", filter=Q(extended=True, handled=True, shelved=False)),
    "n_overdue": Count("pk", filter=Q(overdue=True, handled=True, shelved=False)),
    "n_avg_handling_hours": Avg("handling_hours", filter=Q(shelved=False)),
    "n_rated": Count("pk", filter=Q(rating__isnull=False)),
    "n_satisfied": Count("pk", filter=Q(rating__gte=4)),
    "n_citizen_reopened": Count("pk", filter=Q(citizen_reopens__gt=0)),
    "n_ever_closed": Count("pk", filter=Q(closed=True) | Q(citizen_reopens__gt=0)),
}


def is_command(user) -> bool:
    return role_of(user) in COMMAND_STAFF


def scope_code(user) -> str:
    staff = getattr(user, "staff", None)
    return staff.scope_code if staff and role_of(user) != Role.ADMIN else ""


def scoped_facts(user):
    facts = CaseFact.objects.all()
    if scope_code(user):
        facts = facts.filter(case__in=cases_visible_to(user))
    return facts


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def _rates(row: dict) -> dict:
    n = {key[2:]: value or 0 for key, value in row.items() if key.startswith("n_")}
    handled = n["handled"]
    return {
        "reported": n["reported"], "answered_at_intake": n["answered"],
        "accepted": n["accepted"],
        "accept_rate": _rate(n["accepted"], n["reported"] - n["answered"]),
        "dispatched": n["dispatched"],
        "dispatch_on_time_rate": _rate(n["dispatched_on_time"], n["dispatched"]),
        "handled": handled,
        "handle_on_time_rate": _rate(n["handled_on_time"], n["handled_ended"]),
        "close_rate": _rate(n["closed"], handled),
        "rework_rate": _rate(n["reworked"], handled),
        "extension_rate": _rate(n["extended"], handled),
        "overdue_rate": _rate(n["overdue"], handled),
        "avg_handling_hours": round(row["n_avg_handling_hours"], 2)
        if row["n_avg_handling_hours"] is not None else None,
        "satisfaction": _rate(n["satisfied"], n["rated"]),
        "citizen_reopened": n["citizen_reopened"],
        "citizen_reopen_rate": _rate(n["citizen_reopened"], n["ever_closed"]),
    }


def _score(rates: dict, mean_handled: float) -> tuple[float | None, str | None]:
    parts = [rates["close_rate"], rates.get("on_time_rate", rates["handle_on_time_rate"]),
             rates["rework_rate"]]
    if any(p is None for p in parts):
        return None, None
    volume = min(1.0, rates["handled"] / mean_handled) if mean_handled else 0
    score = round(parts[0] * 30 + parts[1] * 30 + (1 - parts[2]) * 30 + volume * 10, 1)
    grade = next(g for g, floor in (("A", 90), ("B", 75), ("C", 60), ("D", 40), ("E", -1))
                 if score >= floor)
    return score, grade


def kpis(*, user, group_by: str, date_from: date, date_to: date) -> dict:
    facts = scoped_facts(user).filter(reported_on__gte=date_from, reported_on__lte=date_to)
    field = GROUPS[group_by]
    counted = {row[field]: row for row in facts.values(field).annotate(**KPI_COUNTS)
               .order_by(field)}
    tasks = task_counts(facts) if group_by == "department" else None
    if tasks is not None:  # a department that only assisted is evaluated too
        counted.update({key: dict.fromkeys(KPI_COUNTS) for key in tasks if key not in counted})
    rows = [{"key": key, **_rates(row),
             **(_task_rates(row, tasks.get(key)) if tasks is not None else {})}
            for key, row in counted.items()]
    names = _names(group_by, [r["key"] for r in rows])
    mean = sum(r["handled"] for r in rows) / len(rows) if rows else 0
    for row in rows:
        row["name"] = names.get(row["key"], str(row["key"] or "—"))
        row["score"], row["grade"] = _score(row, mean)
        row["key"] = str(row["key"]) if row["key"] is not None else ""
    everything = facts.aggregate(**KPI_COUNTS)
    total = _rates(everything)
    if tasks is not None:
        total.update(_task_rates(everything, _sum_counts(tasks.values())))
    return {"group_by": group_by, "from": date_from.isoformat(), "to": date_to.isoformat(),
            "rows": rows, "total": total}


LEVEL_GROUPS = {"street": "street_code", "community": "community_code"}
LEVEL_STEPS = {"reported_up": "report_up", "handed_down": "hand_down", "reassigned": "reassign"}
SOLVED_LOCALLY = Q(resolved_by__staff__role=Role.GRID_WORKER) | Q(
    department__level__in=[Level.GRID, Level.COMMUNITY])


def level_kpis(*, user, group_by: str, date_from: date, date_to: date) -> dict:
    """就地解决率 and the moves between levels per street or community (see the module
    docstring): two aggregate queries, one over closed cases, one over the log."""
    field = LEVEL_GROUPS[group_by]
    cases = cases_visible_to(user) if scope_code(user) else Case.objects.all()
    start, end = _day_bounds(date_from, date_to)
    closed = cases.filter(status__in=CLOSED, closed_at__gte=start, closed_at__lt=end)
    rows = {row[field]: row for row in closed.values(field).annotate(
        closed=Count("pk"), solved_locally=Count("pk", filter=SOLVED_LOCALLY))}
    steps = CaseStep.objects.filter(case__in=cases, created_at__gte=start, created_at__lt=end,
                                    action__in=LEVEL_STEPS.values())
    for row in steps.values(f"case__{field}").annotate(**{
            name: Count("pk", filter=Q(action=action)) for name, action in LEVEL_STEPS.items()}):
        rows.setdefault(row[f"case__{field}"], {}).update(row)
    # Every region of the level (a few hundred at most): one query however many rows.
    names = dict(Region.objects.filter(generation__is_active=True, level=group_by)
                 .values_list("code", "name"))
    out = [_level_row(key, names, rows[key]) for key in sorted(rows)]
    total = {name: sum(row[name] for row in out)
             for name in ("closed", "solved_locally", *LEVEL_STEPS)}
    total["local_rate"] = _rate(total["solved_locally"], total["closed"])
    return {"group_by": group_by, "from": date_from.isoformat(), "to": date_to.isoformat(),
            "rows": out, "total": total}


def _day_bounds(date_from: date, date_to: date):
    tz = timezone.get_current_timezone()
    return (datetime.combine(date_from, time.min, tzinfo=tz),
            datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz))


def _level_row(key: str, names: dict, row: dict) -> dict:
    counts = {name: row.get(name, 0) for name in ("closed", "solved_locally", *LEVEL_STEPS)}
    return {"key": key, "name": names.get(key, key or "—"), **counts,
            "local_rate": _rate(counts["solved_locally"], counts["closed"])}


TASK_DONE = Q(status=CaseTask.State.DONE)
TASK_COUNTS = {
    "tasks": Count("pk"), "done": Count("pk", filter=TASK_DONE),
    "done_on_time": Count("pk", filter=TASK_DONE & (Q(due_at__isnull=True)
                                                     | Q(ended_at__lte=F("due_at")))),
}


def task_counts(facts, now=None) -> dict[int, dict]:
    """Assisting tasks per department on the cases behind `facts` (released ones are no
    department's work): tasks, done, done in time, overdue (done late or open past due)."""
    now = now or timezone.now()
    overdue = (TASK_DONE & Q(ended_at__gt=F("due_at"))) | Q(
        status__in=(CaseTask.State.DISPATCHED, CaseTask.State.PROCESSING), due_at__lt=now)
    rows = (CaseTask.objects.filter(case_id__in=facts.values("case_id"))
            .exclude(status=CaseTask.State.RELEASED).values("department_id")
            .annotate(**TASK_COUNTS, overdue=Count("pk", filter=overdue))
            .order_by("department_id"))
    return {row.pop("department_id"): row for row in rows}


def _sum_counts(rows) -> dict:
    total = dict.fromkeys(("tasks", "done", "done_on_time", "overdue"), 0)
    for row in rows:
        for name in total:
            total[name] += row[name]
    return total


def _task_rates(counts: dict, tasks: dict | None) -> dict:
    t = tasks or dict.fromkeys(("tasks", "done", "done_on_time", "overdue"), 0)
    on_time = (counts["n_handled_on_time"] or 0) + t["done_on_time"]
    ended = (counts["n_handled_ended"] or 0) + t["done"]
    return {"tasks": t["tasks"], "tasks_done": t["done"], "tasks_overdue": t["overdue"],
            "task_on_time_rate": _rate(t["done_on_time"], t["done"]),
            "on_time_rate": _rate(on_time, ended)}


def _names(group_by: str, keys) -> dict:
    if group_by == "department":
        return dict(Department.objects.filter(pk__in=[k for k in keys if k])
                    .values_list("pk", "name"))
    return dict(Region.objects.filter(generation__is_active=True, code__in=keys)
                .values_list("code", "name"))


def _heat_scope(user) -> Q:
    code = scope_code(user)
    if not code:
        return Q()
    return Q(street_code=code) | Q(community_code=code) | Q(grid_code=code)


LEVEL_FIELD = {"grid": "grid_code", "community": "community_code", "street": "street_code"}


def heat_counts(*, user, days: int, category: str | None, level: str) -> dict[str, int]:
    """Cases per region code of `level` over the last `days` days (small: worth caching)."""
    since = timezone.localdate() - timedelta(days=days - 1)
    cells = HeatCell.objects.filter(_heat_scope(user), day__gte=since)
    if category:
        cells = cells.filter(category__code=category)
    field = LEVEL_FIELD[level]
    return dict(cells.values(field).annotate(n=Sum("count")).values_list(field, "n"))


def heat(*, user, level: str, counts: dict[str, int], geometry: bool = True,
         nonzero: bool = False) -> dict:
    """GeoJSON of the active regions of `level` in the caller's scope, with their counts;
    without `geometry`, the same features with null geometry (a map refreshing its colours
    gets a third of the bytes); with `nonzero`, only the regions counted."""
    regions = Region.objects.filter(generation__is_active=True, level=level)
    if nonzero:
        regions = regions.filter(code__in=[code for code, n in counts.items() if n])
    code = scope_code(user)
    if code:
        regions = regions.filter(code__startswith=code)
    rows = (regions.values_list("code", "name", "geometry") if geometry else
            ((r_code, name, None) for r_code, name in regions.values_list("code", "name")))
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": r_code, "geometry": shape,
         "properties": {"code": r_code, "name": name, "level": level,
                        "count": counts.get(r_code, 0)}}
        for r_code, name, shape in rows]}


def hotspots(*, user, category: str | None) -> dict:
    spots = HotSpot.objects.select_related("category")
    if category:
        spots = spots.filter(category__code=category)
    code = scope_code(user)
    if code:
        spots = spots.filter(grid_code__startswith=code)
    spots = list(spots[:50])
    names = dict(Region.objects.filter(generation__is_active=True,
                                       code__in=[s.grid_code for s in spots])
                 .values_list("code", "name"))
    return {"computed_at": spots[0].computed_at.isoformat() if spots else None, "rows": [
        {"grid_code": s.grid_code, "grid_name": names.get(s.grid_code, s.grid_code),
         "category": s.category.code, "category_name": s.category.name, "recent": s.recent,
         "baseline_weekly": round(s.baseline_weekly, 2), "p_value": s.p_value}
        for s in spots]}


def open_cases(*, user, category=None, street=None, statuses=None):
    cases = cases_visible_to(user).filter(status__in=statuses or OPEN)
    if category:
        cases = cases.filter(subcategory__category__code=category)
    if street:
        cases = cases.filter(street_code=street)
    return cases


def open_by_grid(cases, level: str = "grid") -> list[dict]:
    """Open cases per grid, or per community (`level`): a province's map zoomed out draws a
    circle per community, not tens of thousands per grid."""
    field = "grid__code" if level == "grid" else "grid__parent__code"
    rows = cases.exclude(grid__isnull=True).values(field).annotate(
        count=Count("pk"), red=Count("pk", filter=Q(supervision="red")),
        yellow=Count("pk", filter=Q(supervision="yellow")),
        lat=Avg("lat"), lon=Avg("lon"))
    return [{f"{level}_code": r[field], "lat": round(r["lat"], 6),
             "lon": round(r["lon"], 6), "count": r["count"], "red": r["red"],
             "yellow": r["yellow"]} for r in rows]


def open_outside_grids(cases, limit: int) -> dict:
    """Open cases in no grid (a point outside the district that the API kept, or a gap between
    grids), one by one: the per-grid circles cannot show them, and the dispatcher must."""
    outside = cases.filter(grid__isnull=True)
    return {**open_in_bbox(outside, (-180, -90, 180, 90), limit), "count": outside.count()}


def open_in_bbox(cases, bbox, limit: int) -> dict:
    min_lon, min_lat, max_lon, max_lat = bbox
    now = timezone.now()
    rows = list(cases.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat,
                             lat__lte=max_lat)
                .annotate(subcategory_name=F("subcategory__name_zh"))
                .values("tracking_number", "lat", "lon", "status", "supervision",
                        "subcategory_name", "due_at")[:limit + 1])
    for row in rows:
        due = row.pop("due_at")
        row["overdue"] = bool(due and due < now)
    return {"cases": rows[:limit], "truncated": len(rows) > limit}


def grid_summary(*, user, code: str, days: int = 30, category: str | None = None) -> dict | None:
    """A grid's worker, case counts and recent cases, its register counts and the KPIs per
    1,000 residents and per km² over the last `days` days (events.stats.register)."""
    grid = Region.objects.filter(generation__is_active=True, level="grid", code=code).first()
    scope = scope_code(user)
    # A grid outside the caller's region is not found: its worker is not theirs to know.
    if grid is None or (scope and scope not in {region.code for region in grid.path()}):
        return None
    cases = cases_visible_to(user).filter(grid__code=code)
    now = timezone.now()
    worker = GridAssignment.objects.filter(grid_code=code).select_related("worker").first()
    recent = cases.select_related("subcategory").order_by("-created_at")[:10]
    counted = register.grid_register(code)
    return {
        "grid_code": code, "grid_name": grid.name,
        "worker": (worker.worker.get_full_name() or worker.worker.username) if worker else None,
        "counts": cases.aggregate(
            open=Count("pk", filter=Q(status__in=OPEN)),
            last_7_days=Count("pk", filter=Q(created_at__gte=now - timedelta(days=7))),
            last_30_days=Count("pk", filter=Q(created_at__gte=now - timedelta(days=30)))),
        "recent": [{"tracking_number": c.tracking_number,
                    "subcategory_name": c.subcategory.name, "status": c.status,
                    "created_at": c.created_at.isoformat()} for c in recent],
        "register": counted,
        "kpis": register.grid_kpis(code=code, register=counted, days=days, category=category),
    }


def daily_series(*, user, days: int = 30, category: str | None = None):
    """[(day, {category code: count})] for the last `days` days, oldest first."""
    today = timezone.localdate()
    since = today - timedelta(days=days - 1)
    cells = HeatCell.objects.filter(_heat_scope(user), day__gte=since)
    if category:
        cells = cells.filter(category__code=category)
    by_day = defaultdict(dict)
    for day, code, n in cells.values("day", "category__code").annotate(
            n=Sum("count")).values_list("day", "category__code", "n"):
        by_day[day][code] = n
    return [(since + timedelta(days=i), by_day.get(since + timedelta(days=i), {}))
            for i in range(days)]


def category_names() -> dict[str, str]:
    return {c.code: c.name for c in Category.objects.all()}


def case_rows(cases):
    """Rows of the case CSV export: no reporter data."""
    # national_code: what a city or province platform matches the subcategory on.
    yield ["tracking_number", "reported_at", "category", "subcategory", "national_code",
           "status", "urgency", "supervision", "street", "grid", "department", "due_at",
           "closed_at", "address", "lat", "lon"]
    for c in cases.select_related("subcategory__category", "department", "grid") \
            .order_by("pk").iterator(chunk_size=2000):
        yield [c.tracking_number, c.created_at.isoformat(), c.subcategory.category.name,
               c.subcategory.name, c.subcategory.national_code, c.get_status_display(),
               c.get_urgency_display(), c.get_supervision_display(), c.street_code,
               c.grid.code if c.grid else "",
               c.department.name if c.department else "",
               c.due_at.isoformat() if c.due_at else "",
               c.closed_at.isoformat() if c.closed_at else "", c.address, c.lat, c.lon]

