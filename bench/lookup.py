"""Point-in-grid lookup: the project's index against a raw Shapely STRtree and a naive loop.

Run: .venv/bin/python bench/lookup.py   (prints a Markdown table; figures go in README.md)
All three answer the same random points in the same process; ratios are against the raw
STRtree query, the baseline the project's index wraps.
"""

import os
import random
import sys
import time
from pathlib import Path

import django
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
django.setup()

from grids.demo_geometry import build_demo_district, synthetic_tiling  # noqa: E402
from grids.index import GridIndex  # noqa: E402


def per_call_us(functions: dict, points, rounds: int = 5) -> dict[str, float]:
    """Best time per call of each function, the functions taking turns so that drift in the
    machine's speed hits all of them alike."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            for lon, lat in points:
                function(lon, lat)
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: seconds / len(points) * 1e6 for name, seconds in best.items()}


def measure(label: str, polygons: list, codes: list[str], lookups: int, naive_lookups: int):
    bounds = shapely.total_bounds(polygons)
    rng = random.Random(1)
    points = [(rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3]))
              for _ in range(lookups)]
    index = GridIndex.build(None, range(len(polygons)), codes, polygons)
    tree = shapely.STRtree(polygons)

    def raw(lon, lat):
        return tree.query(shapely.Point(lon, lat), predicate="intersects")

    def naive(lon, lat):
        point = shapely.Point(lon, lat)
        return next((i for i, polygon in enumerate(polygons) if polygon.intersects(point)), None)

    for lon, lat in points[:200]:  # the three must agree before their speed means anything
        hits = set(raw(lon, lat).tolist())
        found = index.locate(lon, lat)
        assert (found is None and not hits) or found in hits
        assert (naive(lon, lat) is None) == (not hits)
    timed = per_call_us({"project": index.locate, "raw": raw}, points)
    project, baseline = timed["project"], timed["raw"]
    loop = per_call_us({"naive": naive}, points[:naive_lookups], rounds=1)["naive"]
    return [
        (label, "project GridIndex.locate", project, project / baseline),
        (label, "raw Shapely STRtree.query", baseline, 1.0),
        (label, "naive loop over polygons", loop, loop / baseline),
    ]


def main():
    demo = [spec for spec in build_demo_district() if spec.level == "grid"]
    rows = measure("921 (demo district)", [g.geometry for g in demo], [g.code for g in demo],
                   lookups=20_000, naive_lookups=2_000)
    started = time.perf_counter()
    city = synthetic_tiling(100_000)
    built = time.perf_counter() - started
    rows += measure("100,000 (synthetic city)", city, [f"{i:015d}" for i in range(len(city))],
                    lookups=20_000, naive_lookups=50)
    print(f"Python {sys.version.split()[0]}, Shapely {shapely.__version__}; "
          f"100,000-grid tiling generated in {built:.1f}s")
    print("| grids | method | µs per lookup | × raw STRtree |")
    print("|---|---|---:|---:|")
    for grids, method, micros, ratio in rows:
        print(f"| {grids} | {method} | {micros:,.1f} | {ratio:,.2f} |")


if __name__ == "__main__":
    main()
