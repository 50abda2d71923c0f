"""GeoJSON <-> Shapely conversions for region boundaries stored as JSON."""

import shapely
from shapely.geometry import mapping, shape


def to_shape(geojson: dict) -> shapely.Geometry:
    return shape(geojson)


def to_geojson(geometry: shapely.Geometry) -> dict:
    return mapping(geometry)


def boundary_fields(geometry: shapely.Geometry) -> dict:
    """The model fields that hold a boundary: GeoJSON plus its bounding box."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return {
        "geometry": to_geojson(geometry),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
    }
