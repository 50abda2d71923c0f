"""Editing one boundary by hand (the admin's map): the checks the grid import makes, on the one
region against the rest of its generation. Only a generation that is not active may be edited:
the active one routes every new case, and changes there go through a new generation, checked
and then activated (as an import does)."""

import shapely
from django.db.models import Q

from grids.geometry import boundary_fields, to_shape
from grids.importer import Report, Source, _shape, area_m2
from grids.models import Generation, Region

TOLERANCE_M2 = 1.0  # import_grids' default: digitising noise is not worth a line


def editable(generation: Generation | None) -> bool:
    return generation is not None and not generation.is_active


def boundary_errors(geometry, *, code: str, level: str, generation: Generation,
                    parent: Region | None = None, pk: int | None = None) -> list[str]:
    """The import's errors for this boundary as region `code` of `generation`: unreadable or
    not a (Multi)Polygon, invalid, overlapping another region of its level, or reaching
    outside its parent. Empty: the boundary may be saved."""
    if not geometry and level != Region.Level.GRID:
        return []  # a street or community may keep no boundary of its own (derived on import)
    source = Source(features=[], crs="WGS84")
    shape = _shape(source, code, geometry)
    if shape is None:
        return source.errors
    if not shape.is_valid:
        return [f"{code}: invalid geometry: {shapely.is_valid_reason(shape)}"]
    report = Report(source, overlaps=_overlaps(shape, code, level, generation, pk))
    return report.overlap_lines() + _outside_parent(shape, code, parent)


def _overlaps(shape, code, level, generation, pk) -> list[tuple[str, str, float]]:
    """Regions of the same level whose interiors meet this one by more than the tolerance."""
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    boxes_meet = Q(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat,
                   max_lat__gte=min_lat) | Q(min_lon__isnull=True)  # no box: look at it anyway
    near = Region.objects.filter(boxes_meet, generation=generation, level=level,
                                 geometry__isnull=False).exclude(pk=pk) \
        .values_list("code", "geometry")
    found = []
    for other_code, other in near:
        other_shape = to_shape(other)
        if shapely.relate_pattern(shape, other_shape, "T********"):
            area = area_m2(shapely.intersection(shape, other_shape))
            if area > TOLERANCE_M2:
                found.append((code, other_code, area))
    return sorted(found, key=lambda overlap: -overlap[2])


def _outside_parent(shape, code, parent: Region | None) -> list[str]:
    if parent is None or not parent.geometry:
        return []
    outside = area_m2(shapely.difference(shape, to_shape(parent.geometry)))
    if outside <= TOLERANCE_M2:
        return []
    return [f"{outside:,.1f} m² of {code} outside its parent {parent.code}"]


def boundary_update(geometry) -> dict:
    """The fields to save for a checked boundary: the GeoJSON, normalised, and its bounding
    box (the spatial index reads the box)."""
    if not geometry:
        return {"geometry": None, "min_lon": None, "min_lat": None, "max_lon": None,
                "max_lat": None}
    return boundary_fields(to_shape(geometry))
