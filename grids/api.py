from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grids import tiles
from grids.index import active_version, in_district, locate_grid
from grids.models import Region

GEOJSON_CACHE_SECONDS = 24 * 3600
EMPTY = b'{"type":"FeatureCollection","features":[]}'
FEATURE_COLLECTION = inline_serializer("FeatureCollection", {
    "type": serializers.CharField(), "features": serializers.ListField()})


class PointSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class LookupSerializer(serializers.Serializer):
    grid_code = serializers.CharField()
    grid_name = serializers.CharField()
    path = RegionRefSerializer(many=True, help_text=_("District first, grid last."))


class GridLookupView(APIView):
    """Which grid of the active generation contains this point."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[PointSerializer],
        responses={200: LookupSerializer,
                   404: inline_serializer("NotInGrid", {
                       "detail": serializers.CharField(),
                       "outside_district": serializers.BooleanField(
                           help_text=_("The point is outside the district itself, not only "
                                       "between grids."))})},
    )
    def get(self, request):
        point = PointSerializer(data=request.query_params)
        point.is_valid(raise_exception=True)
        lat, lon = point.validated_data["lat"], point.validated_data["lon"]
        grid = locate_grid(lat, lon)
        if grid is None:
            outside = not in_district(lat, lon)
            return Response({"detail": _("This location is outside the district.") if outside
                             else _("This location is outside every grid."),
                             "outside_district": outside}, status=404)
        path = [{"code": r.code, "name": r.name, "level": r.level} for r in reversed(grid.path())]
        return Response({"grid_code": grid.code, "grid_name": grid.name, "path": path})


def _level(request) -> str | None:
    """The level asked for, or None for anything that is not one (answered 400 by the view)."""
    level = request.GET.get("level", Region.Level.GRID)
    return level if level in Region.Level.values else None


def _zoom(request) -> int | None | bool:
    """The zoom asked for (None: full detail), or False for anything that is not one."""
    value = request.GET.get("zoom", "")
    if not value:
        return None
    return int(value) if value.isdigit() and int(value) <= tiles.MAX_ZOOM else False


def _generation_etag(request, *args, **kwargs) -> str | None:
    """Boundaries change only with the active generation: clients revalidate (no-cache) and
    get 304 until another generation is activated or this one edited. The version is kept on
    the request for the view, which runs next. No ETag for an unknown level or zoom: its
    answer is an error, and the raw parameter (a newline, say) cannot go into a header."""
    version = request.grid_version = active_version()
    level, zoom = _level(request), _zoom(request)
    if version is None or level is None or zoom is False:
        return None
    return f"{version[0]}.{version[1]}.{level}" + (f".z{zoom}" if zoom is not None else "")


def _tile_etag(request, z, x, y) -> str | None:
    version = request.grid_version = active_version()
    return f"{version[0]}.{version[1]}.{z}.{x}.{y}" if version else None


class GridGeoJSONView(APIView):
    """The active generation's regions of one level as a GeoJSON FeatureCollection."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(cache_control(no_cache=True))
    @method_decorator(condition(etag_func=_generation_etag))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("level", enum=Region.Level.values, default="grid"),
                    OpenApiParameter("zoom", int, description=_(
                        "Simplified for this map zoom (0–20): half a pixel's detail. "
                        "Without it, the boundaries as stored."))],
        responses={200: FEATURE_COLLECTION},
    )
    def get(self, request):
        level, zoom = _level(request), _zoom(request)
        if level is None:
            raise serializers.ValidationError({"level": [_("Unknown level.")]})
        if zoom is False:
            raise serializers.ValidationError({"zoom": [_("A whole number from 0 to 20.")]})
        version = request.grid_version  # read by _generation_etag just before
        if version is None:
            return HttpResponse(EMPTY, content_type="application/json")
        # Serialised once per generation revision, level and zoom (9 MB and a second at
        # 20,000 grids; what a map asks for first is serialised at activation), then served
        # from the cache.
        body = tiles.cached(tiles.level_key(version, level, zoom),
                            lambda: tiles.level_geojson(version[0], level, zoom))
        return HttpResponse(body, content_type="application/json")


class GridTileView(APIView):
    """The active generation's grids touching one map tile (z/x/y, the Web Mercator scheme),
    simplified for that zoom: for maps of more grids than a browser holds at once."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(cache_control(no_cache=True))
    @method_decorator(condition(etag_func=_tile_etag))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("z", int, OpenApiParameter.PATH, description=_(
                        "Zoom, 0–20.")),
                    OpenApiParameter("x", int, OpenApiParameter.PATH, description=_(
                        "Column, 0 to 2^z − 1, west to east.")),
                    OpenApiParameter("y", int, OpenApiParameter.PATH, description=_(
                        "Row, 0 to 2^z − 1, north to south."))],
        responses={200: FEATURE_COLLECTION, 404: None})
    def get(self, request, z: int, x: int, y: int):
        if z > tiles.MAX_ZOOM or x >= 2 ** z or y >= 2 ** z:
            raise Http404
        version = request.grid_version  # read by _tile_etag just before
        if version is None:
            return HttpResponse(EMPTY, content_type="application/json")
        body = tiles.cached(f"grids:tile:{version[0]}.{version[1]}:{z}/{x}/{y}",
                       lambda: tiles.grid_tile(version[0], z, x, y))
        return HttpResponse(body, content_type="application/json")
