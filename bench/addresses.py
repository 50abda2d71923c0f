"""Address search and geocoding with 1,000,000 standard addresses on PostgreSQL.

Run: DATABASE_URL=postgres://... .venv/bin/python bench/addresses.py
(BENCH_ADDRESSES=200000 for a smaller register; BENCH_KEEP=1 keeps the database for EXPLAIN
ANALYZE). A scratch database `bench_addr` is created and migrated, and a register of
1,000,000 addresses generated in the demo district's 921 grids on the pattern of the demo
register (places/demo.py: named roads of each community, one in ten named by a single
character, shop fronts and estates with buildings, units and rooms), loaded with COPY; the
pg_trgm index is then built (timed) and the table analysed. Then, in one process:

- search: a few hundred queries as people type them (祖庙路12号, 祖庙路十二号3栋, 湾庆社区丰宁路,
  the estate and room without the road, a character left out or wrong, a road name of one or
  two characters) through places.search.search, p50 and p95, against two baselines on the
  same queries: a plain `LIKE '%…%'` of the whole normalised query (LIMIT 10) and an exact
  lookup by address code;
- geocoding: places.search.geocode on a sample of register addresses as written and garbled
  (the house number in Chinese numerals, 号 dropped, 栋 written 座 or 幢): the share that lands
  in the address's grid and the share that finds the address itself.

The database is dropped at the end.
"""

import os
import random
import re
import sys
import time

from common import bench_database_url, print_table, record, setup_django

ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", "1000000"))
QUERIES = 400
GEOCODE_SAMPLE = 300
TARGET_P95_MS = 50
SEED = 17
DATABASE = "bench_addr"
PARTS = ["street", "community", "road", "number", "estate", "building", "unit", "room"]
NUMERALS = "零一二三四五六七八九"


def chinese(number: str) -> str:
    """12 → 十二, 20 → 二十, 305 → 三〇五 (as tests/places writes them)."""
    value = int(number)
    if value < 100:
        tens, ones = divmod(value, 10)
        return (NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "") + (
            NUMERALS[ones] if ones else "")
    return "".join("〇" if d == "0" else NUMERALS[int(d)] for d in number)


def garbled(row: dict, rng) -> str:
    """The number in Chinese numerals, 号 dropped, 栋 written 座 or 幢."""
    text = row["text"].replace(f"{row['road']}{row['number']}号",
                               f"{row['road']}{chinese(row['number'])}")
    return re.sub("栋", rng.choice(["座", "幢"]), text)


# --- the register --------------------------------------------------------------------------


def grid_rows(rng, grid, names, roads, numbers, per_grid):
    """Address parts for one grid: shop fronts on the community's roads, then estates of
    buildings × units × floors, until `per_grid`."""
    from places.demo import ESTATES, STEMS

    street, community = names[grid.parent_code[:9]], names[grid.parent_code]
    made = 0
    while made < per_grid:
        for _ in range(12):
            road = rng.choice(roads)
            numbers[road] = numbers.get(road, 0) + rng.randint(1, 3)
            yield [street, community, road, str(numbers[road]), "", "", "", ""]
            made += 1
        estate, road = rng.choice(STEMS) + rng.choice(ESTATES), rng.choice(roads)
        numbers[road] = numbers.get(road, 0) + 2
        for building in range(1, rng.randint(4, 12)):
            for unit in range(1, 3):
                for floor in range(1, rng.randint(5, 12)):
                    yield [street, community, road, str(numbers[road]), estate, str(building),
                           str(unit), f"{floor}0{unit}"]
                    made += 1


def community_roads(rng) -> list[str]:
    """Ten roads a community's addresses lie on; one in ten named by a single character."""
    from places.demo import ROAD_KINDS, STEMS

    return [(rng.choice(STEMS)[:1] if rng.random() < 0.1 else rng.choice(STEMS))
            + rng.choice(ROAD_KINDS) for _ in range(10)]


def load_register() -> float:
    """Replace the demo register by ADDRESSES generated ones (COPY); seconds taken."""
    import numpy as np
    from django.db import connection

    from grids.demo_geometry import build_demo_district
    from places.demo import _points
    from places.text import compose, normalise

    started = time.perf_counter()
    specs = build_demo_district()
    names = {s.code: s.name for s in specs}
    grids = [s for s in specs if s.level == "grid"]
    rng, nprng = random.Random(SEED), np.random.default_rng(SEED)
    per_grid = -(-ADDRESSES // len(grids))
    roads_of, numbers_of, count = {}, {}, 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE places_address CASCADE")
        cursor.execute("DROP INDEX IF EXISTS places_address_search_trgm")
        columns = ", ".join(["code", *PARTS, "lat", "lon", "grid_code", "search"])
        with cursor.copy(f"COPY places_address ({columns}) FROM STDIN") as copy:
            for grid in grids:
                roads = roads_of.setdefault(grid.parent_code, community_roads(rng))
                points = _points(nprng, grid.geometry, per_grid)
                rows = grid_rows(rng, grid, names, roads,
                                 numbers_of.setdefault(grid.parent_code, {}), per_grid)
                for (lon, lat), parts in zip(points, rows, strict=False):
                    if count == ADDRESSES:
                        break
                    copy.write_row([f"{grid.code}{count:07d}", *parts, lat, lon, grid.code,
                                    normalise(compose(*parts))])
                    count += 1
    return time.perf_counter() - started


def build_index() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("CREATE INDEX places_address_search_trgm ON places_address "
                       "USING gin (search gin_trgm_ops)")
        cursor.execute("ANALYZE places_address")
    return time.perf_counter() - started


# --- queries -------------------------------------------------------------------------------


def sample_rows(n: int, seed: int) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(id) FROM places_address")
        total, first = cursor.fetchone()
        ids = random.Random(seed).sample(range(first, first + total), n)
        cursor.execute(f"SELECT code, {', '.join(PARTS)}, grid_code FROM places_address "
                       "WHERE id = ANY(%s)", [ids])
        rows = [dict(zip(["code", *PARTS, "grid_code"], r, strict=True))
                for r in cursor.fetchall()]
    from places.text import compose

    for row in rows:
        row["text"] = compose(*[row[p] for p in PARTS])
    return rows


def typo(text: str, rng) -> str:
    """One character of the text left out or replaced by a neighbour's."""
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1:] if rng.random() < 0.5 else text[:i] + "东" + text[i + 1:]


def queries(rows: list[dict]) -> list[tuple[str, str]]:
    """(kind, text) as people type them, a few of each kind per sampled address."""
    rng = random.Random(SEED + 1)
    out = []
    for row in rows:
        road_number = f"{row['road']}{row['number']}号"
        kinds = [("road and number", road_number),
                 ("community and road", f"{row['community']}{row['road']}"),
                 ("typed with a slip", typo(row["text"], rng))]
        if row["building"]:
            kinds += [("numerals and building",
                       f"{row['road']}{chinese(row['number'])}号{row['building']}栋"),
                      ("estate, building, room",
                       f"{row['estate']}{row['building']}栋{row['room']}")]
        else:
            kinds.append(("whole address", row["text"]))
        kinds.append(("road name of 1–2 characters", row["road"][:rng.choice([1, 2])]))
        out += [rng.choice(kinds)]
    return out


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_each(function, items) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def plain_like(text: str):
    from places.models import Address
    from places.text import normalise

    return list(Address.objects.filter(search__contains=normalise(text))[:10])


def by_code(code: str):
    from places.models import Address

    return Address.objects.filter(code=code).first()


def search_figures(rows) -> list[dict]:
    from places.search import search

    asked = queries(rows)[:QUERIES]
    texts = [text for _, text in asked]
    for text in texts[:20]:  # warm the caches and the plan cache alike for all three
        search(text), plain_like(text)
    timings = timed_each(search, texts)
    like = timed_each(plain_like, texts)
    exact = timed_each(by_code, [r["code"] for r in rows][:len(texts)])
    by_kind = {}
    for (kind, _), ms in zip(asked, timings, strict=True):
        by_kind.setdefault(kind, []).append(ms)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind}: {len(values)} queries, p50 {percentile(values, .5):.1f} ms, "
              f"p95 {percentile(values, .95):.1f} ms")
    p95, p50 = percentile(timings, .95), percentile(timings, .5)
    n = len(texts)
    return [
        {"figure": f"address search p95, {ADDRESSES:,} addresses, {n} typed queries, vs a plain "
                   "LIKE '%…%' of the whole query (p95)", "value": p95, "unit": "ms",
         "baseline": percentile(like, .95), "ratio": p95 / percentile(like, .95),
         "target": f"≤ {TARGET_P95_MS} ms", "met": p95 <= TARGET_P95_MS},
        {"figure": "address search p50, vs a plain LIKE (p50)", "value": p50, "unit": "ms",
         "baseline": percentile(like, .5), "ratio": p50 / percentile(like, .5), "target": "",
         "met": None},
        {"figure": "address search p50, vs an exact lookup by address code (p50)",
         "value": p50, "unit": "ms", "baseline": percentile(exact, .5),
         "ratio": p50 / percentile(exact, .5), "target": "", "met": None},
    ]


def geocode_figures(rows) -> list[dict]:
    from places.search import geocode

    rng = random.Random(SEED + 2)
    results = {}
    for variant in ("as written", "garbled"):
        grid = address = 0
        for row in rows:
            found = geocode(row["text"] if variant == "as written" else garbled(row, rng))
            grid += bool(found and found.address.grid_code == row["grid_code"])
            address += bool(found and found.address.code == row["code"])
        results[variant] = (grid / len(rows), address / len(rows))
    (grid_plain, address_plain), (grid_garbled, address_garbled) = results.values()
    n = len(rows)
    return [
        {"figure": f"geocoder, {n} garbled register addresses: in the right grid, vs the same "
                   "addresses as written", "value": grid_garbled * 100, "unit": "%",
         "baseline": grid_plain * 100, "ratio": grid_garbled / grid_plain,
         "target": "≥ 85%", "met": grid_garbled >= 0.85},
        {"figure": f"geocoder, {n} garbled register addresses: the right address, vs as written",
         "value": address_garbled * 100, "unit": "%", "baseline": address_plain * 100,
         "ratio": address_garbled / address_plain, "target": "", "met": None},
    ]


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def main():
    setup_django(bench_database_url(DATABASE), migrate=True)
    try:
        load_s = load_register()
        index_s = build_index()
        print(f"{ADDRESSES:,} addresses generated and copied in {load_s:.0f} s; pg_trgm index "
              f"built and analysed in {index_s:.0f} s.")
        rows = sample_rows(max(QUERIES, GEOCODE_SAMPLE), SEED)
        figures = search_figures(rows) + geocode_figures(rows[:GEOCODE_SAMPLE])
        figures += [{"figure": f"COPY of {ADDRESSES:,} generated addresses",
                     "value": load_s, "unit": "s", "target": "", "met": None},
                    {"figure": f"pg_trgm GIN index over {ADDRESSES:,} addresses, built",
                     "value": index_s, "unit": "s", "target": "", "met": None}]
        print_table(figures)
        record("addresses", figures)
    finally:
        if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1 leaves it for EXPLAIN ANALYZE
            drop_database()


if __name__ == "__main__":
    sys.exit(main())
