"""The component register (部件): import from and export to GeoJSON points.

A file is read whole and checked whole, so one run names every problem by feature number:
not a point, missing or unknown code, kind or owner, a code given twice, a point outside the
active district. Rows are then created or updated by code in bulk (100,000 in seconds). GCJ-02
files (points taken from Chinese web maps) are converted to WGS84 first.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from django.db import connection, transaction

from common import reference
from common.gcj02 import gcj02_to_wgs84
from grids.geometry import to_shape
from grids.models import Region
from org.models import Component, ComponentKind, Department

CRS_CHOICES = ("wgs84", "gcj02")
MAX_CODE_LENGTH = Component._meta.get_field("code").max_length
BATCH = 5000


@dataclass
class Row:
    number: int  # 1-based position of the feature in the file
    code: str
    kind_id: int
    owner_id: int
    lat: float
    lon: float


@dataclass
class Register:
    """What a file holds: the usable rows and every problem found, by feature number."""

    features: int = 0
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_components(path: Path, crs: str = "wgs84") -> Register:
    """Read and check a GeoJSON FeatureCollection of components. Raises ValueError when the
    file is no FeatureCollection at all."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not GeoJSON: {error}") from error
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection.")
    register = Register(features=len(features))
    kinds = dict(ComponentKind.objects.values_list("name", "pk"))
    owners = dict(Department.objects.values_list("code", "pk"))
    first_of = {}
    for number, feature in enumerate(features, start=1):
        row = _row(number, feature, kinds, owners, register.errors)
        if row is None:
            continue
        if row.code in first_of:
            register.errors.append(f"feature {number}: code {row.code} is also feature "
                                   f"{first_of[row.code]}")
            continue
        first_of[row.code] = number
        register.rows.append(row)
    if crs == "gcj02":
        _to_wgs84(register.rows)
    _check_inside_district(register)
    return register


def _row(number, feature, kinds, owners, errors) -> Row | None:
    """One feature as a row, or None with its problems added to `errors`."""
    problems = []
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
    point = _point(geometry)
    if point is None:
        problems.append("not a point with two finite coordinates")
    code = _text(properties.get("code"))
    if not code:
        problems.append("no code")
    elif len(code) > MAX_CODE_LENGTH:
        problems.append(f"code longer than {MAX_CODE_LENGTH} characters")
    kind, owner = _text(properties.get("kind")), _text(properties.get("owner"))
    if kind not in kinds:
        problems.append(f"unknown kind {kind!r}" if kind else "no kind")
    if owner not in owners:
        problems.append(f"no department with code {owner!r}" if owner else "no owner")
    if problems:
        errors.append(f"feature {number}" + (f" ({code})" if code else "") + ": "
                      + "; ".join(problems))
        return None
    return Row(number, code, kinds[kind], owners[owner], lat=point[1], lon=point[0])


def _point(geometry) -> tuple[float, float] | None:
    """(lon, lat) of a GeoJSON Point, or None."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    lon, lat = coordinates[:2]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
               for v in (lon, lat)):
        return None
    return float(lon), float(lat)


def _text(value) -> str:
    """A property as text: strings stripped, whole numbers as digits (codes from spreadsheets
    often arrive as numbers), anything else as nothing."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _to_wgs84(rows: list[Row]) -> None:
    lats, lons = gcj02_to_wgs84(np.array([r.lat for r in rows]), np.array([r.lon for r in rows]))
    for row, lat, lon in zip(rows, lats.tolist(), lons.tolist(), strict=True):
        row.lat, row.lon = lat, lon


def _check_inside_district(register: Register) -> None:
    """Rows outside the active generation's districts become errors."""
    area = district_area()
    if area is None:
        register.errors.append("no active grid generation: import the grids first")
        register.rows = []
        return
    rows = register.rows
    inside = shapely.contains_xy(area, [r.lon for r in rows], [r.lat for r in rows]) \
        if rows else []
    register.rows = [row for row, ok in zip(rows, inside, strict=True) if ok]
    register.errors += [f"feature {row.number} ({row.code}): {row.lat:.6f}, {row.lon:.6f} is "
                        "outside the active district" for row, ok in zip(rows, inside,
                                                                         strict=True) if not ok]
    register.errors.sort(key=_feature_number)


def _feature_number(error: str) -> int:
    head = error.split(":", 1)[0].split()
    return int(head[1]) if len(head) > 1 and head[1].isdigit() else 0


def district_area():
    """The union of the active generation's top-level regions, prepared for point tests."""
    regions = Region.objects.filter(generation__is_active=True, parent__isnull=True)
    shapes = [to_shape(geometry) for geometry in regions.values_list("geometry", flat=True)
              if geometry]
    if not shapes:
        return None
    area = shapely.union_all(shapes)
    shapely.prepare(area)
    return area


@transaction.atomic
def save_components(rows: list[Row], *, delete_missing: bool = False) -> dict[str, int]:
    """Create or update components by code; with delete_missing, remove those not in `rows`."""
    existing = {code: (pk, kind, owner, lat, lon) for code, pk, kind, owner, lat, lon in
                Component.objects.values_list("code", "pk", "kind_id", "owner_id", "lat", "lon")
                .iterator(chunk_size=BATCH)}
    new, changed = [], []
    for row in rows:
        values = (row.kind_id, row.owner_id, row.lat, row.lon)
        known = existing.get(row.code)
        if known is None:
            new.append((row.code, *values))
        elif known[1:] != values:
            changed.append((*values, known[0]))
    insert_components(new)
    _update_components(changed)
    deleted = 0
    if delete_missing:
        listed = {row.code for row in rows}
        gone = [known[0] for code, known in existing.items() if code not in listed]
        for start in range(0, len(gone), 500):
            deleted += Component.objects.filter(pk__in=gone[start:start + 500]).delete()[0]
    reference.changed()
    return {"created": len(new), "updated": len(changed),
            "unchanged": len(rows) - len(new) - len(changed), "deleted": deleted}


def insert_components(rows: list[tuple]) -> None:
    """Insert (code, kind_id, owner_id, lat, lon) rows, a batch per statement (a model instance
    per row through bulk_create would take most of a minute for 100,000). The caller calls
    reference.changed()."""
    if connection.vendor == "postgresql":
        sql = ("INSERT INTO {table} ({code}, {kind}, {owner}, {lat}, {lon}) SELECT * FROM "
               "unnest(%s::text[], %s::bigint[], %s::bigint[], %s::float8[], %s::float8[])")
    else:
        sql = ("INSERT INTO {table} ({code}, {kind}, {owner}, {lat}, {lon}) "
               "VALUES (%s, %s, %s, %s, %s)")
    _in_batches(sql, rows)


def _update_components(rows: list[tuple]) -> None:
    """Update (kind_id, owner_id, lat, lon, id) rows."""
    if connection.vendor == "postgresql":
        sql = ("UPDATE {table} SET {kind} = u.kind, {owner} = u.owner, {lat} = u.lat, "
               "{lon} = u.lon FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], "
               "%s::float8[], %s::bigint[]) AS u(kind, owner, lat, lon, id) "
               "WHERE {table}.{id} = u.id")
    else:
        sql = "UPDATE {table} SET {kind} = %s, {owner} = %s, {lat} = %s, {lon} = %s WHERE {id} = %s"
    _in_batches(sql, rows)


def _in_batches(sql: str, rows: list[tuple]) -> None:
    """PostgreSQL: one statement per batch over arrays of the columns (executemany would make
    a round trip per row); SQLite: executemany, which runs in-process."""
    quote = connection.ops.quote_name
    names = {"table": Component._meta.db_table, "id": "id", "code": "code", "kind": "kind_id",
             "owner": "owner_id", "lat": "lat", "lon": "lon"}
    sql = sql.format(**{key: quote(name) for key, name in names.items()})
    arrays = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            if arrays:
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
            else:
                cursor.executemany(sql, batch)


def export_components(path: Path) -> int:
    """Write the register as a GeoJSON FeatureCollection (WGS84) that import reads back."""
    rows = Component.objects.order_by("code").values_list(
        "code", "kind__name", "owner__code", "owner__name", "lat", "lon")
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                 "properties": {"code": code, "kind": kind, "owner": owner,
                                "owner_name": owner_name}}
                for code, kind, owner, owner_name, lat, lon in rows.iterator(chunk_size=BATCH)]
    Path(path).write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                     ensure_ascii=False), encoding="utf-8")
    return len(features)
