from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grids.index import locate_grid
from grids.models import Generation, Region


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
                   404: inline_serializer("NotInGrid", {"detail": serializers.CharField()})},
    )
    def get(self, request):
        point = PointSerializer(data=request.query_params)
        point.is_valid(raise_exception=True)
        grid = locate_grid(point.validated_data["lat"], point.validated_data["lon"])
        if grid is None:
            return Response({"detail": _("This location is outside every grid.")}, status=404)
        path = [{"code": r.code, "name": r.name, "level": r.level} for r in reversed(grid.path())]
        return Response({"grid_code": grid.code, "grid_name": grid.name, "path": path})


class GridGeoJSONView(APIView):
    """The active generation's regions of one level as a GeoJSON FeatureCollection."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("level", enum=Region.Level.values, default="grid")],
        responses={200: inline_serializer("FeatureCollection", {
            "type": serializers.CharField(), "features": serializers.ListField()})},
    )
    def get(self, request):
        level = request.query_params.get("level", Region.Level.GRID)
        if level not in Region.Level.values:
            raise serializers.ValidationError({"level": _("Unknown level.")})
        rows = Region.objects.filter(
            generation__in=Generation.objects.filter(is_active=True), level=level
        ).values_list("code", "name", "geometry", "parent__code")
        features = [
            {"type": "Feature", "id": code, "geometry": geometry,
             "properties": {"code": code, "name": name, "parent": parent}}
            for code, name, geometry, parent in rows
        ]
        return Response({"type": "FeatureCollection", "features": features})
