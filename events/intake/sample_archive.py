"""A synthetic archive of historical cases as CSV, to try `import_cases` on (its tests and
bench/import_cases.py use it): points in the active generation's grids (a few outside), every
subcategory, a year of history, statuses weighted like an archive (mostly closed)."""

import csv
import random
from datetime import timedelta

import shapely
from django.utils import timezone

from grids.geometry import to_shape
from grids.models import Region
from taxonomy.models import Subcategory

COLUMNS = ["tracking_number", "subcategory", "lat", "lon", "description", "address",
           "created_at", "status", "department"]
STATUSES = {"closed": 45, "rated": 25, "voided": 5, "已结案": 5, "processing": 8,
            "dispatched": 6, "reported": 4, "shelved": 2}
ROADS = ("祖庙路", "岭南大道", "季华五路", "汾江中路", "佛山大道", "绿景路", "江湾一路")


def case_rows(n: int, seed: int = 1, grids: int | None = None, subcategories=None):
    """`n` rows; `grids` limits the points to that many grids (to count queries)."""
    rng = random.Random(seed)
    regions = Region.objects.filter(generation__is_active=True, level="grid").order_by("code")
    polygons = [to_shape(g) for g in regions.values_list("geometry", flat=True)[:grids]]
    codes = subcategories or list(Subcategory.objects.values_list("code", flat=True))
    names = dict(Subcategory.objects.values_list("code", "name_zh"))
    now = timezone.localtime()
    for i in range(n):
        lon, lat = _point(rng, rng.choice(polygons), outside=rng.random() < 0.01)
        code = rng.choice(codes)
        created = now - timedelta(minutes=rng.randrange(10, 60 * 24 * 365))
        yield {"tracking_number": "", "subcategory": code, "lat": f"{lat:.6f}",
               "lon": f"{lon:.6f}", "description": f"{names[code]}（历史工单 {i + 1}）",
               "address": f"{rng.choice(ROADS)} {rng.randint(1, 300)} 号",
               "created_at": f"{created:%Y-%m-%d %H:%M:%S}",
               "status": rng.choices(list(STATUSES), list(STATUSES.values()))[0],
               "department": ""}


def _point(rng: random.Random, polygon, outside: bool) -> tuple[float, float]:
    if outside:
        return rng.uniform(100.0, 110.0), rng.uniform(30.0, 40.0)
    minx, miny, maxx, maxy = polygon.bounds
    for _ in range(20):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(polygon, x, y):
            return x, y
    point = polygon.representative_point()
    return point.x, point.y


def write_csv(path, rows, columns=COLUMNS, encoding="utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
