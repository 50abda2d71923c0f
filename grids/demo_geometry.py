"""Deterministic demo geometry for the grid hierarchy (district > street > community > grid).

The platform needs believable boundaries for demos, fixtures and benchmarks without
shipping real (licensed, and constantly re-drawn) administrative boundaries. This module
fabricates a district shaped roughly like Foshan's Chancheng district and subdivides it
with nested Voronoi diagrams.

It is deliberately pure: no Django imports, only Shapely 2 and the standard library, so
it can be used from migrations, management commands, benchmarks and plain unit tests.

Design notes (why the pipeline looks the way it does):

* Every level is a Voronoi diagram clipped to its (convex) parent. A Voronoi cell is
  convex, and convex ∩ convex is convex, so every region is one simple Polygon.
* Coordinates are snapped to a 1e-7 degree grid (about 1 cm). Snapping each polygon on
  its own would break the tiling: where a child edge meets the parent's outline it
  creates a vertex in the middle of the neighbouring region's edge (a "T-junction"),
  and rounding that vertex moves it off the shared edge, leaving slivers of ~1e-9 deg².
  Instead the linework of *all* grids is snap-rounded and noded in one overlay, the
  faces are re-polygonised, and every parent is rebuilt as the exact coverage union of
  its children. Neighbours then share identical vertices and areas add up exactly.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import shapely
from shapely import affinity

from grids.geometry import RegionSpec, area_km2, km_per_degree

__all__ = [
    "DISTRICT_CODE",
    "GRID_SIZE",
    "activity_weight",
    "build_demo_district",
    "synthetic_tiling",
]

GRID_SIZE = 1e-7  # snapping grid in degrees (~1 cm): invisible on a map, yet merges float noise
DISTRICT_CODE = "440604"
DISTRICT_NAME = "禅城区"
DISTRICT_AREA_KM2 = 154.0  # roughly the area of the real Chancheng district
COMMUNITY_COUNT = 139
GRID_COUNT = 921

# Outline centre and semi-axes (km): Chancheng is a little wider east-west than north-south.
_OUTLINE_CENTRE = (113.100, 23.024)
_OUTLINE_SEMI_AXES_KM = (7.8, 6.3)

# (code, name, seed lon, seed lat, share of village-type "村" names)
_STREETS = (
    ("440604001", "祖庙街道", 113.140, 23.058, 0.0),
    ("440604002", "石湾镇街道", 113.160, 23.000, 0.05),
    ("440604003", "张槎街道", 113.060, 23.065, 0.25),
    ("440604004", "南庄镇", 113.080, 22.990, 0.8),
)

# Activity hot spots: (lon, lat, strength 0..1, radius km). 祖庙 old town dominates.
_HOT_SPOTS = (
    (113.118, 23.040, 1.0, 2.6),  # 祖庙 / 岭南天地 old town
    (113.140, 23.005, 0.55, 1.8),  # 石湾 ceramics quarter
    (113.070, 23.050, 0.35, 1.6),  # 张槎 textile belt
)
_MIN_WEIGHT, _MAX_WEIGHT = 0.2, 5.0

_NAME_HEADS = "普升莲汾朝安兴福宁和东南新华文德荣康乐惠永盛丰嘉瑞兆岭澜江沙河石湾塘"
_NAME_TAILS = "宁华安景和兴平苑园湖溪头岗塘桥洲涌基田龙凤秀源庆祥丽明茵"


def activity_weight(lon: float, lat: float) -> float:
    """Smooth relative activity in [0.2, 5.0] that peaks at the hot spots.

    Hot spots are combined like independent probabilities (1 - Π(1 - s·g)), which stays
    smooth and bounded, unlike a max() or a clipped sum.
    """
    kx, ky = km_per_degree(lat)
    calm = 1.0
    for hot_lon, hot_lat, strength, radius_km in _HOT_SPOTS:
        d2 = ((lon - hot_lon) * kx) ** 2 + ((lat - hot_lat) * ky) ** 2
        calm *= 1.0 - strength * math.exp(-d2 / radius_km**2)
    return _MIN_WEIGHT + (_MAX_WEIGHT - _MIN_WEIGHT) * (1.0 - calm)


def _mean_weight(poly: shapely.Polygon, steps: int = 8) -> float:
    """Average activity over a regular lattice inside ``poly`` (centroid as fallback)."""
    minx, miny, maxx, maxy = poly.bounds
    dx, dy = (maxx - minx) / steps, (maxy - miny) / steps
    xs = [minx + (i + 0.5) * dx for i in range(steps) for _ in range(steps)]
    ys = [miny + (j + 0.5) * dy for _ in range(steps) for j in range(steps)]
    inside = shapely.contains_xy(poly, xs, ys).tolist()
    samples = [activity_weight(x, y) for x, y, ok in zip(xs, ys, inside, strict=True) if ok]
    if not samples:
        return activity_weight(poly.centroid.x, poly.centroid.y)
    return sum(samples) / len(samples)


def _district_outline(rng: random.Random) -> shapely.Polygon:
    """Irregular convex outline with 10-16 corners and Chancheng's area.

    Jittered points on an ellipse are wrapped in their convex hull (which is what makes
    the outline convex), then scaled about the centre to the target area.
    """
    cx, cy = _OUTLINE_CENTRE
    kx, ky = km_per_degree(cy)
    a_km, b_km = _OUTLINE_SEMI_AXES_KM
    while True:
        n = rng.randint(12, 15)
        corners = []
        for i in range(n):
            theta = 2 * math.pi * (i + rng.uniform(-0.3, 0.3)) / n
            r = 1.0 + rng.uniform(-0.12, 0.12)
            dx, dy = r * a_km * math.cos(theta) / kx, r * b_km * math.sin(theta) / ky
            corners.append((cx + dx, cy + dy))
        hull = shapely.convex_hull(shapely.multipoints(corners))
        if 10 <= len(hull.exterior.coords) - 1 <= 16:
            break
    factor = math.sqrt(DISTRICT_AREA_KM2 / area_km2(hull))
    scaled = affinity.scale(hull, factor, factor, origin=(cx, cy))
    return shapely.set_precision(scaled, GRID_SIZE)


def _allocate(total: int, scores: Sequence[float], minimum: int, maximum: int) -> list[int]:
    """Split ``total`` seats over regions in proportion to ``scores`` within [min, max].

    Sainte-Laguë divisors on top of the guaranteed minimum: proportional, deterministic
    (ties go to the lower index) and respecting the cap.
    """
    if not minimum * len(scores) <= total <= maximum * len(scores):
        raise ValueError(f"cannot split {total} into {len(scores)} parts of {minimum}-{maximum}")
    counts = [minimum] * len(scores)
    heap = [(-score / (minimum + 0.5), i) for i, score in enumerate(scores)]
    heapq.heapify(heap)
    for _ in range(total - sum(counts)):
        _, i = heapq.heappop(heap)
        counts[i] += 1
        if counts[i] < maximum:
            heapq.heappush(heap, (-scores[i] / (counts[i] + 0.5), i))
    return counts


def _sample_seeds(
    rng: random.Random, container: shapely.Polygon, k: int, density_exponent: float
) -> list[tuple[float, float]]:
    """Rejection-sample ``k`` points in ``container`` with density ∝ weight**exponent."""
    shapely.prepare(container)
    minx, miny, maxx, maxy = container.bounds
    seeds: list[tuple[float, float]] = []
    while len(seeds) < k:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not shapely.contains_xy(container, x, y):
            continue
        if rng.random() < (activity_weight(x, y) / _MAX_WEIGHT) ** density_exponent:
            seeds.append((x, y))
    return seeds


def _voronoi_cells(
    seeds: Sequence[tuple[float, float]], container: shapely.Polygon
) -> list[shapely.Polygon]:
    """Voronoi cells of ``seeds`` clipped to ``container``, in the order of ``seeds``.

    GEOS returns cells in its own order, so each cell is matched back to the seed it
    contains (a site always lies strictly inside its own cell).
    """
    if len(seeds) == 1:
        return [container]
    points = shapely.points(list(seeds))
    diagram = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=container)
    cells = shapely.get_parts(diagram)
    seed_idx, cell_idx = shapely.STRtree(cells).query(points, predicate="within")
    cell_of = dict(zip(seed_idx.tolist(), cell_idx.tolist(), strict=True))
    return [shapely.intersection(cells[cell_of[i]], container) for i in range(len(seeds))]


def _relaxed_cells(
    rng: random.Random, container: shapely.Polygon, k: int, density_exponent: float
) -> list[shapely.Polygon]:
    """Voronoi cells of density-weighted seeds after two Lloyd steps.

    Raw random seeds give needle-like cells; two Lloyd iterations (move each seed to
    its cell's centroid) even the shapes out while keeping most of the density gradient.
    """
    seeds = _sample_seeds(rng, container, k, density_exponent)
    for _ in range(2):
        cells = _voronoi_cells(seeds, container)
        seeds = [(c.centroid.x, c.centroid.y) for c in cells]
    return _voronoi_cells(seeds, container)


def _reading_order(polygons: Sequence[shapely.Polygon]) -> list[shapely.Polygon]:
    """Sort polygons like text: row bands north to south, then west to east in a band.

    The band height is the side of an average cell (sqrt of the mean area), so one band
    holds roughly one row of cells; rounding the latitude to a fixed number of decimals
    would instead give pure north-to-south order for small cells.
    """
    band = math.sqrt(sum(p.area for p in polygons) / len(polygons))
    top = max(p.bounds[3] for p in polygons)

    def key(poly: shapely.Polygon) -> tuple[int, float]:
        centre = poly.centroid
        return int((top - centre.y) // band), centre.x

    return sorted(polygons, key=key)


def _unique_stem(rng: random.Random, used: set[str]) -> str:
    """A two-character place-name stem not used anywhere else in the district."""
    while True:
        stem = rng.choice(_NAME_HEADS) + rng.choice(_NAME_TAILS)
        if stem[0] != stem[1] and stem not in used:
            used.add(stem)
            return stem


def _street_regions(outline: shapely.Polygon) -> list[RegionSpec]:
    """Four streets/towns: Voronoi cells of fixed, plausibly placed seeds."""
    seeds = [(lon, lat) for _, _, lon, lat, _ in _STREETS]
    cells = _voronoi_cells(seeds, outline)
    return [
        RegionSpec(code, name, "street", DISTRICT_CODE, cell)
        for (code, name, *_), cell in zip(_STREETS, cells, strict=True)
    ]


def _community_regions(rng: random.Random, streets: Sequence[RegionSpec]) -> list[RegionSpec]:
    """139 communities/villages, more (and so smaller) ones where activity is high."""
    scores = [s.geometry.area * _mean_weight(s.geometry) ** 0.6 for s in streets]
    counts = _allocate(COMMUNITY_COUNT, scores, minimum=12, maximum=COMMUNITY_COUNT)
    village_share = {code: share for code, *_, share in _STREETS}
    used: set[str] = set()
    regions = []
    for street, k in zip(streets, counts, strict=True):
        cells = _reading_order(_relaxed_cells(rng, street.geometry, k, density_exponent=0.8))
        for number, cell in enumerate(cells, start=1):
            suffix = "村" if rng.random() < village_share[street.code] else "社区"
            name = _unique_stem(rng, used) + suffix
            code = f"{street.code}{number:03d}"
            regions.append(RegionSpec(code, name, "community", street.code, cell))
    return regions


def _grid_regions(rng: random.Random, communities: Sequence[RegionSpec]) -> list[RegionSpec]:
    """921 grids, 3-12 per community, weighted towards busy communities."""
    scores = [c.geometry.area * _mean_weight(c.geometry, steps=5) for c in communities]
    counts = _allocate(GRID_COUNT, scores, minimum=3, maximum=12)
    regions = []
    for community, k in zip(communities, counts, strict=True):
        cells = _reading_order(_relaxed_cells(rng, community.geometry, k, density_exponent=0.5))
        for number, cell in enumerate(cells, start=1):
            code = f"{community.code}{number:03d}"
            name = f"{community.name}第{number}网格"
            regions.append(RegionSpec(code, name, "grid", community.code, cell))
    return regions


def _snap_coverage(cells: Sequence[shapely.Polygon]) -> list[shapely.Polygon]:
    """Snap-round a near-exact tiling so neighbours share identical vertices.

    All boundaries are noded together with snap rounding (every coordinate lands on the
    1e-7 grid and every edge passing through a snapped vertex gets split there), then
    re-polygonised. Each new face is matched to the input cell whose interior point it
    contains, so the output is in input order.
    """
    noded = shapely.union_all(shapely.boundary(list(cells)), grid_size=GRID_SIZE)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    probes = shapely.point_on_surface(list(cells))
    cell_idx, face_idx = shapely.STRtree(faces).query(probes, predicate="within")
    if len(faces) != len(cells) or sorted(face_idx.tolist()) != list(range(len(cells))):
        raise RuntimeError(f"snapping changed the tiling: {len(cells)} cells, {len(faces)} faces")
    face_of = dict(zip(cell_idx.tolist(), face_idx.tolist(), strict=True))
    return [shapely.set_precision(faces[face_of[i]], GRID_SIZE) for i in range(len(cells))]


def _rebuild_parents(
    children: Sequence[RegionSpec], parents: Sequence[RegionSpec]
) -> list[RegionSpec]:
    """Replace each parent's geometry with the exact coverage union of its children.

    The children already share identical snapped edges, so the union is exact and the
    parent boundary reuses the children's vertices (no re-rounding, no slivers).
    """
    by_parent: dict[str, list[shapely.Polygon]] = defaultdict(list)
    for child in children:
        by_parent[child.parent_code].append(child.geometry)
    return [
        replace(p, geometry=_as_polygon(shapely.coverage_union_all(by_parent[p.code]), p.code))
        for p in parents
    ]


def _as_polygon(geom: shapely.Geometry, code: str) -> shapely.Polygon:
    """Normalise, snap (idempotent here) and check that ``geom`` is one valid Polygon."""
    geom = shapely.set_precision(shapely.normalize(geom), GRID_SIZE)
    if not isinstance(geom, shapely.Polygon) or geom.is_empty or not geom.is_valid:
        raise RuntimeError(f"region {code} is not a single valid polygon: {geom.geom_type}")
    return geom


def _with_weight(region: RegionSpec) -> RegionSpec:
    """Attach the activity weight sampled over the region's final geometry."""
    return replace(region, weight=round(_mean_weight(region.geometry, steps=6), 4))


def build_demo_district(seed: int = 440604) -> list[RegionSpec]:
    """Deterministic demo district shaped like Foshan's Chancheng district.

    Returns 1 district, 4 streets, 139 communities and 921 grids, parents before
    children, so callers can insert the list in order.
    """
    rng = random.Random(seed)
    outline = _district_outline(rng)
    district = RegionSpec(DISTRICT_CODE, DISTRICT_NAME, "district", None, outline)
    streets = _street_regions(outline)
    communities = _community_regions(rng, streets)
    grids = _grid_regions(rng, communities)

    snapped = _snap_coverage([g.geometry for g in grids])
    grids = [
        replace(g, geometry=_as_polygon(geom, g.code))
        for g, geom in zip(grids, snapped, strict=True)
    ]
    communities = _rebuild_parents(grids, communities)
    streets = _rebuild_parents(communities, streets)
    (district,) = _rebuild_parents(streets, [district])
    return [_with_weight(r) for r in [district, *streets, *communities, *grids]]


def _row_lengths(n: int, rows: int) -> list[int]:
    """Split ``n`` cells over ``rows`` rows as evenly as possible."""
    base, extra = divmod(n, rows)
    return [base + (1 if r < extra else 0) for r in range(rows)]


def _stratified_points(
    n: int, rng: random.Random, bounds: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """One jittered point per stratum of a near-square row layout (distinct, well spread)."""
    minx, miny, maxx, maxy = bounds
    width, height = maxx - minx, maxy - miny
    rows = max(1, round(math.sqrt(n * height / width)))
    row_height = height / rows
    points = []
    for r, count in enumerate(_row_lengths(n, rows)):
        col_width = width / count
        for c in range(count):
            x = minx + (c + rng.uniform(0.15, 0.85)) * col_width
            y = miny + (r + rng.uniform(0.15, 0.85)) * row_height
            points.append((x, y))
    return points


def synthetic_tiling(
    n: int,
    seed: int = 1,
    bounds: tuple[float, float, float, float] = (113.0, 22.95, 113.2, 23.1),
) -> list[shapely.Polygon]:
    """n polygons tiling the bounds without gaps or overlaps, for benchmarks.

    Voronoi cells of stratified random points: realistic 4-8 sided convex cells of
    similar size. Neighbours share the exact vertices GEOS computed, and only the outer
    cells are cut (by the fast rectangle clipper), so 100 000 cells take about a second.
    """
    if n < 1:
        raise ValueError("n must be positive")
    if n == 1:
        return [shapely.box(*bounds)]
    points = _stratified_points(n, random.Random(seed), bounds)
    diagram = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shapely.box(*bounds))
    cells = shapely.clip_by_rect(shapely.get_parts(diagram), *bounds)
    return cells.tolist()
