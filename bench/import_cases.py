"""Historical case import: `manage.py import_cases` on a generated CSV, against filing the same
rows one by one through the live intake (events.intake.services.case_report), in the same run.

Run: [DATABASE_URL=postgres://...] .venv/bin/python bench/import_cases.py [--rows N]
     [--baseline-rows N] [--keep]

Works on the database configured (SQLite by default): it is migrated, and seeded with the demo
district if it holds no regions. The CSV (--rows, default 100,000: a year of history over the
demo district's 921 grids, every subcategory, 1% of the points outside every grid) goes to a
temporary file; the import runs with its progress bar, as an operator would see it. Everything
happens in one transaction that is rolled back at the end unless --keep, so the database is
left as it was. The figure is rows per second for the whole command (reading, checking,
locating, routing, writing cases and their steps); the baseline is case_report per row, which
is how the rows would otherwise get in.
"""

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from common import print_table, record, setup_django

TARGET_ROWS_PER_S = 500  # a year of a district's history (100,000 cases) in under 3.5 minutes
TARGET_SPEEDUP = 5.0  # × one case_report per row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="Commit the imported cases.")
    args = parser.parse_args()
    setup_django(migrate=True)
    from django.db import connection, transaction

    with transaction.atomic():
        _seed_if_empty()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "history.csv"
            started = time.perf_counter()
            _write_csv(path, args.rows)
            print(f"Generated {args.rows:,} rows in {time.perf_counter() - started:.1f}s "
                  f"({connection.vendor}).", file=sys.stderr)
            rate = _import_rate(path, args.rows)
            baseline = _intake_rate(path, args.baseline_rows)
        if not args.keep:
            transaction.set_rollback(True)
    rows = [{"figure": f"import_cases, {args.rows:,} rows ({connection.vendor})",
             "value": rate, "unit": "rows/s", "baseline": baseline, "ratio": rate / baseline,
             "target": f"≥ {TARGET_ROWS_PER_S:,} rows/s and ≥ {TARGET_SPEEDUP:.0f}× intake",
             "met": rate >= TARGET_ROWS_PER_S and rate / baseline >= TARGET_SPEEDUP}]
    print_table(rows)
    record("import_cases", rows)


def _seed_if_empty() -> None:
    from django.core.management import call_command

    from grids.models import Region

    if not Region.objects.exists():
        print("Seeding the demo district…", file=sys.stderr)
        call_command("seed_demo", "--commit", "--cases", "0", verbosity=0)


def _write_csv(path: Path, n: int) -> None:
    from events.intake.sample_archive import case_rows, write_csv

    write_csv(path, case_rows(n, seed=20261123))


def _import_rate(path: Path, n: int) -> float:
    """Rows per second of the whole command, progress bar included."""
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_cases", str(path), "--commit", stdout=out)
    seconds = time.perf_counter() - started
    print(out.getvalue().strip(), file=sys.stderr)
    return n / seconds


def _intake_rate(path: Path, n: int) -> float:
    """Rows per second through case_report, one row at a time (the same first rows)."""
    from events.intake.services import Report, case_report
    from taxonomy.models import Subcategory

    subcategories = {s.code: s for s in Subcategory.objects.all()}
    with path.open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(n), csv.DictReader(handle))]
    started = time.perf_counter()
    for row in rows:
        case_report(report=Report(subcategory=subcategories[row["subcategory"]],
                                  lat=float(row["lat"]), lon=float(row["lon"]),
                                  description=row["description"], address=row["address"]))
    return len(rows) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
