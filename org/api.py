"""The public component lookup: which registered components of the kinds a problem concerns lie
near a point, for the report form to offer (the reporter picks the one they mean)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from org.routing import PICKED_COMPONENT_FACTOR, nearest_components
from taxonomy.loader import subcategory_by_code

OFFERED = 5


class NearestQuery(serializers.Serializer):
    subcategory = serializers.CharField(max_length=16, help_text=_("Subcategory code, e.g. "
                                                                   "01001."))
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)

    def validate_subcategory(self, code):
        subcategory = subcategory_by_code(code)
        if subcategory is None:
            raise serializers.ValidationError(_("No subcategory has this code."))
        return subcategory


class NearbyComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    owner = serializers.CharField(help_text=_("Name of the department that owns it."))
    distance_m = serializers.FloatField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class NearestAnswer(serializers.Serializer):
    radius_m = serializers.FloatField()
    components = NearbyComponentSerializer(many=True)


class NearestComponentsView(APIView):
    """Registered components of the kinds this subcategory concerns within
    PICKED_COMPONENT_FACTOR × COMPONENT_MATCH_METRES of the point, nearest first (at most 5).
    Owners are utilities and public bodies: their names are public."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[NearestQuery], responses={200: NearestAnswer})
    def get(self, request):
        query = NearestQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        radius = PICKED_COMPONENT_FACTOR * settings.COMPONENT_MATCH_METRES
        near = nearest_components(data["subcategory"], data["lat"], data["lon"],
                                  limit=OFFERED, radius=radius)
        return Response({"radius_m": radius, "components": [
            {"code": c.code, "kind": c.kind.name, "owner": c.owner.name,
             "distance_m": round(metres, 1), "lat": c.lat, "lon": c.lon}
            for metres, c in near]})
