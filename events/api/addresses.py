"""The standard address register over the API: search by text and the nearest address to a
point. Anyone may search (code, text, point, grid and score only, at most 10, rate-limited);
staff also get the parts, and staff in scope the house and the units with their contacts."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from common.security import client_address
from events.workflow.selectors import CITIZEN, role_of, worker_grid_codes
from org.models import COMMAND_STAFF, Role
from places.search import Match, nearest, search

PUBLIC_LIMIT = 10


class AddressSearchThrottle(AnonRateThrottle):
    scope = "addresses"

    def get_rate(self):
        return settings.ADDRESS_SEARCH_RATE

    def get_ident(self, request):
        return client_address(request)


class QuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, help_text=_("Address text, e.g. 祖庙路12号3栋"))
    limit = serializers.IntegerField(min_value=1, max_value=50, default=PUBLIC_LIMIT)


class PointSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)


class AddressSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    grid_code = serializers.CharField()
    score = serializers.FloatField(help_text=_("0–1, best first"))


def _in_scope(user, grid_code: str) -> bool:
    """Staff who may see houses and units here: grid workers in their grids, command-centre
    staff in their region (codes nest: a grid's code starts with its region's)."""
    role = role_of(user)
    if role == Role.GRID_WORKER:
        return grid_code in worker_grid_codes(user)
    if role in COMMAND_STAFF:
        return grid_code.startswith(getattr(getattr(user, "staff", None), "scope_code", ""))
    return False


def represent(match: Match, user) -> dict:
    address = match.address
    row = {"code": address.code, "text": address.text, "lat": address.lat,
           "lon": address.lon, "grid_code": address.grid_code, "score": match.score}
    if role_of(user) == CITIZEN:
        return row
    row["parts"] = {name: getattr(address, name) for name in (
        "street", "community", "road", "number", "estate", "building", "unit", "room")}
    if _in_scope(user, address.grid_code):
        house = getattr(address, "house", None)
        row["house"] = house and {
            "use": house.use, "is_rented": house.is_rented,
            "registered_residents": house.registered_residents,
            "floating_residents": house.floating_residents}
        row["units"] = [{"name": unit.name, "kind": unit.kind, "contact": unit.contact_name,
                         "contact_phone": unit.contact_phone} for unit in address.units.all()]
    return row


class AddressSearchView(APIView):
    """Standard addresses matching a text, best first."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AddressSearchThrottle]

    @extend_schema(parameters=[QuerySerializer],
                   responses={200: inline_serializer("AddressResults", {
                       "results": AddressSerializer(many=True)})})
    def get(self, request):
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit = query.validated_data["limit"]
        if role_of(request.user) == CITIZEN:
            limit = min(limit, PUBLIC_LIMIT)
        matches = search(query.validated_data["q"], limit=limit)
        return Response({"results": [represent(m, request.user) for m in matches]})


class NearestAddressView(APIView):
    """The standard address nearest to a point (within 200 m)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AddressSearchThrottle]

    @extend_schema(parameters=[PointSerializer],
                   responses={200: AddressSerializer,
                              404: inline_serializer("NoAddress", {
                                  "detail": serializers.CharField()})})
    def get(self, request):
        point = PointSerializer(data=request.query_params)
        point.is_valid(raise_exception=True)
        match = nearest(point.validated_data["lat"], point.validated_data["lon"])
        if match is None:
            return Response({"detail": _("No standard address within 200 metres.")},
                            status=404)
        return Response(represent(match, request.user))
