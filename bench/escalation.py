"""SLA sweep cost against the number of cases: 100,000 and 1,000,000 cases (5% open), a sweep
with nothing to do and a sweep that warns and breaches 1,000 overdue cases.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/escalation.py
The baseline is the same sweep at 100,000 cases: the target is a 1M/100k ratio ≤ 1.5, i.e. the
cost follows the overdue cases (partial indexes on the deadlines), not all cases.
"""

import os
import sys

from common import (
    bench_database_url,
    flush_bench_broker,
    print_table,
    record,
    setup_django,
    timed,
)

SIZES = (100_000, 1_000_000)
OVERDUE = 1_000


def insert_cases(count: int) -> None:
    """`count` cases in one statement: 95% closed, 5% open with a deadline weeks away."""
    from django.db import connection

    from grids.models import Region
    from taxonomy.models import Subcategory

    grids = list(Region.objects.filter(level="grid").values_list("pk", "code"))
    subs = list(Subcategory.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_case CASCADE")
        cursor.execute(
            """
            INSERT INTO events_case (tracking_number, tracking_secret, source, subcategory_id,
              lat, lon, address, description, grid_id, community_code, street_code,
              contact_phone, status, urgency, supervision, stage, stage_started_at, due_at,
              warn_at, escalation_level, me_too_count, created_at, updated_at)
            SELECT 'B' || g, md5(g::text), 'citizen', (%(subs)s::bigint[])[1 + g %% %(nsubs)s],
              23.0, 113.1, '', 'bench', (%(grids)s::bigint[])[1 + g %% %(ngrids)s],
              left((%(codes)s::text[])[1 + g %% %(ngrids)s], 12),
              left((%(codes)s::text[])[1 + g %% %(ngrids)s], 9), '',
              CASE WHEN g %% 20 = 0 THEN 'processing' ELSE 'closed' END, 'normal', 'none',
              CASE WHEN g %% 20 = 0 THEN 'handle' ELSE '' END,
              CASE WHEN g %% 20 = 0 THEN now() END,
              CASE WHEN g %% 20 = 0 THEN now() + interval '30 days' END,
              CASE WHEN g %% 20 = 0 THEN now() + interval '24 days' END,
              0, 0, now() - (g || ' seconds')::interval, now()
            FROM generate_series(1, %(count)s) AS g
            """,
            {"subs": subs, "nsubs": len(subs), "grids": [g[0] for g in grids],
             "codes": [g[1] for g in grids], "ngrids": len(grids), "count": count})
        cursor.execute("ANALYZE events_case")


def make_overdue() -> None:
    """1,000 open cases whose warning and deadline passed an hour ago, untouched so far."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_casestep WHERE action IN ('warn', 'breach')")
        cursor.execute("DELETE FROM events_notification")
        cursor.execute(
            """UPDATE events_case SET warn_at = now() - interval '2 hours',
                 due_at = now() - interval '1 hour', warned_at = NULL, breached_at = NULL,
                 next_escalation_at = NULL, supervision = 'none'
               WHERE id IN (SELECT id FROM events_case WHERE status = 'processing'
                            ORDER BY id LIMIT %s)""", [OVERDUE])


def explain() -> str:
    from django.db import connection
    from django.utils import timezone

    from events.models import Case

    query = Case.objects.filter(breached_at__isnull=True, due_at__lte=timezone.now()) \
        .order_by("due_at").values_list("pk", flat=True)[:500]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(count: int) -> tuple[float, float, str]:
    from events.sla.escalation import sweep

    insert_cases(count)
    idle = timed(sweep, repeat=5)
    busy = timed(lambda: sweep(batch=OVERDUE), repeat=3, setup=make_overdue)
    return idle, busy, explain()


def main():
    url = bench_database_url("grid_bench")
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/7"
    setup_django(url, migrate=True)
    from django.core.management import call_command

    call_command("seed_demo", "--commit", verbosity=0)
    figures = {count: measure(count) for count in SIZES}
    (idle_s, busy_s, _), (idle_l, busy_l, plan) = figures[SIZES[0]], figures[SIZES[1]]
    rows = [
        {"figure": "idle sweep, 100k cases", "value": idle_s * 1000, "unit": "ms"},
        {"figure": "idle sweep, 1M cases", "value": idle_l * 1000, "unit": "ms",
         "baseline": idle_s * 1000, "ratio": idle_l / idle_s, "target": "ratio ≤ 1.5",
         "met": idle_l / idle_s <= 1.5},
        {"figure": "sweep warning+breaching 1,000, 100k cases", "value": busy_s, "unit": "s"},
        {"figure": "sweep warning+breaching 1,000, 1M cases", "value": busy_l, "unit": "s",
         "baseline": busy_s, "ratio": busy_l / busy_s, "target": "ratio ≤ 1.5",
         "met": busy_l / busy_s <= 1.5},
    ]
    print(f"Breach candidates at 1M cases:\n{plan}\n")
    print_table(rows)
    record("escalation", rows)
    flush_bench_broker()


if __name__ == "__main__":
    sys.exit(main())
