"""Point-in-grid lookup: the project's index against a raw Shapely STRtree (the floor), a naive
loop and PostGIS `ST_Contains` over a GiST index, one point at a time and in bulk.

Run: .venv/bin/python bench/lookup.py   (DATABASE_URL=postgres://... for the PostGIS rows;
without it they are left out). Every method answers the same random points in the same
process, the methods taking turns; each figure is the median of several rounds. Ratios are
against the raw STRtree query, which the project's index wraps.
"""

import os
import statistics
import sys
import time

import numpy as np
import shapely

from common import bench_database_url, print_table, record, setup_django

setup_django()

from grids.demo_geometry import build_demo_district, synthetic_tiling  # noqa: E402
from grids.index import GridIndex  # noqa: E402

ROUNDS = 5
SINGLE_POINTS = 20_000
BULK_POINTS = 200_000
POSTGIS_SINGLE_POINTS = 2_000
POSTGIS_BULK_POINTS = 20_000
TARGET_SINGLE_VS_TREE = 1.1  # locate() at most 1.1× the raw tree it wraps
TARGET_BULK_RATE = 200_000  # points/s at 100,000 grids

POSTGIS_ONE = ("SELECT pos FROM bench_grid WHERE ST_Contains(geom, "
               "ST_SetSRID(ST_MakePoint(%s, %s), 4326)) ORDER BY code LIMIT 1")
POSTGIS_MANY = ("SELECT (SELECT g.pos FROM bench_grid g WHERE ST_Contains(g.geom, "
                "ST_SetSRID(ST_MakePoint(p.x, p.y), 4326)) ORDER BY g.code LIMIT 1) "
                "FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(x, y, i) "
                "ORDER BY p.i")


def per_call_us(functions: dict, points, rounds: int = ROUNDS) -> dict[str, float]:
    """Median time per call of each function, the functions taking turns so that drift in the
    machine's speed hits all of them alike."""
    samples = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            for lon, lat in points:
                function(lon, lat)
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(s) / len(points) * 1e6 for name, s in samples.items()}


def bulk_rates(functions: dict, lons, lats, rounds: int = ROUNDS) -> dict[str, float]:
    """Median points per second of each bulk function, taking turns likewise."""
    samples = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            function(lons, lats)
            samples[name].append(time.perf_counter() - started)
    return {name: len(lons) / statistics.median(s) for name, s in samples.items()}


class PostGIS:
    """The grids in a PostGIS table with a GiST index, queried over a real TCP connection."""

    def __init__(self, database_url: str):
        import psycopg

        self.conn = psycopg.connect(database_url, autocommit=True)
        self.conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        self.cursor = self.conn.cursor()

    def load(self, polygons, codes) -> None:
        self.conn.execute("DROP TABLE IF EXISTS bench_grid")
        self.conn.execute("CREATE TABLE bench_grid (pos integer PRIMARY KEY, code text NOT NULL,"
                          " geom geometry(Polygon, 4326) NOT NULL)")
        wkb = shapely.to_wkb(shapely.set_srid(np.asarray(polygons), 4326), hex=True,
                             include_srid=True)
        with self.cursor.copy("COPY bench_grid (pos, code, geom) FROM STDIN") as copy:
            for row in zip(range(len(codes)), codes, wkb, strict=True):
                copy.write_row(row)
        self.conn.execute("CREATE INDEX ON bench_grid USING gist (geom)")
        self.conn.execute("ANALYZE bench_grid")

    def ping(self, lon, lat):
        """The floor of any query: a prepared round trip that does nothing."""
        return self.cursor.execute("SELECT %s::float8 + %s::float8", (lon, lat),
                                   prepare=True).fetchone()

    def one(self, lon, lat):
        row = self.cursor.execute(POSTGIS_ONE, (lon, lat), prepare=True).fetchone()
        return row[0] if row else None

    def many(self, lons, lats):
        rows = self.cursor.execute(POSTGIS_MANY, (list(lons), list(lats)), prepare=True)
        return [r[0] for r in rows.fetchall()]


def random_points(polygons, n: int, seed: int = 1):
    bounds = shapely.total_bounds(polygons)
    rng = np.random.default_rng(seed)
    return rng.uniform(bounds[0], bounds[2], n), rng.uniform(bounds[1], bounds[3], n)


def check_agreement(index, tree, postgis, lons, lats, naive) -> None:
    """The methods must agree before their speed means anything."""
    bulk = index.locate_many(lons, lats)
    for lon, lat, many in zip(lons.tolist(), lats.tolist(), bulk.tolist(), strict=True):
        hits = set(tree.query(shapely.Point(lon, lat), predicate="intersects").tolist())
        found = index.locate(lon, lat)
        assert (found is None and not hits) or found in hits
        assert many == (-1 if found is None else found)
        assert (naive(lon, lat) is None) == (not hits)
        if postgis:
            assert postgis.one(lon, lat) == found  # random points are never on an edge
    if postgis:
        assert postgis.many(lons, lats) == [None if b < 0 else b for b in bulk.tolist()]


def measure(label: str, polygons, codes, naive_lookups: int, postgis: PostGIS | None):
    """Rows of the printed table and the figures recorded for RESULTS.md."""
    index = GridIndex.build(None, range(len(polygons)), codes, polygons)
    tree = shapely.STRtree(polygons)
    lons, lats = random_points(polygons, BULK_POINTS)
    points = list(zip(lons[:SINGLE_POINTS].tolist(), lats[:SINGLE_POINTS].tolist()))

    def raw(lon, lat):
        return tree.query(shapely.Point(lon, lat), predicate="intersects")

    def raw_bulk(xs, ys):
        return tree.query(shapely.points(xs, ys), predicate="intersects")

    def naive(lon, lat):
        point = shapely.Point(lon, lat)
        return next((i for i, polygon in enumerate(polygons) if polygon.intersects(point)), None)

    if postgis:
        postgis.load(polygons, codes)
    check_agreement(index, tree, postgis, lons[:200], lats[:200], naive)
    single = per_call_us({"project": index.locate, "raw": raw}, points)
    bulk = bulk_rates({"project": index.locate_many, "raw": raw_bulk}, lons, lats)
    loop = per_call_us({"naive": naive}, points[:naive_lookups], rounds=1)["naive"]
    pg_single = pg_bulk = pg = None
    if postgis:
        postgis.one(*points[0])  # prepare the statements before timing
        postgis.ping(*points[0])
        postgis.many(lons[:10], lats[:10])
        pg = per_call_us({"pg": postgis.one, "ping": postgis.ping},
                         points[:POSTGIS_SINGLE_POINTS])
        pg_single = pg["pg"]
        n = POSTGIS_BULK_POINTS
        pg_bulk = bulk_rates({"pg": postgis.many}, lons[:n], lats[:n], rounds=3)["pg"]
    rows = table_rows(label, single, bulk, loop, pg_single, pg_bulk)
    if postgis:
        rows.append((label, "PostgreSQL prepared round trip alone (SELECT 1 + 1)", pg["ping"],
                     pg["ping"] / single["raw"]))
    return rows, figures(label, len(polygons), single, bulk, pg, pg_bulk)


def table_rows(label, single, bulk, loop, pg_single, pg_bulk):
    floor = single["raw"]
    rows = [
        (label, "project GridIndex.locate", single["project"]),
        (label, "raw Shapely STRtree.query", floor),
        (label, "naive loop over polygons", loop),
        (label, "project GridIndex.locate_many (bulk)", 1e6 / bulk["project"]),
        (label, "raw STRtree.query on a points array (bulk)", 1e6 / bulk["raw"]),
    ]
    if pg_single:
        rows += [(label, "PostGIS ST_Contains, prepared, one point per query", pg_single),
                 (label, "PostGIS ST_Contains, unnest() of 20,000 points (bulk)", 1e6 / pg_bulk)]
    return [(grids, method, micros, micros / floor) for grids, method, micros in rows]


def figures(label, n_grids, single, bulk, pg, pg_bulk) -> list[dict]:
    pg_single = pg["pg"] if pg else None
    ratio = single["project"] / single["raw"]
    rows = [
        {"figure": f"{label}: GridIndex.locate, per point, vs raw STRtree",
         "value": single["project"], "unit": "µs", "baseline": single["raw"], "ratio": ratio,
         "target": f"≤ {TARGET_SINGLE_VS_TREE:g}×", "met": ratio <= TARGET_SINGLE_VS_TREE},
    ]
    if pg_single:
        ratio = single["project"] / pg_single
        rows.append({"figure": f"{label}: GridIndex.locate vs PostGIS ST_Contains (prepared)",
                     "value": single["project"], "unit": "µs", "baseline": pg_single,
                     "ratio": ratio, "target": "", "met": None})
        rows.append({"figure": f"{label}: PostgreSQL prepared round trip that does nothing, vs "
                     "GridIndex.locate (context for the row above)", "value": pg["ping"],
                     "unit": "µs", "baseline": single["project"],
                     "ratio": pg["ping"] / single["project"], "target": "", "met": None})
    at_scale = n_grids >= 100_000
    rows.append({"figure": f"{label}: locate_many, points/s, vs raw bulk STRtree",
                 "value": bulk["project"], "unit": "points/s", "baseline": bulk["raw"],
                 "ratio": bulk["project"] / bulk["raw"],
                 "target": f"≥ {TARGET_BULK_RATE:,} points/s" if at_scale else "",
                 "met": bulk["project"] >= TARGET_BULK_RATE if at_scale else None})
    if pg_bulk:
        rows.append({"figure": f"{label}: locate_many vs PostGIS bulk (unnest), points/s",
                     "value": bulk["project"], "unit": "points/s", "baseline": pg_bulk,
                     "ratio": bulk["project"] / pg_bulk, "target": "", "met": None})
    return rows


def connect_postgis() -> PostGIS | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL is not PostgreSQL: the PostGIS rows are left out.")
        return None
    return PostGIS(bench_database_url("grid_bench_lookup"))


def main():
    postgis = connect_postgis()
    demo = [spec for spec in build_demo_district() if spec.level == "grid"]
    table, recorded = measure("921 (demo district)", [g.geometry for g in demo],
                              [g.code for g in demo], naive_lookups=2_000, postgis=postgis)
    built = {}
    for n, label, naive_lookups in ((20_000, "20,000 (synthetic)", 200),
                                    (100_000, "100,000 (synthetic city)", 50)):
        started = time.perf_counter()
        tiles = synthetic_tiling(n)
        built[n] = time.perf_counter() - started
        rows, figs = measure(label, tiles, [f"{i:015d}" for i in range(n)], naive_lookups,
                             postgis)
        table += rows
        recorded += figs
    print(f"Python {sys.version.split()[0]}, Shapely {shapely.__version__}, GEOS "
          f"{shapely.geos_version_string}; tilings generated in "
          + ", ".join(f"{n:,}: {s:.1f}s" for n, s in built.items()))
    print(f"Median of {ROUNDS} alternating rounds; {SINGLE_POINTS:,} points one by one, "
          f"{BULK_POINTS:,} in bulk (PostGIS: {POSTGIS_SINGLE_POINTS:,} and "
          f"{POSTGIS_BULK_POINTS:,}; naive loop: fewer).")
    print("| grids | method | µs per lookup | × raw STRtree |")
    print("|---|---|---:|---:|")
    for grids, method, micros, ratio in table:
        print(f"| {grids} | {method} | {micros:,.2f} | {ratio:,.2f} |")
    print()
    print_table(recorded)
    record("lookup", recorded)


if __name__ == "__main__":
    main()
