"""Duty-list import: `manage.py import_duties` on a generated workbook the size of a real
district's list (1,367 matters over the 133 subcategories, about ten each), as a dry run and
with --commit.

Run: [DATABASE_URL=postgres://...] .venv/bin/python bench/duties.py [--matters N] [--keep]

Works on the database configured (SQLite by default): it is migrated, and seeded with the demo
district if it holds no regions. The workbook has the department register and, for every
subcategory, a district-wide default, a default row for each street (属地街道 or one of its
bodies), alternatives with 属地 and code references, and for some a community's own row
(属地村居): every 属地 reference is checked in every street and community it serves. The
figure is the whole command's time, reading the .xlsx included, median of a few runs.
Everything happens in one transaction rolled back at the end unless --keep.
"""

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from common import print_table, record, setup_django

TARGET_SECONDS = 10.0  # "seconds, not minutes" for a whole district's list
RUNS = 3
FUNCTIONS = ["城管中队", "司法所", "爱卫办", "安监办", "劳动保障所"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=1367)
    parser.add_argument("--keep", action="store_true", help="Commit the last imported list.")
    args = parser.parse_args()
    setup_django(migrate=True)
    from django.db import connection, transaction

    with transaction.atomic():
        _seed_if_empty()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "权责清单.xlsx"
            written = _write_workbook(path, args.matters)
            print(f"Workbook: {written:,} matters, {path.stat().st_size / 1024:.0f} KiB "
                  f"({connection.vendor}).", file=sys.stderr)
            dry = _median_seconds(path)
            commit = _median_seconds(path, "--commit")
        if not args.keep:
            transaction.set_rollback(True)
    target = f"≤ {TARGET_SECONDS:.0f} s"
    rows = [{"figure": f"import_duties, {written:,} matters, dry run ({connection.vendor})",
             "value": dry, "unit": "s", "target": target, "met": dry <= TARGET_SECONDS},
            {"figure": f"import_duties --commit, {written:,} matters ({connection.vendor})",
             "value": commit, "unit": "s", "target": target, "met": commit <= TARGET_SECONDS}]
    print_table(rows)
    record("duties", rows)


def _seed_if_empty() -> None:
    from django.core.management import call_command

    from grids.models import Region

    if not Region.objects.exists():
        print("Seeding the demo district…", file=sys.stderr)
        call_command("seed_demo", "--commit", "--cases", "0", verbosity=0)


def _median_seconds(path: Path, *flags: str) -> float:
    import statistics

    from django.core.management import call_command

    samples = []
    for run in range(RUNS):
        out = io.StringIO()
        started = time.perf_counter()
        call_command("import_duties", str(path), *flags, "--name", f"bench {run}", stdout=out)
        samples.append(time.perf_counter() - started)
        if "No problems" not in out.getvalue():
            sys.exit(out.getvalue()[-3000:])
    return statistics.median(samples)


def _write_workbook(path: Path, count: int) -> int:
    import openpyxl

    from org import duties

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(duties.DEPARTMENTS)
    sheet.append(duties.DEPARTMENT_COLUMNS)
    for row in _departments():
        sheet.append(row)
    sheet = book.create_sheet(duties.MATTERS)
    sheet.append(duties.MATTER_COLUMNS)
    matters = _matters(count)
    for row in matters:
        sheet.append(row)
    book.save(path)
    return len(matters)


def _departments() -> list[list]:
    from org.duties import KIND_NAMES
    from org.models import Department

    return [[d.code, d.name, KIND_NAMES[d.kind], d.region_code, d.function,
             d.parent.code if d.parent else "", "是" if d.works_around_the_clock else "否"]
            for d in Department.objects.select_related("parent").order_by("code")]


def _matters(count: int) -> list[list]:
    """About ten rows per subcategory, in the columns of duties.MATTER_COLUMNS."""
    from grids.models import Region
    from org.models import DefaultOwner

    owners = {o.subcategory.code: o.department.code
              for o in DefaultOwner.objects.select_related("subcategory", "department")}
    regions = Region.objects.filter(generation__is_active=True)
    streets = list(regions.filter(level="street").values_list("code", flat=True))
    communities = list(regions.filter(level="community").values_list("code", flat=True))
    codes = sorted(owners)
    rows, n = [], 0
    while len(rows) < count:
        sub = codes[n % len(codes)]
        rows.append(_row(sub, n, len(rows), owners, streets, communities))
        n += 1
    return rows


def _row(sub, n, i, owners, streets, communities) -> list:
    """The i-th row overall, the (n // 133)-th of its subcategory."""
    turn, basis = n // 133, "《城市市容和环境卫生管理条例》"
    if turn == 0:  # the district-wide default
        lead, assisting, region, default = owners[sub], "属地街道", "", "是"
    elif turn <= len(streets):  # each street's own default
        lead = "属地街道" if turn % 2 else f"属地街道:{FUNCTIONS[n % 5]}"
        assisting, region, default = "属地村居", streets[turn - 1], "是"
    elif turn == 10:  # a community's own default for a few subcategories
        lead, assisting, default = "属地村居", "属地街道:司法所", "是"
        region = communities[n % len(communities)]
    else:  # alternatives
        lead = ["属地村居", owners[sub], "属地街道", f"属地街道:{FUNCTIONS[n % 5]}",
                "CGJ"][turn % 5]
        assisting, region, default = f"{owners[sub]}；属地街道:{FUNCTIONS[turn % 5]}", "", "否"
    level = "村居" if lead == "属地村居" else "镇街" if lead.startswith("属地") else "区"
    unit = ["工作日", "工作小时", "小时"][n % 3]
    return [f"M{i:05d}", f"{sub}号事项第{turn + 1}项", sub, level, lead, assisting, basis,
            [5, 4, 24][n % 3], unit, None, region, default, None, None]


if __name__ == "__main__":
    main()
