"""Region boundaries: GeoJSON <-> Shapely, the bounding box stored beside them, areas, and the
region spec that the importer and the demo builder both produce."""

import math
from dataclasses import dataclass

import pyproj
import shapely
from shapely.geometry import mapping, shape

WGS84 = pyproj.Geod(ellps="WGS84")


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


@dataclass(frozen=True)
class RegionSpec:
    """One administrative region, ready to be inserted into the database.

    Codes follow the national scheme extended for grids: 6 digits for a district,
    9 for a street/town, 12 for a community/village and 15 for a grid. Geometry is a
    WGS84 lon/lat Polygon snapped to the importer's or demo's snapping grid.
    """

    code: str
    name: str
    level: str  # "district" | "street" | "community" | "grid"
    parent_code: str | None
    geometry: shapely.Polygon
    weight: float = 1.0  # relative activity weight for synthetic cases; high in the core


def km_per_degree(lat: float) -> tuple[float, float]:
    """Kilometres per degree of longitude and latitude near ``lat`` (spherical Earth)."""
    return 111.320 * math.cos(math.radians(lat)), 110.574


def area_km2(geom: shapely.Geometry) -> float:
    """Approximate area in km² (equirectangular at the centroid; fine at district scale)."""
    kx, ky = km_per_degree(geom.centroid.y)
    return geom.area * kx * ky


def geodesic_area_km2(geom: shapely.Geometry) -> float:
    """Area in km² on the WGS84 ellipsoid (exact, at any size), for figures that are read as
    densities (cases per km²); the sign pyproj gives by ring orientation is dropped."""
    if geom.is_empty:
        return 0.0
    area, _perimeter = WGS84.geometry_area_perimeter(geom)
    return abs(area) / 1e6
