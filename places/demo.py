"""A generated address register for the demo district, consistent with its grids: named roads
with house numbers, estates with buildings, units and rooms, a house record for every
residential address and a few thousand units (shops, 九小场所, schools). No real place."""

import random
import re

import numpy as np
import shapely
from django.db import connection
from django.utils import timezone

from places.fts import bulk_load
from places.models import Address, House, Unit
from places.services import refresh_grid_tallies
from places.text import compose, normalise

STEMS = re.findall("..", "祖庙丰宁人民建新锦华季华汾江福贤卫国文华普澜升平莲花朝安亲仁永安"
                   "市东绿景同济城门公正福宁东华隆庆岭南兆祥塔坡明华宝华平政燎原"
                   "新风湾华石湾澜石张槎江湾镇中金澜惠景华远佛平魁奇雾岗深村")
ROAD_KINDS = ["路", "路", "路", "街", "大道", "巷"]
ESTATES = ["花园", "苑", "小区", "雅居", "新村", "豪庭"]
UNIT_KINDS = [("小餐饮", "餐厅"), ("小商店", "便利店"), ("小美容美发", "发型屋"),
              ("小旅馆", "旅馆"), ("小网吧", "网咖"), ("小医院诊所", "诊所"),
              ("小加工企业", "五金加工厂"), ("企业", "贸易有限公司"), ("学校", "幼儿园")]
# Columns of places_address after the code, in compose() order, then the point and grid.
PARTS = ["street", "community", "road", "number", "estate", "building", "unit", "room"]


def _points(rng, polygon, count):
    """`count` points inside the polygon (rejection sampling in its bounds)."""
    minx, miny, maxx, maxy = polygon.bounds
    found = []
    while len(found) < count:
        xs = rng.uniform(minx, maxx, count * 2)
        ys = rng.uniform(miny, maxy, count * 2)
        inside = shapely.contains_xy(polygon, xs, ys)
        found += list(zip(xs[inside].tolist(), ys[inside].tolist()))
    return found[:count]


def _grid_rows(rng, points, grid, names, roads, numbers):
    """A dozen shop fronts on the community's roads and an estate of three buildings:
    (parts, is residential) for each address of the grid."""
    street, community = names[grid.parent_code[:9]], names[grid.parent_code]
    for _ in range(12):
        road = rng.choice(roads)
        numbers[road] = numbers.get(road, 0) + rng.randint(1, 3)
        yield [street, community, road, str(numbers[road]), "", "", "", ""], \
            rng.random() < 0.6
    estate, road = rng.choice(STEMS) + rng.choice(ESTATES), rng.choice(roads)
    numbers[road] = numbers.get(road, 0) + 2
    for building in range(1, 4):
        for unit in range(1, 3):
            for floor in range(1, 5):
                yield [street, community, road, str(numbers[road]), estate, str(building),
                       str(unit), f"{floor}0{unit}"], True


def demo_register(grids, names: dict[str, str], seed: int = 440604) -> dict[str, int]:
    """`grids`: RegionSpec of every grid; `names`: region code → name."""
    rng, nprng = random.Random(seed), np.random.default_rng(seed)
    roads_of, numbers_of, rows, residential, shops = {}, {}, [], [], []
    for grid in grids:
        community = grid.parent_code
        roads = roads_of.setdefault(community, [
            rng.choice(STEMS) + rng.choice(ROAD_KINDS) for _ in range(3)])
        points = iter(_points(nprng, grid.geometry, 40))
        for parts, lived_in in _grid_rows(rng, points, grid, names, roads,
                                          numbers_of.setdefault(community, {})):
            code = f"{grid.code}{len(rows):05d}"
            lon, lat = next(points)
            rows.append([code, *parts, lat, lon, grid.code, normalise(compose(*parts))])
            (residential if lived_in else shops).append(code)
    with bulk_load():
        _insert(Address, ["code", *PARTS, "lat", "lon", "grid_code", "search"], rows)
    ids = dict(Address.objects.values_list("code", "id"))
    now = timezone.now()
    _insert(House, ["address_id", "use", "is_rented", "registered_residents",
                    "floating_residents", "updated_at"],
            [[ids[code], House.Use.RESIDENTIAL, rng.random() < 0.25, rng.randint(0, 5),
              rng.choice([0, 0, 0, 1, 2, 3]), now] for code in residential])
    units = [Unit(name=f"{rng.choice(STEMS)}{label}", kind=kind, address_id=ids[code])
             for code in rng.sample(shops, min(len(shops), 3000))
             for kind, label in [rng.choice(UNIT_KINDS)]]
    Unit.objects.bulk_create(units, batch_size=1000)
    refresh_grid_tallies()
    return {"addresses": len(rows), "houses": len(residential), "units": len(units)}


def _insert(model, columns, rows) -> None:
    """Plain executemany: tens of thousands of rows in a second, where bulk_create, bound by
    SQLite's limit on query parameters, needs hundreds of statements."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
