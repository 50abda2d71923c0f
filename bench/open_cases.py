"""N open cases for the dashboard benchmark, written set-based: numpy draws where and what (a
grid by its activity weight, a point inside it, a subcategory by category weight, a source, an
open status and an age that fits it), one COPY loads the draws, and three INSERT … SELECT
statements write the cases, their log steps up to their status and their SLA stage records.

Why not the demo generator (events/demo.py): it plays each case through its whole life in
Python and cuts it at `now`, so cases reported over weeks are mostly closed, and 50,000 of
them take many minutes. Here every case is open, as the command map's heat and open-case
layers need, and routing is the real one, run once per (subcategory, street).

Simplifications (what a reader of the figures should know): deadlines are the subcategory's
time limits with working hours and days counted as calendar time (×3 and ×1.4), the log is
the straight path report → accept → dispatch → start → resolve or shelve (no warnings,
breaches, assisting tasks or rework steps), and no citizen reporter is attached.
"""

import io
import secrets
from datetime import timedelta

import numpy as np
import shapely
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import override

from events.models import Source, Status
from events.simulator.district import CATEGORY_WEIGHTS
from events.workflow import levels
from org.routing import route_case
from taxonomy.models import Subcategory

# Open statuses in the demo generator's proportions, and how old a case in each one is (days).
STATUSES = [(Status.REPORTED, 8, 0.05), (Status.ACCEPTED, 4, 0.1), (Status.DISPATCHED, 12, 0.5),
            (Status.PROCESSING, 30, 4), (Status.RESOLVED, 14, 1), (Status.SHELVED, 3, 30)]
SOURCES = [(Source.CITIZEN, 50), (Source.GRID_WORKER, 30), (Source.HOTLINE, 20)]
COLUMNS = ("n", "grid_id", "community_code", "street_code", "lon", "lat", "subcategory_id",
           "source", "status", "created_at", "department_id", "matter_id", "level",
           "owner_region", "secret")


def add_open_cases(n: int, grids: list, *, seed: int = 11) -> int:
    """Write `n` open cases over `grids` (events.simulator.district.DemoGrid); returns n."""
    rng = np.random.default_rng(seed)
    now = timezone.now()
    picked = rng.choice(len(grids), size=n, p=weights(grids))
    lon, lat = points_in([grids[i].polygon for i in picked], rng)
    subs = Subcategory.objects.select_related("category").order_by("code")
    sub_weights = np.array([CATEGORY_WEIGHTS.get(s.category.code, 3) for s in subs], float)
    sub_of = rng.choice(len(subs), size=n, p=sub_weights / sub_weights.sum())
    status, age = statuses(n, rng)
    source = rng.choice([s for s, _ in SOURCES], size=n,
                        p=np.array([w for _, w in SOURCES]) / sum(w for _, w in SOURCES))
    routes = routing(subs, grids, {(sub_of[k], grids[picked[k]].street_code) for k in range(n)})
    rows = io.StringIO()
    for k in range(n):
        grid, sub = grids[picked[k]], subs[int(sub_of[k])]
        department, matter, level, owner = routes[(sub_of[k], grid.street_code)]
        owner = {"community": grid.community_code, "street": grid.street_code}.get(level, owner)
        created = now - timedelta(days=float(age[k]))
        rows.write("\t".join(map(str, (
            k, grid.region.pk, grid.community_code, grid.street_code, lon[k], lat[k], sub.pk,
            source[k], status[k], created.isoformat(), department or r"\N", matter or r"\N",
            level, owner, secrets.token_urlsafe(16)))) + "\n")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_draw ({DRAW_TABLE}) ON COMMIT DROP")
        with cursor.copy(f"COPY bench_draw ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            copy.write(rows.getvalue())
        for statement in (CASES, STEPS, STAGES, COUNTERS):
            cursor.execute(statement, {"now": now, "tz": settings.TIME_ZONE})
    return n


def weights(grids: list) -> np.ndarray:
    w = np.array([g.weight for g in grids], float)
    return w / w.sum()


def points_in(polygons: list, rng) -> tuple[np.ndarray, np.ndarray]:
    """A uniform point inside each polygon, by rejection from its bounding box (vectorised)."""
    polygons = np.asarray(polygons, dtype=object)
    bounds = shapely.bounds(polygons)
    lon, lat = np.empty(len(polygons)), np.empty(len(polygons))
    pending = np.arange(len(polygons))
    while len(pending):
        b = bounds[pending]
        x = rng.uniform(b[:, 0], b[:, 2])
        y = rng.uniform(b[:, 1], b[:, 3])
        inside = shapely.contains_xy(polygons[pending], x, y)
        lon[pending[inside]], lat[pending[inside]] = x[inside].round(6), y[inside].round(6)
        pending = pending[~inside]
    return lon, lat


def statuses(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """An open status per case, and an age in days (up to the status's typical age)."""
    weight = np.array([w for _, w, _ in STATUSES], float)
    which = rng.choice(len(STATUSES), size=n, p=weight / weight.sum())
    oldest = np.array([days for _, _, days in STATUSES])[which]
    # At least ten minutes: every step of the path falls before now.
    age = np.maximum(oldest * rng.random(n), 10 / 1440)
    return np.array([s for s, _, _ in STATUSES])[which], age


def routing(subs, grids: list, pairs: set) -> dict:
    """(subcategory index, street code) → (department id, matter id, level, owner region) by
    the real routing rules, for one grid of the street (routing reads the grid's path)."""
    sample = {}
    for grid in grids:
        sample.setdefault(grid.street_code, grid.region)
    routes = {}
    with override("zh-hans"):
        for sub_index, street in pairs:
            region = sample[street]
            routed = route_case(subcategory=subs[int(sub_index)], grid=region)
            level, owner = levels.entry(routed.level, region)
            routes[(sub_index, street)] = (routed.department.pk if routed.department else None,
                                           routed.matter.pk if routed.matter else None,
                                           level, owner)
    return routes


DRAW_TABLE = """n integer, grid_id bigint, community_code text, street_code text,
    lon double precision, lat double precision, subcategory_id bigint, source text,
    status text, created_at timestamptz, department_id bigint, matter_id bigint, level text,
    owner_region text, secret text"""

# The moments along the straight path, as shares of the case's age (all before now), and the
# stage each open status is in.
MOMENTS = """
    SELECT d.*, c.id AS case_id,
           d.created_at + (%(now)s - d.created_at) * 0.05 AS accepted_at,
           d.created_at + (%(now)s - d.created_at) * 0.10 AS dispatched_at,
           d.created_at + (%(now)s - d.created_at) * 0.30 AS started_at,
           d.created_at + (%(now)s - d.created_at) * 0.80 AS ended_at
    FROM bench_draw d JOIN events_case c ON c.tracking_secret = d.secret"""



def limit(row: str, stage: str) -> str:
    """SQL: the time limit of `stage` for the subcategory of `row` at its default urgency."""
    return f"""(SELECT tl.amount * CASE tl.unit WHEN 'h' THEN interval '1 hour'
                                               WHEN 'wh' THEN interval '3 hours'
                                               ELSE interval '1.4 days' END
                FROM events_timelimit tl JOIN events_subcategory sc ON sc.id = tl.subcategory_id
                WHERE tl.subcategory_id = {row}.subcategory_id AND tl.stage = {stage}
                  AND tl.urgency = sc.default_urgency)"""


CASES = f"""
WITH numbered AS (
    SELECT d.*, row_number() OVER (PARTITION BY (d.created_at AT TIME ZONE %(tz)s)::date
                                   ORDER BY d.n)
           + coalesce((SELECT last FROM events_trackingcounter
                       WHERE day = (d.created_at AT TIME ZONE %(tz)s)::date),
                      0) AS seq
    FROM bench_draw d),
staged AS (
    SELECT n.*, s.default_urgency AS urgency, s.name_zh || '：' || s.description AS description,
           CASE n.status WHEN 'reported' THEN 'accept' WHEN 'accepted' THEN 'dispatch'
                         WHEN 'resolved' THEN 'verify' ELSE 'handle' END AS stage,
           n.created_at + (%(now)s - n.created_at) * CASE n.status
               WHEN 'reported' THEN 0 WHEN 'accepted' THEN 0.05 WHEN 'resolved' THEN 0.8
               ELSE 0.1 END AS stage_started_at
    FROM numbered n JOIN events_subcategory s ON s.id = n.subcategory_id),
due AS (
    SELECT s.*, CASE WHEN s.status = 'shelved' THEN NULL
                     ELSE s.stage_started_at + {limit("s", "s.stage")}
                END AS due_at
    FROM staged s)
INSERT INTO events_case (tracking_number, source, lat, lon, address, description, contact_phone,
    status, urgency, supervision, stage, stage_started_at, due_at, warn_at, warned_at,
    breached_at, paused_at, created_at, updated_at, grid_id, subcategory_id, community_code,
    street_code, department_id, matter_id, level, owner_region, me_too_count, escalation_level,
    tracking_secret, public_reply, request_type, contact_email)
SELECT to_char(created_at AT TIME ZONE %(tz)s, 'YYYYMMDD') || '-'
           || lpad(seq::text, 6, '0'),
       source, lat, lon, '', description, '', status, urgency,
       CASE WHEN due_at < %(now)s THEN 'red'
            WHEN stage_started_at + (due_at - stage_started_at) * 0.8 < %(now)s THEN 'yellow'
            ELSE 'none' END,
       stage, stage_started_at, due_at, stage_started_at + (due_at - stage_started_at) * 0.8,
       CASE WHEN stage_started_at + (due_at - stage_started_at) * 0.8 < %(now)s
            THEN stage_started_at + (due_at - stage_started_at) * 0.8 END,
       CASE WHEN due_at < %(now)s THEN due_at END,
       CASE WHEN status = 'shelved' THEN stage_started_at END,
       created_at, %(now)s, grid_id, subcategory_id, community_code, street_code, department_id,
       matter_id, level, owner_region, 0, 0, secret, '', 'complaint', ''
FROM due"""

# How far along the path each open status is.
RANK = """CASE {status} WHEN 'reported' THEN 0 WHEN 'accepted' THEN 1 WHEN 'dispatched' THEN 2
                      WHEN 'processing' THEN 3 ELSE 4 END"""

# The log: one step per move along the path, up to the case's status.
STEPS = f"""
INSERT INTO events_casestep (case_id, action, role, from_status, to_status, to_department_id,
                             from_department_id, note, data, created_at)
SELECT m.case_id, p.action,
       CASE WHEN p.action = 'report' THEN CASE m.source WHEN 'citizen' THEN 'citizen'
            WHEN 'grid_worker' THEN 'grid_worker' ELSE 'operator' END
            WHEN p.action = 'accept' THEN 'dispatcher' WHEN p.action = 'dispatch' THEN 'system'
            ELSE 'handler' END,
       p.from_status, p.to_status, m.department_id,
       CASE WHEN p.from_status = '' THEN NULL ELSE m.department_id END, '',
       CASE WHEN p.action = 'report'  -- where the case entered (events/workflow/levels.py)
            THEN jsonb_build_object('bench', true, 'level', m.level, 'region', m.owner_region)
            ELSE '{{"bench": true}}'::jsonb END,
       CASE p.moment WHEN 0 THEN m.created_at WHEN 1 THEN m.accepted_at
                     WHEN 2 THEN m.dispatched_at WHEN 3 THEN m.started_at ELSE m.ended_at END
FROM ({MOMENTS}) m
JOIN (VALUES (0, 'report', '', 'reported'), (1, 'accept', 'reported', 'accepted'),
             (2, 'dispatch', 'accepted', 'dispatched'), (3, 'start', 'dispatched', 'processing'),
             (4, 'resolve', 'processing', 'resolved'), (4, 'shelve', 'processing', 'shelved'))
     AS p(moment, action, from_status, to_status)
  ON p.moment <= {RANK.format(status="m.status")}
     AND (p.moment < 4 OR p.to_status = m.status)"""

# SLA stage windows: the stages passed (ended) and the one running.
STAGES = f"""
INSERT INTO events_stagerecord (case_id, stage, department_id, started_at, due_at, paused,
                                ended_at, met)
SELECT m.case_id, w.stage, m.department_id, w.started_at,
       w.started_at + {limit("m", "w.stage")}, interval '0',
       w.ended_at, CASE WHEN w.ended_at IS NULL THEN NULL ELSE
           w.ended_at <= w.started_at + coalesce({limit("m", "w.stage")}, interval '1000 days')
       END
FROM ({MOMENTS}) m
CROSS JOIN LATERAL (VALUES
    ('accept', m.created_at, CASE WHEN m.status <> 'reported' THEN m.accepted_at END, 0),
    ('dispatch', m.accepted_at, CASE WHEN m.status NOT IN ('reported', 'accepted')
                                     THEN m.dispatched_at END, 1),
    ('handle', m.dispatched_at, CASE WHEN m.status = 'resolved' THEN m.ended_at END, 2),
    ('verify', m.ended_at, NULL::timestamptz, 4)) AS w(stage, started_at, ended_at, rank)
WHERE w.rank <= least({RANK.format(status="m.status")}, CASE m.status WHEN 'shelved' THEN 2
                                                                     ELSE 4 END)"""

# The tracking-number sequence per day carries on after the numbers used here.
COUNTERS = """
INSERT INTO events_trackingcounter (day, last)
SELECT to_date(left(tracking_number, 8), 'YYYYMMDD'), max(right(tracking_number, 6)::int)
FROM events_case GROUP BY 1
ON CONFLICT (day) DO UPDATE SET last = greatest(events_trackingcounter.last, excluded.last)"""
