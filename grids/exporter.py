"""Export a generation's regions as a GeoJSON FeatureCollection that import_grids reads back.

Each feature carries its code, name, level and parent code; coordinates are WGS84 lon/lat
(RFC 7946, so no `crs` member).
"""

from grids.models import Generation, Region


def export_generation(generation: Generation, level: str | None = None) -> dict:
    regions = Region.objects.filter(generation=generation)
    if level:
        regions = regions.filter(level=level)
    order = {name: i for i, name in enumerate(Region.Level.values)}
    rows = sorted(regions.values_list("code", "name", "level", "parent__code", "geometry"),
                  key=lambda row: (order[row[2]], row[0]))
    return {
        "type": "FeatureCollection",
        "name": generation.name,
        "features": [
            {"type": "Feature",
             "properties": {"code": code, "name": name, "level": level_,
                            "parent_code": parent},
             "geometry": geometry}
            for code, name, level_, parent, geometry in rows
        ],
    }
