"""Shared plumbing for the benchmarks (not tests): a scratch PostgreSQL database, Django set-up,
medians of repeated runs, and a results file that `make bench` turns into bench/RESULTS.md.

Every benchmark prints its own table and records its rows with `record()`; each figure comes
with the baseline it is compared to, measured in the same process and run.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS_JSON = ROOT / "bench" / "results.json"
sys.path.insert(0, str(ROOT))


def bench_database_url(name: str = "grid_bench") -> str:
    """A scratch database next to DATABASE_URL's, created empty; the benchmark owns it."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    parts = urlsplit(base)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def setup_django(database_url: str | None = None, migrate: bool = False) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    # This file is imported as `common`, which is also the project's bottom package (common/):
    # forget it, so that the project's imports find the package. The benchmarks keep what
    # they already imported from here.
    if sys.modules.get("common") is sys.modules[__name__]:
        del sys.modules["common"]
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def timed(function, repeat: int = 5, setup=None) -> float:
    """Median seconds of `repeat` runs of function(); setup() runs untimed before each."""
    samples = []
    for _ in range(repeat):
        if setup:
            setup()
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def record(bench: str, rows: list[dict], **details) -> None:
    """Keep this benchmark's rows (figure, value, unit, baseline, ratio, target, met), and any
    details the report shows beside them (a long run's load average)."""
    data = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())  # Django sets TZ to the city's
    data[bench] = {"at": at, "rows": rows, **details}
    RESULTS_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def print_table(rows: list[dict]) -> None:
    print("| figure | value | baseline | ratio | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for r in rows:
        print(f"| {r['figure']} | {fmt(r.get('value'), r.get('unit'))} | "
              f"{fmt(r.get('baseline'), r.get('unit'))} | {fmt(r.get('ratio'), '×')} | "
              f"{r.get('target', '')} | {met(r)} |")


def fmt(value, unit) -> str:
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:,.2f}×"
    return f"{value:,.3g} {unit or ''}".strip() if value < 100 else f"{value:,.0f} {unit or ''}"


def met(row) -> str:
    return {True: "yes", False: "NO", None: ""}[row.get("met")]


def flush_bench_broker() -> None:
    """Empty the benchmark's Redis database: sweeps and reports queued notifications for a
    worker that does not run here."""
    url = os.environ.get("REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()
