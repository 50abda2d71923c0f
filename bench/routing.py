"""Routing per report with a full duty list and a city's component register, against the same
router with the demo list and no components.

Run: .venv/bin/python bench/routing.py   (DATABASE_URL=postgres://... loads a scratch PostgreSQL
database; without it a temporary SQLite file). The demo district is seeded, then:

(a) the demo duty list (17 matters) and no components;
(b) a synthetic list of 1,367 matters (about 10 per subcategory: list-wide rows, street and
    community overrides, non-default alternatives, 属地 references of every form) and a register
    of 100,000 components, imported through import_components' own code (timed too).

Both states are loaded into the process's reference cache, and route_case then answers the same
reports (random points in random grids, random subcategories, a third of them manhole covers,
half of those next to a registered cover) with each state in turn, the states taking turns
round by round. Each figure is the median of the rounds. No query runs while timing (checked).
Context: a raw Shapely STRtree nearest-point query over the same 100,000 points.
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import bench_database_url, print_table, record, setup_django

ROUNDS = 7
REPORTS = 20_000
MATTERS = 1_367
COMPONENTS = 100_000
MANHOLE_SHARE = 1 / 3
TARGET_RATIO = 1.5
SEED = 20261207


def prepare_database() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        setup_django(bench_database_url("grid_bench_routing"), migrate=True)
    else:
        os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-routing-")
        setup_django(migrate=True)
    from django.core.management import call_command

    call_command("seed_demo", "--commit", verbosity=0)


def synthetic_list():
    """1,367 matters over the 133 subcategories, activated."""
    from grids.models import Region
    from org.models import DutyList, Level, Matter
    from org.routing import activate
    from taxonomy.models import Subcategory

    rng = random.Random(SEED)
    regions = Region.objects.filter(generation__is_active=True)
    district = regions.get(level="district").code
    streets = list(regions.filter(level="street").values_list("code", flat=True))
    communities = list(regions.filter(level="community").values_list("code", flat=True))
    leads = ["属地街道", "属地村居", "属地街道:城管中队", "属地街道:司法所", "CGJ", "ZJJ", "SJJ"]
    listed = DutyList.objects.create(name="bench list", region_code=district, source="bench")
    subs = list(Subcategory.objects.order_by("code"))
    rows = []

    def matter(sub, n, region="", default=True, **fields):
        lead = rng.choice(leads)
        level = Level.COMMUNITY if lead == "属地村居" else Level.STREET if lead.startswith(
            "属地") else Level.DISTRICT
        rows.append(Matter(duty_list=listed, code=f"{sub.code}-{n:02d}", name=f"{sub.name_zh}{n}",
                           subcategory=sub, level=level, lead=lead, region_code=region,
                           assisting=rng.sample(["属地街道:司法所", "属地街道:安监办", "HBJ"],
                                                rng.randint(0, 2)),
                           is_default=default, time_limit=rng.choice([None, 2, 5]),
                           time_unit="wd", **fields))

    for sub in subs:
        matter(sub, 0)
        for n, street in enumerate(streets, 1):
            matter(sub, n, street)
        for n, community in enumerate(rng.sample(communities, 4), 5):
            matter(sub, n, community)
        matter(sub, 9, default=False)
    for n, sub in enumerate(rng.sample(subs, MATTERS - len(rows)), 10):
        matter(sub, n, rng.choice(communities))
    Matter.objects.bulk_create(rows)
    activate(listed)
    return len(rows)


def register_file(path: Path) -> list[tuple[float, float]]:
    """A GeoJSON file of 100,000 components at random points of the district, mostly covers."""
    from grids.demo_geometry import build_demo_district

    rng = random.Random(SEED)
    district = next(s.geometry for s in build_demo_district() if s.level == "district")
    min_lon, min_lat, max_lon, max_lat = district.bounds
    owners = {"供水井盖": "GSG", "污水井盖": "PSG", "雨水井盖": "PSG", "电力井盖": "GDJ",
              "通信井盖": "TXG", "燃气井盖": "RQG", "不明井盖": "CGJ", "路灯": "LDS",
              "消防栓": "GSG"}
    kinds, weights = list(owners), [20, 15, 12, 8, 8, 5, 2, 22, 8]
    import shapely

    shapely.prepare(district)
    features, covers = [], []
    while len(features) < COMPONENTS:
        lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        if not shapely.contains_xy(district, lon, lat):
            continue
        kind = rng.choices(kinds, weights)[0]
        if kind.endswith("井盖"):
            covers.append((lat, lon))
        features.append({"type": "Feature", "geometry": {"type": "Point",
                                                         "coordinates": [lon, lat]},
                         "properties": {"code": f"B{len(features):06d}", "kind": kind,
                                        "owner": owners[kind]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return covers


def import_register(path: Path) -> tuple[float, float]:
    """Seconds to read and check the file, and to write it, as import_components does."""
    from org.components import read_components, save_components

    started = time.perf_counter()
    register = read_components(path)
    assert not register.errors, register.errors[:5]
    read = time.perf_counter() - started
    started = time.perf_counter()
    save_components(register.rows)
    return read, time.perf_counter() - started


def reports(covers) -> list[tuple]:
    """(subcategory, grid, lat, lon) of random reports in random grids."""
    from grids.index import locate_grid
    from grids.models import Region
    from taxonomy.models import Subcategory

    rng = random.Random(SEED + 1)
    subs = list(Subcategory.objects.all())
    manhole = [s for s in subs if s.name_zh in ("井盖丢失", "井盖破损")]
    boxes = list(Region.objects.filter(generation__is_active=True, level="grid").values_list(
        "min_lat", "max_lat", "min_lon", "max_lon"))
    found = []
    while len(found) < REPORTS:
        if rng.random() < MANHOLE_SHARE:
            sub = rng.choice(manhole)
            if rng.random() < 0.5:  # next to a registered cover
                lat, lon = rng.choice(covers)
                lat, lon = lat + rng.uniform(-1e-4, 1e-4), lon + rng.uniform(-1e-4, 1e-4)
            else:
                lat, lon = _in_box(rng, rng.choice(boxes))
        else:
            sub, (lat, lon) = rng.choice(subs), _in_box(rng, rng.choice(boxes))
        grid = locate_grid(lat, lon)
        if grid is not None:
            found.append((sub, grid, lat, lon))
    return found


def _in_box(rng, box):
    min_lat, max_lat, min_lon, max_lon = box
    return rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)


def warm(batch) -> dict:
    """Every cached value routing reads, loaded; the state's copy of the cache."""
    from common import reference
    from org.routing import route_case

    reference.forget()
    for sub, grid, lat, lon in batch:
        route_case(subcategory=sub, grid=grid, lat=lat, lon=lon)
    return dict(reference._state["values"])


def route_all(batch, state) -> tuple[float, int]:
    """µs per report with this state's reference data, and how many a component decided."""
    from common import reference
    from org.routing import route_case

    reference._state["values"] = state
    decided = 0
    started = time.perf_counter()
    for sub, grid, lat, lon in batch:
        decided += "component" in route_case(subcategory=sub, grid=grid, lat=lat,
                                             lon=lon).details
    return (time.perf_counter() - started) / len(batch) * 1e6, decided


def strtree_context(covers) -> float:
    """µs per nearest-point query of a raw STRtree over the covers (context)."""
    import numpy as np
    import shapely

    points = shapely.points(np.array([(lon, lat) for lat, lon in covers]))
    tree = shapely.STRtree(points)
    rng = random.Random(SEED + 2)
    probes = [shapely.Point(lon + rng.uniform(-2e-4, 2e-4), lat + rng.uniform(-2e-4, 2e-4))
              for lat, lon in rng.sample(covers, 10_000)]
    started = time.perf_counter()
    for probe in probes:
        tree.query_nearest(probe, max_distance=15 / 100_000)
    return (time.perf_counter() - started) / len(probes) * 1e6


def index_memory() -> float:
    """MiB the component index of (b) takes in the process."""
    # Imported here: tracemalloc imports pickle, which looks for Jython's org.python, and an
    # `org` found before common.py puts this checkout first would be another checkout's.
    import tracemalloc

    from org.models import Component
    from org.routing import ComponentIndex

    rows = list(Component.objects.values_list("kind_id", "lat", "lon", "pk", "code",
                                              "owner_id"))
    tracemalloc.start()
    index = ComponentIndex(rows)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del rows
    assert index.cells
    return size / 2**20


def main():
    prepare_database()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from org.models import Component

    Component.objects.all().delete()  # (a): the demo list, no components
    settings.REFERENCE_CHECK_SECONDS = 1e9  # the states below are swapped in by hand
    path = Path(tempfile.mkdtemp(prefix="bench-routing-")) / "components.geojson"
    covers = register_file(path)
    batch = reports(covers)
    demo = warm(batch)
    matters = synthetic_list()
    read_s, save_s = import_register(path)
    full = warm(batch)
    memory = index_memory()
    samples = {"demo": [], "full": []}
    with CaptureQueriesContext(connection) as queries:
        for _ in range(ROUNDS):
            for name, state in (("demo", demo), ("full", full)):
                samples[name].append(route_all(batch, state))
    assert not queries.captured_queries, queries.captured_queries[:3]
    decided = samples["full"][0][1]
    base = statistics.median(us for us, _ in samples["demo"])
    value = statistics.median(us for us, _ in samples["full"])
    tree_us = strtree_context(covers)
    ratio = value / base
    print(f"{len(batch):,} reports ({MANHOLE_SHARE:.0%} manhole covers), {ROUNDS} alternating "
          f"rounds; (b): {matters:,} matters, {Component.objects.count():,} components, "
          f"{decided:,} reports decided by a component; index {memory:.1f} MiB.")
    rows = [
        {"figure": f"route_case per report: {matters:,}-matter list + {COMPONENTS:,} "
                   f"components vs demo list, no components (median of {ROUNDS})",
         "value": value, "unit": "µs", "baseline": base, "ratio": ratio,
         "target": f"≤ {TARGET_RATIO:g}×", "met": ratio <= TARGET_RATIO},
        {"figure": "raw Shapely STRtree nearest-point query over the covers (context)",
         "value": tree_us, "unit": "µs", "target": "", "met": None},
        {"figure": f"import_components, {COMPONENTS:,} features: read and check",
         "value": read_s, "unit": "s", "target": "", "met": None},
        {"figure": f"import_components, {COMPONENTS:,} features: write",
         "value": save_s, "unit": "s", "target": "", "met": None},
        {"figure": f"component index in memory, {COMPONENTS:,} components",
         "value": memory, "unit": "MiB", "target": "", "met": None},
    ]
    print_table(rows)
    record("routing", rows)


if __name__ == "__main__":
    sys.exit(main())
