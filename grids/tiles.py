"""Boundaries for a map that cannot hold them all: GeoJSON tiles by z/x/y (the Web Mercator
scheme every slippy map uses) and whole levels simplified for a zoom.

A province's 100,000 grids are ~50 MB of GeoJSON; a map shows a few thousand of them at a time,
and at a zoom where a pixel spans metres their vertices a metre apart are noise. So a tile
holds the grids that touch it, simplified to half a pixel at its zoom and rounded to a decimal
step under a quarter pixel. Simplification is `coverage_simplify`, which moves a shared edge
the same way in both neighbours: no slivers open between grids. Grids crossing a tile edge come
with each tile they touch (the page keeps one copy per code), whole, not clipped, so that a
grid stays one clickable shape.
"""

import contextlib
import json
import logging
import math

import shapely
from django.core.cache import cache
from django.db import models

from grids.geometry import to_geojson, to_shape
from grids.models import Generation, Region

log = logging.getLogger(__name__)
TILE_PIXELS = 256
MAX_ZOOM = 20
CACHE_SECONDS = 24 * 3600


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of tile z/x/y."""
    n = 2 ** z

    def lat(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def pixel_degrees(z: int, lat: float) -> float:
    """Degrees (of latitude, the smaller of the two) that one screen pixel spans at zoom z."""
    return 360 / (TILE_PIXELS * 2 ** z) * math.cos(math.radians(lat))


def simplified(shapes: list, z: int, lat: float) -> list:
    """The shapes as they look at zoom z: half-pixel simplification, quarter-pixel rounding;
    shapes that vanish (smaller than a pixel) are None."""
    pixel = pixel_degrees(z, lat)
    shapes = shapely.coverage_simplify(shapes, pixel / 2)
    # A decimal step, so that coordinates print short (113.02861, not 113.0286081818976).
    shapes = shapely.set_precision(shapes, 10 ** math.floor(math.log10(pixel / 4)))
    return [None if shape.is_empty else shape for shape in shapes]


def features(rows, z: int, lat: float | None = None) -> list[dict]:
    """GeoJSON features of (code, name, parent code, GeoJSON geometry) rows, at zoom z (and
    latitude `lat`; by default the middle of the rows' extent)."""
    rows = [row for row in rows if row[3]]
    if not rows:
        return []
    shapes = [to_shape(row[3]) for row in rows]
    if lat is None:
        _, south, _, north = shapely.total_bounds(shapes)
        lat = (south + north) / 2
    shapes = simplified(shapes, z, lat)
    return [{"type": "Feature", "id": code, "geometry": to_geojson(shape),
             "properties": {"code": code, "name": name, "parent": parent}}
            for (code, name, parent, _), shape in zip(rows, shapes, strict=True) if shape]


def collection(items: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": items}, ensure_ascii=False,
                      separators=(",", ":")).encode()


def grid_tile(generation_id: int, z: int, x: int, y: int) -> bytes:
    """The generation's grids touching tile z/x/y, as they look at zoom z."""
    west, south, east, north = tile_bounds(z, x, y)
    rows = (Region.objects.filter(generation_id=generation_id, level=Region.Level.GRID,
                                  min_lon__lte=east, max_lon__gte=west, min_lat__lte=north,
                                  max_lat__gte=south)
            .order_by("code").values_list("code", "name", "parent__code", "geometry"))
    return collection(features(rows, z, (south + north) / 2))


def level_geojson(generation_id: int, level: str, z: int | None) -> bytes:
    """Every region of `level` as stored (z None) or as it looks at zoom z."""
    if z is not None:
        return level_at_zoom(generation_id, level, z)
    rows = Region.objects.filter(generation_id=generation_id, level=level).values_list(
        "code", "name", "geometry", "parent__code")
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "geometry": geometry,
         "properties": {"code": code, "name": name, "parent": parent}}
        for code, name, geometry, parent in rows]},
        ensure_ascii=False, separators=(",", ":")).encode()


def level_at_zoom(generation_id: int, level: str, z: int) -> bytes:
    """Every region of `level` as it looks at zoom z (outlines of communities and streets
    over a whole province, for the zoomed-out map)."""
    rows = (Region.objects.filter(generation_id=generation_id, level=level)
            .order_by("code").values_list("code", "name", "parent__code", "geometry"))
    return collection(features(rows, z))


# A grid is drawn as a shape from the zoom at which an average one is this many pixels wide.
GRID_PIXELS = 12
# Up to this many grids a map loads them all at once (the 20,000 of a large city draw in
# 1.5 s on a canvas); beyond, by tile (command map: communities zoomed out).
WHOLE_MAP_GRIDS = 25_000


def grid_map_scale() -> dict:
    """How a map should draw the active grids: {"count", "tiled", "grid_zoom",
    "outline_zoom"}, where grid_zoom is the first zoom at which an average grid is GRID_PIXELS
    wide, and outline_zoom the detail of the community and street outlines drawn below it."""
    grids = Region.objects.filter(generation__is_active=True, level=Region.Level.GRID)
    box = grids.aggregate(n=models.Count("pk"), west=models.Min("min_lon"),
                          south=models.Min("min_lat"), east=models.Max("max_lon"),
                          north=models.Max("max_lat"))
    if not box["n"] or box["west"] is None:
        return {"count": box["n"], "tiled": False, "grid_zoom": 0, "outline_zoom": 0}
    lat = (box["south"] + box["north"]) / 2
    width = (box["east"] - box["west"]) * math.cos(math.radians(lat))
    side = math.sqrt(max(width * (box["north"] - box["south"]), 1e-12) / box["n"])
    zoom = math.ceil(math.log2(GRID_PIXELS * pixel_degrees(0, lat) / side))
    zoom = min(MAX_ZOOM, max(0, zoom))
    # Three zooms coarser: the outlines are drawn zoomed out, where metres are noise.
    return {"count": box["n"], "tiled": box["n"] > WHOLE_MAP_GRIDS, "grid_zoom": zoom,
            "outline_zoom": max(0, zoom - 3)}


def cached(key: str, compute):
    """`compute()` kept in the cache; computed afresh while the cache is down."""
    try:
        value = cache.get(key)
    except Exception:
        log.warning("cache unavailable: boundaries serialised afresh", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):
            cache.set(key, value, CACHE_SECONDS)
    return value


def level_key(version: tuple, level: str, zoom: int | None) -> str:
    return f"grids:geojson:{version[0]}.{version[1]}:{level}" + (
        f":z{zoom}" if zoom is not None else "")


def warm_outlines() -> None:
    """After an activation: what the command map asks for first, serialised now rather than
    by the first command centre to open it (seconds at 20,000 grids and beyond): a province's
    community and street outlines at the zoom its map asks for, or a city's grids whole."""
    version = Generation.objects.filter(is_active=True).values_list("id", "revision").first()
    if version is None:
        return
    scale = grid_map_scale()
    wanted = ([(Region.Level.COMMUNITY, scale["outline_zoom"]),
               (Region.Level.STREET, scale["outline_zoom"])] if scale["tiled"]
              else [(Region.Level.GRID, None)])
    for level, zoom in wanted:
        cached(level_key(version, level, zoom),
               lambda level=level, zoom=zoom: level_geojson(version[0], level, zoom))
