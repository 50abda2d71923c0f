"""A campaign of 100,000 tasks: its creation (one INSERT ... SELECT over the register, the region
tree and the grid assignments) against a raw bulk insert of the same rows, and its progress per
street and per community (one GROUP BY each) with 40% of the tasks done.

Run: DATABASE_URL=postgres://... .venv/bin/python bench/campaigns.py [--tasks N]

Works in a scratch PostgreSQL database (campaign_bench): migrated, seeded with the demo district
(921 grids, 28,707 houses), then the register is grown to N houses by copying addresses within
their grids, untimed. The baseline is psycopg's executemany of the very rows the launch
created (read back beforehand), i.e. what any bulk insert of them costs at least.
"""

import argparse
import sys
import time
from datetime import timedelta

from common import bench_database_url, print_table, record, setup_django, timed

CREATE_TARGET = 60.0  # seconds for 100,000 tasks (issue 19)
PROGRESS_TARGET = 0.5  # seconds per progress answer


def grow_register(houses: int) -> int:
    """Copies of addresses (and a house at each) until the register holds `houses` houses."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM places_house")
        (have,) = cursor.fetchone()
        missing = max(0, houses - have)
        if missing:
            cursor.execute(
                """
                INSERT INTO places_address (code, street, community, road, number, estate,
                  building, unit, room, lat, lon, grid_code, search)
                SELECT a.code || '-' || n, a.street, a.community, a.road, a.number || '-' || n,
                  a.estate, a.building, a.unit, a.room, a.lat, a.lon, a.grid_code, a.search
                FROM places_address a
                CROSS JOIN generate_series(1, 1 + %(missing)s / (SELECT count(*)
                                                                FROM places_address)) AS n
                ORDER BY n, a.id LIMIT %(missing)s
                """, {"missing": missing})
            cursor.execute(
                """
                INSERT INTO places_house (address_id, use, is_rented, registered_residents,
                  floating_residents, updated_at)
                SELECT a.id, 'residential', false, 2, 0, now() FROM places_address a
                WHERE NOT EXISTS (SELECT 1 FROM places_house h WHERE h.address_id = a.id)
                ORDER BY a.id LIMIT %(missing)s
                """, {"missing": missing})
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM places_house")
        return cursor.fetchone()[0]


def new_campaign():
    from django.utils import timezone

    from events.campaigns.models import Campaign, FormField

    today = timezone.localdate()
    campaign = Campaign.objects.create(name="登革热蚊媒孳生地清查（基准）", target="house",
                                       starts_on=today, ends_on=today + timedelta(days=6))
    FormField.objects.create(campaign=campaign, key="positive_containers", label="阳性容器数",
                             kind="number")
    return campaign


def launch_seconds() -> tuple[float, int, object]:
    from django.db import connection

    from events.campaigns.launch import campaign_launch

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE campaigns_task CASCADE")
    campaign = new_campaign()
    started = time.perf_counter()
    created = campaign_launch(campaign=campaign)
    return time.perf_counter() - started, created, campaign


def baseline_seconds(campaign) -> float:
    """executemany of the rows the launch made, into an emptied task table."""
    from django.db import connection

    columns = ("campaign_id, worker_id, grid_code, community_code, street_code, address_id, "
               "house_id, unit_id, due_at, status, answers, note, finding")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM campaigns_task WHERE campaign_id = %s",
                       [campaign.pk])
        rows = [(*row[:10], "{}", *row[11:]) for row in cursor.fetchall()]
        cursor.execute("TRUNCATE campaigns_task CASCADE")
        started = time.perf_counter()
        cursor.executemany(f"INSERT INTO campaigns_task ({columns}) VALUES "
                           "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)", rows)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    setup_django(bench_database_url("campaign_bench"), migrate=True)
    from django.core.management import call_command
    from django.db import connection

    from events.campaigns import selectors

    print("Seeding the demo district…", file=sys.stderr)
    call_command("seed_demo", "--commit", "--cases", "0", verbosity=0)
    houses = grow_register(args.tasks)
    print(f"{houses:,} houses in the register.", file=sys.stderr)
    runs = [launch_seconds() for _ in range(3)]
    create, created, _ = sorted(runs, key=lambda r: r[0])[1]
    baseline = baseline_seconds(runs[-1][2])
    create_runs = launch_seconds()  # the campaign the progress figures read
    campaign = create_runs[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE campaigns_task SET status = 'done', done_at = now(), "
                       "answers = '{\"positive_containers\": 1}' WHERE id % 5 < 2")
        cursor.execute("ANALYZE campaigns_task")
    street = timed(lambda: selectors.progress(campaign, "street"), repeat=7)
    community = timed(lambda: selectors.progress(campaign, "community"), repeat=7)
    breteau = timed(lambda: selectors.breteau(campaign), repeat=5)
    rows = [
        {"figure": f"campaign launch, {created:,} tasks (median of 3), vs executemany of the "
                   "same rows", "value": create, "unit": "s", "baseline": baseline,
         "ratio": create / baseline, "target": "≤ 60 s", "met": create <= CREATE_TARGET},
        {"figure": f"progress per street, {created:,} tasks, 40% done (median of 7)",
         "value": street * 1000, "unit": "ms", "target": "≤ 500 ms",
         "met": street <= PROGRESS_TARGET},
        {"figure": f"progress per community (139), {created:,} tasks (median of 7)",
         "value": community * 1000, "unit": "ms", "target": "≤ 500 ms",
         "met": community <= PROGRESS_TARGET},
        {"figure": f"Breteau index per community, {created:,} tasks (median of 5)",
         "value": breteau * 1000, "unit": "ms"},
    ]
    print_table(rows)
    record("campaigns", rows)


if __name__ == "__main__":
    main()
