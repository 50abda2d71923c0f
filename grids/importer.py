"""Import a boundary set from GeoJSON or an ESRI Shapefile as a new, inactive generation.

read_boundaries (features in WGS84) → build_tree (the four-level region tree) → check (overlaps
and gaps between grids) → save (a new generation, activated only on request, through
grids.services.generation_activate). Every step goes on past the problems it finds, so that one
run names every problem of a file: unusable features, invalid geometries, tree errors, overlaps
and gaps. Grids must tile without overlaps or gaps (不重不漏): an overlap larger than the
tolerance makes lookups ambiguous and stops the import unless it is explicitly allowed.

Coordinates: the platform stores WGS84 lon/lat. A file that names its CRS (the GeoJSON `crs`
member, the Shapefile's .prj) is reprojected with pyproj; Web Mercator (EPSG:3857) and
projected CGCS2000 grids (e.g. EPSG:4547, 3-degree Gauss-Kruger) are exact conversions.
CGCS2000 lon/lat (EPSG:4490) is taken as WGS84 without change: the two frames differ by a few
centimetres, far below the accuracy of any grid boundary, and PROJ has no better transformation
between them either. Other datums (Beijing 1954, Xi'an 1980) go through PROJ's ballpark
transformation, which may be off by 100 m: the report says so. GCJ-02 ("Mars coordinates" of
Chinese web maps) is no CRS a file can name; such files must be converted before import.
"""

import json
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyproj
import shapefile
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape as to_shapely

from grids.geometry import RegionSpec, area_km2
from grids.models import Generation, Region
from grids.services import generation_create

LEVELS = tuple(Region.Level.values)  # district, street, community, grid: by depth
LEVEL_OF_LENGTH = {6: 0, 9: 1, 12: 2, 15: 3}  # the 15-digit grid code scheme
SAME_AS_WGS84 = {4326, 4490}
LISTED = 20  # problems of one kind listed in full; the rest are counted
# Vertices one feature may have (import_grids --max-vertices raises it). A grid boundary
# digitised every metre round 10 km has 10,000; a million-vertex polygon is an error or an
# attack, and would keep the overlap and gap checks busy for minutes. Counted before Shapely
# builds anything, so a refusal costs no more than reading the file.
MAX_VERTICES = 100_000

Progress = Callable[..., Iterable]


def no_progress(iterable, **_kwargs):
    return iterable


@dataclass
class Feature:
    number: int  # position in the file, from 1, for messages
    code: str
    name: str
    parent_code: str | None
    geometry: shapely.Geometry


@dataclass
class Source:
    features: list[Feature]
    crs: str  # what the file said, or "WGS84 (assumed)"
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lonlat: bool = True  # False: projected coordinates the file names no CRS for


@dataclass
class Report:
    source: Source
    specs: list[RegionSpec] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)  # parents built as unions of children
    errors: list[str] = field(default_factory=list)  # any of these stops the import
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)
    overlaps: list[tuple[str, str, float]] = field(default_factory=list)  # codes, m²
    gaps: list[tuple[float, list[str]]] = field(default_factory=list)  # m², codes around
    # Parents in the file whose children leave part of them uncovered, or reach beyond them.
    uncovered: list[tuple[str, str, float]] = field(default_factory=list)  # code, what, m²
    allow_overlaps: bool = False  # overlaps are then warnings, not errors

    @property
    def blocking(self) -> list[str]:
        return [line for group in self.error_groups() for line in group]

    def error_groups(self) -> list[list[str]]:
        """The errors by kind (each listed on its own, so that many of one kind cannot hide
        the others): reading and tree errors, invalid geometries, refused overlaps."""
        groups = [self.source.errors + self.errors,
                  [f"{self.label(code)}: invalid geometry: {reason}"
                   for code, reason in self.invalid]]
        if not self.allow_overlaps:
            groups.append(self.overlap_lines())
        return [group for group in groups if group]

    def overlap_lines(self) -> list[str]:
        return [f"overlap {self.label(a)} × {self.label(b)}: {area:,.1f} m²"
                for a, b, area in self.overlaps]

    def gap_lines(self) -> list[str]:
        between = [f"{area:,.1f} m² between {', '.join(map(self.label, codes))}"
                   for area, codes in self.gaps]
        return between + [f"{area:,.1f} m² of {self.label(code)} {what}"
                          for code, what, area in self.uncovered]

    def label(self, code: str) -> str:
        """`code` with the number of its feature in the file, for finding it in a GIS."""
        number = self._numbers.get(code)
        return f"feature #{number} ({code})" if number else code

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {f.code: f.number for f in reversed(self.source.features)}  # the first wins

    def count(self, level: str) -> int:
        return sum(1 for spec in self.specs if spec.level == level)


# --- Reading ---------------------------------------------------------------------------------

def read_boundaries(path: Path, *, code_property="code", name_property="name",
                    parent_property=None, srid=None, encoding=None,
                    max_vertices: int = MAX_VERTICES,
                    progress: Progress = no_progress) -> Source:
    """Features of a .geojson/.json FeatureCollection or a .shp, in WGS84. A file that is no
    FeatureCollection raises ValueError; a feature that is unusable is an error in the
    Source's list, naming the feature."""
    path = Path(path)
    if path.suffix.lower() == ".shp":
        crs, records = _shapefile_records(path, encoding)
    else:
        crs, records = _geojson_records(path)
    crs = str(srid) if srid else crs
    to_wgs84, warnings = _reprojection(crs)
    source = Source([], _crs_label(crs, srid), warnings=warnings)
    names = (code_property, name_property, parent_property)
    for number, (properties, geometry) in enumerate(progress(records, desc="read"), start=1):
        _add_feature(source, number, properties, geometry, names, to_wgs84, max_vertices)
    if crs is None:
        _check_looks_like_lonlat(source)
    return source


def _crs_label(crs: str | None, srid) -> str:
    if crs is None:
        return "WGS84 (assumed: the file names no CRS)"
    return f"{crs} (given with --srid)" if srid else crs


def _geojson_records(path: Path):
    """(crs, [(properties, geometry)]); properties is None for an item that is no Feature."""
    data = _json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path.name} is not a GeoJSON FeatureCollection")
    features = data.get("features") or []
    if not isinstance(features, list):
        raise ValueError(f"{path.name}: \"features\" is not a list")
    return _geojson_crs(data.get("crs")), [_geojson_record(f) for f in features]


def _json(path: Path):
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not UTF-8 text, so not GeoJSON") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{path.name} is not valid JSON: {error}") from None
    except RecursionError:
        raise ValueError(f"{path.name} nests arrays or objects too deeply to be GeoJSON") \
            from None


def _geojson_crs(crs) -> str | None:
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    return name if isinstance(name, str) else None


def _geojson_record(feature) -> tuple[dict | None, object]:
    if not isinstance(feature, dict):
        return None, None
    properties = feature.get("properties") or {}
    return (properties if isinstance(properties, dict) else None), feature.get("geometry")


def _shapefile_records(path: Path, encoding: str | None):
    prj = path.with_suffix(".prj")
    crs = prj.read_text(errors="replace").strip() if prj.exists() else None
    cpg = path.with_suffix(".cpg")
    if encoding is None and cpg.exists():
        encoding = cpg.read_text().strip() or None
    for candidate in [encoding] if encoding else ["utf-8", "gb18030"]:
        try:
            with shapefile.Reader(str(path), encoding=candidate) as reader:
                # Chinese GIS tools write GBK/GB18030 attribute tables without a .cpg file.
                return crs, [(shape_record.record.as_dict(),
                              shape_record.shape.__geo_interface__)
                             for shape_record in reader.iterShapeRecords()]
        except (UnicodeDecodeError, shapefile.dbfFileException):
            continue
        except shapefile.ShapefileException as error:
            raise ValueError(f"{path.name}: {error}") from error
    raise ValueError(f"cannot decode the attribute table of {path.name}; use --encoding")


def _reprojection(crs: str | None) -> tuple[Callable | None, list[str]]:
    """A function from the file's coordinates (N×2 array) to WGS84 lon/lat, or None."""
    if crs is None:
        return None, []
    try:
        source = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise ValueError(f"unknown coordinate reference system {crs[:80]!r}") from None
    epsg = source.to_epsg(min_confidence=70)
    if source.is_geographic and (epsg in SAME_AS_WGS84 or source.to_authority() == (
            "OGC", "CRS84")):
        return None, []
    # A projected CGCS2000 grid goes back to CGCS2000 lon/lat exactly (see the docstring).
    geodetic = source.geodetic_crs.to_epsg() if source.geodetic_crs else None
    target = 4490 if geodetic == 4490 else 4326
    transformer = pyproj.Transformer.from_crs(source, f"EPSG:{target}", always_xy=True)
    warnings = []
    if target == 4326 and not 0 <= transformer.accuracy <= 1:
        warnings.append(f"reprojection from {source.name} has no known accuracy "
                        f"({transformer.description}): check the result against a map")

    def to_wgs84(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return to_wgs84, warnings


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # numeric DBF fields hold codes as floats
    return "" if value is None else str(value).strip()


def _add_feature(source: Source, number, properties, geometry, names, to_wgs84,
                 max_vertices: int = MAX_VERTICES) -> None:
    code_property, name_property, parent_property = names
    if properties is None:
        source.errors.append(f"feature #{number}: not a GeoJSON Feature object")
        return
    code = _text(properties.get(code_property))
    label = f"feature #{number}" + (f" ({code})" if code else "")
    if not code:
        source.errors.append(f"{label}: no {code_property!r} property")
        return
    vertices = _vertex_count(geometry)
    if vertices > max_vertices:
        source.errors.append(f"{label}: {vertices:,} vertices, more than the limit of "
                             f"{max_vertices:,} per feature (see --max-vertices)")
        return
    shape = _shape(source, label, geometry)
    if shape is None:
        return
    if to_wgs84 is not None:
        shape = shapely.transform(shape, to_wgs84)
    parent = _text(properties.get(parent_property)) if parent_property else None
    name = _text(properties.get(name_property)) or code
    source.features.append(Feature(number, code, name, parent or None, shape))


def _vertex_count(geometry) -> int:
    """The positions of a GeoJSON (Multi)Polygon, counted without building it; 0 for anything
    else (Shapely then says what is wrong with it)."""
    if not isinstance(geometry, dict):
        return 0
    coordinates = geometry.get("coordinates")
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}.get(geometry.get("type"))
    if not isinstance(polygons, list | tuple):
        return 0
    rings = [ring for polygon in polygons if isinstance(polygon, list | tuple)
             for ring in polygon]
    return sum(len(ring) for ring in rings if isinstance(ring, list | tuple))


def _shape(source: Source, label: str, geometry) -> shapely.Geometry | None:
    """The feature's (Multi)Polygon with finite coordinates, or None and an error."""
    try:
        with warnings.catch_warnings():  # NaN: reported below, in words
            warnings.simplefilter("ignore", RuntimeWarning)
            shape = to_shapely(geometry) if geometry else None
    except (ValueError, TypeError, AttributeError, KeyError, IndexError,
            GEOSException) as error:
        source.errors.append(f"{label}: unreadable geometry ({error})")
        return None
    if shape is None or shape.is_empty or shape.geom_type not in ("Polygon", "MultiPolygon"):
        kind = shape.geom_type if shape is not None and not shape.is_empty else "none"
        source.errors.append(f"{label}: geometry must be a Polygon or MultiPolygon, not {kind}")
        return None
    if not np.isfinite(shapely.get_coordinates(shape)).all():
        # JSON's NaN, Infinity and 1e999: no --make-valid could repair them into a boundary.
        source.errors.append(f"{label}: coordinates must be finite numbers, not NaN or "
                             "Infinity")
        return None
    return shape


def _check_looks_like_lonlat(source: Source) -> None:
    if not source.features:
        return
    bounds = shapely.total_bounds([f.geometry for f in source.features])
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        source.lonlat = False
        source.errors.append(
            f"coordinates reach {bounds[2]:,.0f}: they look projected, but the file names no "
            "CRS; give it with --srid (e.g. --srid 3857)")


# --- The region tree -------------------------------------------------------------------------

@dataclass
class _Node:
    code: str
    name: str
    parent_code: str | None
    geometry: shapely.Geometry | None  # None until a derived parent is built
    derived: bool = False
    level: int | None = None
    number: int | None = None  # the feature's position in the file; None if derived


def _scheme_level(code: str) -> int | None:
    return LEVEL_OF_LENGTH.get(len(code)) if code.isascii() and code.isdigit() else None


def _prefix_parent(code: str) -> str | None:
    level = _scheme_level(code)
    return code[:-3] if level else None


def build_tree(source: Source, *, parent_property: bool = False,
               make_valid: bool = False) -> Report:
    """The region tree: parents from the 15-digit code prefixes (6 district, 9 street,
    12 community, 15 grid) or, with `parent_property`, from each feature's parent code.
    Parents missing from the file are built as the union of their children. Built as far as
    the errors allow, so that `check` can still look for overlaps and gaps."""
    report = Report(source)
    nodes = _nodes(source.features, report, parent_property)
    _check_geometries(nodes, report, make_valid)
    _add_missing_parents(nodes, report)
    _assign_levels(nodes, report)
    if parent_property:
        _check_missing_parents(nodes, report)
    _derive_geometries(nodes)
    ordered = sorted((n for n in nodes.values() if _placed(n)),
                     key=lambda node: (node.level, node.code))
    report.specs = [RegionSpec(n.code, n.name, LEVELS[n.level], n.parent_code, n.geometry)
                    for n in ordered]
    return report


def _placed(node: _Node) -> bool:
    """Whether the node has a level of the tree and a boundary (a broken tree may leave some
    without: they are errors already)."""
    return node.level is not None and node.level < len(LEVELS) and node.geometry is not None


def _nodes(features: list[Feature], report: Report, parent_property: bool) -> dict:
    nodes: dict[str, _Node] = {}
    for feature in features:
        if feature.code in nodes:
            report.errors.append(f"feature #{feature.number}: code {feature.code} appears "
                                 "twice")
            continue
        if not parent_property and _scheme_level(feature.code) is None:
            report.errors.append(
                f"feature #{feature.number}: code {feature.code} is not a 6, 9, 12 or 15-digit "
                "region code (use --parent-property for other codes)")
            continue
        parent = feature.parent_code if parent_property else _prefix_parent(feature.code)
        nodes[feature.code] = _Node(feature.code, feature.name, parent, feature.geometry,
                                    number=feature.number)
    return nodes


def _check_geometries(nodes: dict, report: Report, make_valid: bool) -> None:
    """Invalid geometries are errors unless `make_valid` repairs them. Either way the repaired
    shape goes on to the overlap and gap checks, which cannot measure an invalid one; it is
    imported only with `make_valid`."""
    for node in nodes.values():
        if node.geometry.is_valid:
            continue
        reason = shapely.is_valid_reason(node.geometry)
        if make_valid:
            report.source.warnings.append(f"repaired invalid geometry {node.code} ({reason})")
        else:
            report.invalid.append((node.code, reason))
        node.geometry = _repaired(node.geometry)


def _repaired(geometry: shapely.Geometry) -> shapely.Geometry:
    parts = shapely.get_parts(shapely.make_valid(geometry))
    return shapely.union_all([p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")])


def _add_missing_parents(nodes: dict, report: Report) -> None:
    pending = [node.parent_code for node in nodes.values() if node.parent_code]
    while pending:
        code = pending.pop()
        if code in nodes:
            continue
        parent = _prefix_parent(code)
        nodes[code] = _Node(code, code, parent, None, derived=True)
        report.derived.append(code)
        if parent:
            pending.append(parent)


def _assign_levels(nodes: dict, report: Report) -> None:
    for node in nodes.values():
        node.level = _scheme_level(node.code)
        if node.level is None:
            node.level = _depth(node, nodes, report)
    parents = {node.parent_code for node in nodes.values()}
    for node in nodes.values():
        if node.level is None:
            continue
        if node.level < 3 and node.code not in parents:
            report.errors.append(f"{node.code} ({LEVELS[node.level]}) has no grids beneath it")
        elif node.level > 3:
            report.errors.append(f"{node.code} lies {node.level} levels below a district; "
                                 "the tree has four levels (district to grid)")
        elif node.parent_code is None and node.level != 0:
            report.errors.append(f"{node.code} is a {LEVELS[node.level]} without a parent")
        elif node.parent_code and nodes[node.parent_code].level != node.level - 1:
            parent = nodes[node.parent_code]
            report.errors.append(f"{node.code} ({LEVELS[node.level]}) cannot lie in "
                                 f"{parent.code} ({_level_name(parent.level)})")


def _level_name(level: int | None) -> str:
    return LEVELS[level] if level is not None and level < len(LEVELS) else f"level {level}"


def _depth(node: _Node, nodes: dict, report: Report) -> int | None:
    seen, depth = {node.code}, 0
    while node.parent_code:
        node = nodes[node.parent_code]
        if node.code in seen:
            report.errors.append(f"the parents of {node.code} go round in a circle")
            return None
        seen.add(node.code)
        depth += 1
    return depth


def _children(nodes: dict) -> dict[str, list[_Node]]:
    children = defaultdict(list)
    for node in nodes.values():
        if node.parent_code:
            children[node.parent_code].append(node)
    return children


def _check_missing_parents(nodes: dict, report: Report) -> None:
    """With a parent property the file is the tree, and only its top may be left out (the
    district, built from its streets). A lower parent that the file lacks is unknown (a typo,
    or a level left out): built, it would file its children under a district of their own.
    A missing parent with a code of the 15-digit scheme has its place from the code."""
    children = _children(nodes)
    for node in nodes.values():
        if not node.derived or _scheme_level(node.code) is not None or \
                _height(node, children) == 3:
            continue
        for child in sorted(children[node.code], key=lambda c: c.number or 0):
            if child.number is not None:
                report.errors.append(f"feature #{child.number} ({child.code}): parent "
                                     f"{node.code} is not in the file")


def _height(node: _Node, children: dict) -> int:
    """Levels beneath the node (3 for a district over grids). Parents missing from the file
    are roots, so no circle of parents is reachable from them."""
    height, below = 0, children[node.code]
    while below:
        height += 1
        below = [child for parent in below for child in children[parent.code]]
    return height


def _derive_geometries(nodes: dict) -> None:
    children = _children(nodes)
    for level in (2, 1, 0):
        for node in nodes.values():
            if node.level == level and node.derived:
                parts = [c.geometry for c in children[node.code] if c.geometry is not None]
                node.geometry = shapely.normalize(shapely.union_all(parts))


# --- Checks ----------------------------------------------------------------------------------

def area_m2(geometry: shapely.Geometry) -> float:
    """Area in square metres (equirectangular at the centroid: fine at district scale)."""
    return 0.0 if geometry.is_empty else area_km2(geometry) * 1e6


def check(report: Report, *, tolerance_m2: float = 1.0, allow_overlaps: bool = False) -> None:
    """Overlaps and gaps between grids, and parents in the file their children do not cover
    (or overstep), each larger than `tolerance_m2` (digitising noise is not worth a line).
    Overlaps stop the import unless `allow_overlaps`; the rest are warnings. The grids are
    the leaves of the tree, which a tree with errors in its levels still has."""
    report.allow_overlaps = allow_overlaps
    if not report.source.lonlat:
        return  # areas in square metres would be nonsense: the file's one error says why
    parents = {spec.parent_code for spec in report.specs}
    grids = [spec for spec in report.specs if spec.code not in parents]
    if not grids:
        return
    geometries = np.array([spec.geometry for spec in grids])
    codes = [spec.code for spec in grids]
    tree = shapely.STRtree(geometries)
    report.overlaps = _overlaps(tree, geometries, codes, tolerance_m2)
    report.gaps = _holes(tree, geometries, codes, tolerance_m2)
    report.uncovered = _uncovered_parents(report, tolerance_m2)


def _overlaps(tree, geometries, codes, tolerance_m2) -> list[tuple[str, str, float]]:
    left, right = tree.query(geometries, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # Interiors meet (DE-9IM T********): more than a shared edge or corner.
    inner = shapely.relate_pattern(geometries[left], geometries[right], "T********")
    found = []
    for i, j in zip(left[inner].tolist(), right[inner].tolist()):
        area = area_m2(shapely.intersection(geometries[i], geometries[j]))
        if area > tolerance_m2:
            found.append((codes[i], codes[j], area))
    return sorted(found, key=lambda overlap: -overlap[2])


def _holes(tree, geometries, codes, tolerance_m2) -> list[tuple[float, list[str]]]:
    union = shapely.union_all(geometries)
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union)
             for ring in part.interiors]
    found = []
    for hole in holes:
        area = area_m2(hole)
        if area > tolerance_m2:
            # Within a hair's breadth: the hole's ring comes out of the union with rounded
            # vertices, a little off a grid cut by another's edge (about 0.1 mm here).
            nearby = tree.query(hole, predicate="dwithin", distance=1e-9)
            around = sorted(codes[i] for i in nearby)
            found.append((area, around))
    return sorted(found, key=lambda gap: -gap[0])


def _uncovered_parents(report: Report, tolerance_m2) -> list[tuple[str, str, float]]:
    derived = set(report.derived)
    children = defaultdict(list)
    for spec in report.specs:
        if spec.parent_code:
            children[spec.parent_code].append(spec.geometry)
    found = []
    for spec in report.specs:
        if spec.code in derived or spec.code not in children:
            continue
        covered = shapely.union_all(children[spec.code])
        missing = area_m2(shapely.difference(spec.geometry, covered))
        outside = area_m2(shapely.difference(covered, spec.geometry))
        if missing > tolerance_m2:
            found.append((spec.code, "not covered by its children", missing))
        if outside > tolerance_m2:
            found.append((spec.code, "overstepped by its children", outside))
    return found


# --- Saving ----------------------------------------------------------------------------------

def save(report: Report, *, name: str, activate: bool) -> Generation:
    """The tree as a new generation: inactive unless `activate` (new cases route by it, old
    cases keep their grids)."""
    if report.blocking:
        raise ValueError("the boundary set has errors; nothing to save")
    return generation_create(specs=report.specs, name=name, activate=activate)
