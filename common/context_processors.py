from django.conf import settings


def site(request):
    """Map tile settings for every page's maps (see grids/static/grids/map.js)."""
    return {"MAP_TILES": {"url": settings.MAP_TILE_URL,
                          "attribution": settings.MAP_TILE_ATTRIBUTION,
                          "crs": settings.MAP_TILE_CRS}}
