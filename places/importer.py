"""Import and export of the standard address register: CSV (UTF-8 or GB18030, as Chinese Excel
saves it) or GeoJSON points, with the columns of the register (地址编码, 镇街, 村居, 路巷, 门牌号,
小区, 楼栋, 单元, 房号, 经度, 纬度; extra columns ignored). Every problem is reported by row in
one pass; with any problem nothing is written. Addresses are created or updated by code; each
is put in its grid, and 镇街 / 村居 left empty are filled from the grid's path."""

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from common.spreadsheet import safe_row
from grids.index import active_index
from grids.models import Region
from places.fts import bulk_load
from places.models import Address
from places.services import refresh_grid_tallies
from places.text import normalise

COLUMNS = {"地址编码": "code", "镇街": "street", "村居": "community", "路巷": "road",
           "门牌号": "number", "小区": "estate", "楼栋": "building", "单元": "unit",
           "房号": "room", "经度": "lon", "纬度": "lat"}
TEXT_FIELDS = ["street", "community", "road", "number", "estate", "building", "unit", "room"]


@dataclass
class Result:
    read: int = 0
    created: int = 0
    updated: int = 0
    problems: list = field(default_factory=list)  # (row, code, message)
    addresses: list = field(default_factory=list)


def read_rows(path: Path):
    """(row number, {field: text}) from a CSV or GeoJSON file; row 1 is a CSV's header."""
    if path.suffix.lower() in (".geojson", ".json"):
        collection = json.loads(path.read_text(encoding="utf-8-sig"))
        for number, feature in enumerate(collection.get("features", []), start=1):
            row = {COLUMNS.get(k, k): str(v if v is not None else "").strip()
                   for k, v in (feature.get("properties") or {}).items()}
            geometry = feature.get("geometry") or {}
            if geometry.get("type") == "Point":
                row["lon"], row["lat"] = (str(c) for c in geometry["coordinates"][:2])
            yield number, row
        return
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(_("The file is neither UTF-8 nor GB18030."))
    reader = csv.DictReader(text.splitlines())
    missing = [name for name in ("地址编码", "路巷", "经度", "纬度")
               if name not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(_("Missing column(s): %(names)s.") % {"names": "、".join(missing)})
    for number, raw_row in enumerate(reader, start=2):
        yield number, {COLUMNS[k]: (v or "").strip() for k, v in raw_row.items() if k in COLUMNS}


def check(rows, to_wgs84=None) -> Result:
    """Parse and check every row; `to_wgs84(lon, lat)` converts other coordinate systems."""
    result, seen = Result(), set()
    index = active_index()
    for number, row in rows:
        result.read += 1
        code = row.get("code", "")
        problems = _row_problems(row, code, seen)
        if not problems:
            lon, lat = float(row["lon"]), float(row["lat"])
            if to_wgs84:
                lon, lat = to_wgs84(lon, lat)
            position = index.locate(lon, lat)
            if position is None:
                problems.append(_("The point lies outside every grid."))
        if problems:
            result.problems += [(number, code, message) for message in problems]
            continue
        seen.add(code)
        address = Address(code=code, lat=lat, lon=lon, grid_code=index.codes[position],
                          **{name: row.get(name, "") for name in TEXT_FIELDS})
        result.addresses.append(address)
    return result


def _row_problems(row: dict, code: str, seen: set) -> list[str]:
    problems = []
    if not code:
        problems.append(_("The address code is missing."))
    elif code in seen:
        problems.append(_("The address code %(code)s appears twice.") % {"code": code})
    if not row.get("road"):
        problems.append(_("The road or lane is missing."))
    try:
        lon, lat = float(row.get("lon", "")), float(row.get("lat", ""))
        if not (math.isfinite(lon) and math.isfinite(lat)
                and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError
    except ValueError:
        problems.append(_("Longitude and latitude must be decimal degrees."))
    return problems


@transaction.atomic
def write(result: Result) -> None:
    """Create or update the checked addresses by code, filling 镇街 and 村居 from the grid."""
    names = _path_names({a.grid_code for a in result.addresses})
    for address in result.addresses:
        street, community = names.get(address.grid_code, ("", ""))
        address.street = address.street or street
        address.community = address.community or community
        address.search = normalise(address.text)
    existing = dict(Address.objects.filter(code__in=[a.code for a in result.addresses])
                    .values_list("code", "id"))
    for address in result.addresses:
        address.pk = existing.get(address.code)
    new = [a for a in result.addresses if a.pk is None]
    old = [a for a in result.addresses if a.pk is not None]
    with bulk_load():
        Address.objects.bulk_create(new, batch_size=2000)
        Address.objects.bulk_update(old, ["lat", "lon", "grid_code", "search", *TEXT_FIELDS],
                                    batch_size=2000)
    result.created, result.updated = len(new), len(old)
    refresh_grid_tallies()  # the per-grid counts include the new addresses at once


def _path_names(grid_codes) -> dict[str, tuple[str, str]]:
    grids = Region.objects.filter(generation__is_active=True, code__in=grid_codes,
                                  level=Region.Level.GRID).select_related("parent__parent")
    return {g.code: (g.parent.parent.name if g.parent and g.parent.parent else "",
                     g.parent.name if g.parent else "") for g in grids}


def export(handle, addresses) -> int:
    writer = csv.writer(handle)
    writer.writerow(list(COLUMNS))
    count = 0
    for address in addresses:
        writer.writerow(safe_row([address.code, *(getattr(address, n) for n in TEXT_FIELDS),
                                  address.lon, address.lat]))
        count += 1
    return count
