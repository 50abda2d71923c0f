"""Statistics tables, filled incrementally from the append-only sources, set-based: each
table is written by INSERT … SELECT statements (GROUP BY and aggregates with FILTER), the same
SQL on PostgreSQL and SQLite but for the local date and hour (the ORM's own conversions) and
a stage's length (HANDLING_SECONDS).

- HeatCell counts new cases (watermark on Case.id), each once, in one statement. A case
  reclassified or relocated afterwards (改类/改址, a `reclassify` step: watermark on the log)
  has the cells of its day of report counted again, so that they match a recount from scratch.
- CaseFact is recomputed for every case that has new log steps (watermark on CaseStep.id): the
  log is append-only and every change of a case writes a step. One statement per BATCH of
  such cases.
- HotSpot is recomputed from HeatCell each run (it is small).
- The address register's per-grid tallies (places.GridTally: addresses, houses, residents,
  units, area) are recomputed when older than REGISTER_STATS_SECONDS: the register changes
  by imports (which recount at once) and by edits of houses and units in the admin.

Each incremental job holds its watermark row locked while it works, so two workers never count
the same rows; rows younger than STATS_LAG_SECONDS wait for the next run, so that a transaction
that commits late is not skipped. `rebuild()` recomputes everything from scratch; the tests
check that both give the same tables.
"""

import json
import math
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from common.cache import state
from events.models import (
    CLOSED,
    Case,
    CaseFact,
    CaseStep,
    HeatCell,
    HotSpot,
    Status,
    Watermark,
)
from places.models import GridTally
from places.services import refresh_grid_tallies

BATCH = 50_000  # cases per statement of an incremental refresh


def refresh(now=None) -> dict[str, int]:
    """One incremental run (the Celery beat task)."""
    now = now or timezone.now()
    counts = {"heat": refresh_heat(now), "facts": refresh_facts(now),
              "hotspots": compute_hotspots(now), "register": refresh_register(now)}
    bump_version()
    return counts


def rebuild(now=None) -> dict[str, int]:
    """Throw the tables away and compute them again from all cases: one INSERT … SELECT per
    table, in one transaction, so that no reader sees half-built tables (on PostgreSQL they
    wait for the rebuild to commit, see _empty_tables)."""
    now = now or timezone.now()
    lag = _lag(now)
    with transaction.atomic():
        # The watermarks first, as a refresh takes them: a refresh meanwhile waits for them.
        marks = [_lock(name) for name in ("heat", "heat_moves", "facts")]
        _empty_tables()
        case_top = _top(Case.objects.filter(created_at__lte=lag))
        step_top = _top(CaseStep.objects.filter(created_at__lte=lag))
        counts = {"heat": _count_cases("c.id <= %s", [case_top], merge=False),
                  "facts": write_facts(0, step_top, merge=False)}
        # Every reclassification up to here is in the new cells already.
        for mark, top in zip(marks, [case_top, step_top, step_top], strict=True):
            mark.last_id = top
            mark.save()
    # The register's tallies are not derived from cases: they keep their own schedule.
    counts.update(hotspots=compute_hotspots(now), register=refresh_register(now))
    bump_version()
    return counts


def _empty_tables() -> None:
    """TRUNCATE on PostgreSQL (fresh files: the inserts that follow check no dead index
    entries; it waits for readers and makes them wait until the rebuild commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE events_heatcell, events_casefact")
    else:
        HeatCell.objects.all().delete()
        CaseFact.objects.all().delete()


def _top(rows) -> int:
    return rows.aggregate(top=Max("pk"))["top"] or 0


def refresh_register(now) -> int:
    """Recount the register per grid when the tallies are older than REGISTER_STATS_SECONDS
    (or there are none); returns the grids counted, 0 when they were fresh enough."""
    newest = GridTally.objects.aggregate(newest=Max("computed_at"))["newest"]
    if newest is not None and now - newest < timedelta(seconds=settings.REGISTER_STATS_SECONDS):
        return 0
    return refresh_grid_tallies(now)


def bump_version() -> None:
    """Cached statistics answers carry this version; a new one makes them stale. It lives in
    the state cache: a version lost and started again at 1 would serve old answers."""
    try:
        state().incr("stats:version")
    except ValueError:
        state().set("stats:version", 1, None)


def version() -> int:
    return state().get_or_set("stats:version", 1, None)


def _lock(name: str) -> Watermark:
    """The watermark row, locked until the transaction ends. The transaction commits without
    waiting for its WAL to reach disk (PostgreSQL): its rows and the watermark that counts
    them commit together, so a crash that loses the commit loses both, and the next refresh
    counts the same rows again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    Watermark.objects.get_or_create(name=name)
    return Watermark.objects.select_for_update().get(name=name)


def _lag(now):
    return now - timedelta(seconds=settings.STATS_LAG_SECONDS)


# --- heat ---------------------------------------------------------------------------------


HEAT_SQL = """
INSERT INTO events_heatcell (day, hour, grid_code, community_code, street_code, subcategory_id,
  category_id, count)
SELECT {day}, {hour}, coalesce(g.code, ''), c.community_code, c.street_code, c.subcategory_id,
  s.category_id, count(*)
FROM events_case c
JOIN events_subcategory s ON s.id = c.subcategory_id
LEFT JOIN grids_region g ON g.id = c.grid_id
WHERE {where}
GROUP BY 1, 2, 3, 4, 5, 6, 7
{merge}
"""
# Added to the cells already there (keys are unique within one statement: a GROUP BY).
HEAT_MERGE = ("ON CONFLICT (day, hour, grid_code, subcategory_id) "
              "DO UPDATE SET count = events_heatcell.count + excluded.count")


def _local(part: str, column: str) -> tuple[str, list]:
    """The local date ("date") or hour of a timestamp column as this database spells it:
    the same conversion as the ORM's TruncDate and ExtractHour."""
    tz = timezone.get_current_timezone_name()
    if part == "date":
        sql, params = connection.ops.datetime_cast_date_sql(column, (), tz)
    else:
        sql, params = connection.ops.datetime_extract_sql(part, column, (), tz)
    return sql, list(params)


def refresh_heat(now) -> int:
    with transaction.atomic():
        mark = _lock("heat")
        upper = Case.objects.filter(pk__gt=mark.last_id, created_at__lte=_lag(now)) \
            .aggregate(top=Max("pk"))["top"]
        added = 0
        if upper is not None:
            added = _count_cases("c.id > %s AND c.id <= %s", [mark.last_id, upper])
            mark.last_id = upper
            mark.save()
        _recount_reclassified(now, mark.last_id)
    return added


def _recount_reclassified(now, counted_up_to: int) -> None:
    """Count again the days of report of cases counted before a reclassification moved them
    to another subcategory or grid (rare: a day's cases are few)."""
    mark = _lock("heat_moves")
    # The watermark passes every step read, reclassifications or not: each run reads only
    # the new steps (by primary key), however rare reclassifications are.
    upper = CaseStep.objects.filter(pk__gt=mark.last_id, created_at__lte=_lag(now)) \
        .aggregate(top=Max("pk"))["top"]
    if upper is None:
        return
    moves = CaseStep.objects.filter(action="reclassify", pk__gt=mark.last_id, pk__lte=upper)
    tz = timezone.get_current_timezone()
    days = set(Case.objects.filter(pk__lte=counted_up_to, steps__in=moves)
               .annotate(day=TruncDate("created_at", tzinfo=tz))
               .values_list("day", flat=True))
    adapt = connection.ops.adapt_datetimefield_value
    for day in days:
        start = datetime.combine(day, time.min, tzinfo=tz)
        HeatCell.objects.filter(day=day).delete()
        _count_cases("c.id <= %s AND c.created_at >= %s AND c.created_at < %s",
                     [counted_up_to, adapt(start), adapt(start + timedelta(days=1))])
    mark.last_id = upper
    mark.save()


def _count_cases(where: str, params: list, merge: bool = True) -> int:
    """Add the cases matching `where` (on events_case as c) to the heat cells, in one
    statement (`merge=False`: into an empty table); returns how many were added."""
    (day, day_params), (hour, hour_params) = _local("date", "c.created_at"), \
        _local("hour", "c.created_at")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM events_case c WHERE {where}", params)
        (added,) = cursor.fetchone()
        if added:
            cursor.execute(HEAT_SQL.format(day=day, hour=hour, where=where,
                                           merge=HEAT_MERGE if merge else ""),
                           [*day_params, *hour_params, *params])
    return added


# --- facts --------------------------------------------------------------------------------


def refresh_facts(now) -> int:
    """Recompute the fact of every case with log steps after the watermark (each case once,
    however many of its steps are new)."""
    with transaction.atomic():
        mark = _lock("facts")
        upper = CaseStep.objects.filter(pk__gt=mark.last_id, created_at__lte=_lag(now)) \
            .aggregate(top=Max("pk"))["top"]
        if upper is None:
            return 0
        done = write_facts(mark.last_id, upper)
        mark.last_id = upper
        mark.save()
    return done


# The facts of some cases from their rows, log and stage records, in one statement. Overdue
# is as recorded (a stage ended late, or the sweep logged a breach), so that a fact depends
# on the log alone and not on when it is computed. `met` is NULL until a stage ends: NOT met
# counts the stages that ended late; the handling stages were all in time when as many ended
# in time as ended. A case is written once it has a log step up to the watermark.
FACTS_SQL = """
INSERT INTO events_casefact (case_id, reported_on, category_id, department_id, street_code,
  grid_code, accepted, dispatches, dispatches_on_time, handled, handled_on_time, resolved,
  closed, reworks, citizen_reopens, extended, overdue, shelved, handling_hours, rating)
SELECT c.id, {day}, s.category_id, c.department_id, c.street_code, coalesce(g.code, ''),
  st.accepts > 0, coalesce(r.dispatches, 0), coalesce(r.dispatches_on_time, 0),
  coalesce(r.handles, 0) > 0,
  CASE WHEN r.handles_ended > 0 THEN r.handles_ended = r.handles_in_time END,
  st.resolutions > 0, c.status IN {closed}, st.reworks, st.citizen_reopens,
  st.extensions > 0, st.breaches > 0 OR coalesce(r.late, 0) > 0,
  c.status = %s, r.handling_seconds / 3600.0, c.rating
FROM events_case c
JOIN (
  SELECT case_id,
    count(*) FILTER (WHERE action = 'accept') AS accepts,
    count(*) FILTER (WHERE action = 'rework') AS reworks,
    count(*) FILTER (WHERE action = 'approve_extension') AS extensions,
    count(*) FILTER (WHERE action = 'breach') AS breaches,
    count(*) FILTER (WHERE action IN ('resolve', 'self_resolve')) AS resolutions,
    count(*) FILTER (WHERE action = 'citizen_reopen') AS citizen_reopens
  FROM events_casestep {scope}
  GROUP BY case_id
  HAVING min(id) <= %s
) st ON st.case_id = c.id
JOIN events_subcategory s ON s.id = c.subcategory_id
LEFT JOIN grids_region g ON g.id = c.grid_id
LEFT JOIN (
  SELECT case_id,
    count(*) FILTER (WHERE stage = 'dispatch' AND ended_at IS NOT NULL) AS dispatches,
    count(*) FILTER (WHERE stage = 'dispatch' AND ended_at IS NOT NULL AND met)
      AS dispatches_on_time,
    count(*) FILTER (WHERE stage = 'handle') AS handles,
    count(*) FILTER (WHERE stage = 'handle' AND ended_at IS NOT NULL) AS handles_ended,
    count(*) FILTER (WHERE stage = 'handle' AND ended_at IS NOT NULL AND met)
      AS handles_in_time,
    count(*) FILTER (WHERE NOT met) AS late,
    sum({seconds}) FILTER (WHERE stage = 'handle' AND ended_at IS NOT NULL)
      AS handling_seconds
  FROM events_stagerecord {scope}
  GROUP BY case_id
) r ON r.case_id = c.id
WHERE {cases}
{merge}
"""
# Seconds in a stage record, pauses excluded: an interval on PostgreSQL; on SQLite the
# ORM's own difference of two timestamps (microseconds) and the pause (stored in microseconds).
HANDLING_SECONDS = {
    "postgresql": "extract(epoch FROM ended_at - started_at - paused)::float8",
    "sqlite": "(django_timestamp_diff(ended_at, started_at) - paused) / 1e6",
}


# Case ids as one parameter (an array; a JSON list on SQLite), whatever their number: quick to
# plan, and clear of SQLite's limit on parameters.
IDS_IN = {"postgresql": "= ANY(%s)", "sqlite": "IN (SELECT value FROM json_each(%s))"}


def _as_list(ids: list[int]):
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


def write_facts(low: int, high: int, merge: bool = True) -> int:
    """Write the facts of the cases with a log step in (low, high]. From the first step on
    (low 0) the whole log is read in one statement; otherwise the cases with new steps are
    named, BATCH at a time, so that each statement reads only their rows (by index).
    `merge=False`: into an empty table. Returns the facts written."""
    if low == 0:
        return _write_facts("", [], high, merge)
    changed = sorted(set(CaseStep.objects.filter(pk__gt=low, pk__lte=high).order_by()
                         .values_list("case_id", flat=True)))
    written = 0
    for start in range(0, len(changed), BATCH):
        ids = changed[start:start + BATCH]
        written += _write_facts(IDS_IN[connection.vendor], ids, high, merge)
    return written


def _write_facts(ids_in: str, ids: list[int], high: int, merge: bool) -> int:
    """`ids_in` (an IDS_IN of `ids`, or "" for every case) restricts all three tables read,
    so that the planner looks the rows up by index."""
    columns = [f.column for f in CaseFact._meta.concrete_fields if f.column != "case_id"]
    day, day_params = _local("date", "c.created_at")
    update = "ON CONFLICT (case_id) DO UPDATE SET " + ", ".join(
        f"{column} = excluded.{column}" for column in columns)
    scope = f"WHERE case_id {ids_in}" if ids_in else ""
    sql = FACTS_SQL.format(day=day, closed=f"({', '.join(['%s'] * len(CLOSED))})",
                           scope=scope, cases=f"c.id {ids_in}" if ids_in else "true",
                           seconds=HANDLING_SECONDS[connection.vendor],
                           merge=update if merge else "")
    with connection.cursor() as cursor:
        if ids_in and connection.vendor == "postgresql":
            # Its estimates for a batch make PostgreSQL compile the plan (JIT), which costs
            # more than it saves on a few thousand cases. Until the transaction ends.
            cursor.execute("SET LOCAL jit = off")
        named = [_as_list(ids)] if ids_in else []
        cursor.execute(sql, [*day_params, *CLOSED, Status.SHELVED, *named, high, *named,
                             *named])
        return cursor.rowcount


# --- hot spots ----------------------------------------------------------------------------


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    term = math.exp(-mean)
    below = term
    for i in range(1, k):
        term *= mean / i
        below += term
    return max(0.0, 1.0 - below)


def compute_hotspots(now) -> int:
    """Grids whose count of the last 7 days is improbable under a Poisson model with the mean
    of their trailing 8 weeks (floored at HOTSPOT_MIN_WEEKLY so that a first case in a quiet
    grid is not a hot spot), per category: p < HOTSPOT_P and at least HOTSPOT_MIN_CASES."""
    today = timezone.localdate(now)
    week, history = today - timedelta(days=6), today - timedelta(days=62)
    cells = (HeatCell.objects.filter(day__gte=history).exclude(grid_code="")
             .values("grid_code", "category_id")
             .annotate(recent=Sum("count", filter=Q(day__gte=week)),
                       before=Sum("count", filter=Q(day__lt=week))))
    spots = []
    for cell in cells:
        recent, weekly = cell["recent"] or 0, (cell["before"] or 0) / 8
        if recent < settings.HOTSPOT_MIN_CASES:
            continue
        p = poisson_tail(recent, max(weekly, settings.HOTSPOT_MIN_WEEKLY))
        if p < settings.HOTSPOT_P:
            spots.append(HotSpot(grid_code=cell["grid_code"], category_id=cell["category_id"],
                                 recent=recent, baseline_weekly=weekly, p_value=p,
                                 computed_at=now))
    with transaction.atomic():
        HotSpot.objects.all().delete()
        HotSpot.objects.bulk_create(spots)
    return len(spots)
