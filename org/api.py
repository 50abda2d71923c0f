"""The org API: which matters of the active duty list apply to a kind of problem in a region,
with their owners resolved there (staff only); and which registered components of the kinds a
problem concerns lie near a point, for the report form to offer (public)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from grids.models import Region
from org import routing
from taxonomy.loader import subcategory_by_code
from taxonomy.models import Subcategory


class IsStaffMember(permissions.BasePermission):
    message = gettext_lazy("Only staff see the duty list.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and hasattr(request.user, "staff")


class DutyQuery(serializers.Serializer):
    subcategory = serializers.CharField(max_length=16, help_text=gettext_lazy(
        "Subcategory code, e.g. 10001."))
    region = serializers.CharField(max_length=32, help_text=gettext_lazy(
        "Code of a region of the active grid generation (district, street, community or "
        "grid)."))

    def validate_subcategory(self, code):
        found = Subcategory.objects.filter(code=code).first()
        if found is None:
            raise serializers.ValidationError(_("No subcategory with code %(code)s.") % {
                "code": code})
        return found

    def validate_region(self, code):
        found = Region.objects.filter(generation__is_active=True, code=code).select_related(
            "parent__parent__parent").first()
        if found is None:
            raise serializers.ValidationError(_(
                "No region with code %(code)s in the active grid generation.") % {"code": code})
        return found


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OwnerSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=gettext_lazy(
        "As the list writes it: a department code, 属地街道, 属地村居 or 属地街道:<function>."))
    department = DepartmentRefSerializer(allow_null=True, help_text=gettext_lazy(
        "The department it names in this region; null when it names none or several."))
    error = serializers.CharField(allow_blank=True, help_text=gettext_lazy(
        "Why no department could be named (empty when one was)."))


class MatterSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(routing.Level.choices)
    legal_basis = serializers.CharField(allow_blank=True)
    time_limit = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True,
                                          coerce_to_string=False)
    time_unit = serializers.ChoiceField(["h", "wh", "wd", ""], allow_blank=True)
    response_hours = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                              coerce_to_string=False)
    region_code = serializers.CharField(allow_blank=True, help_text=gettext_lazy(
        "Empty: the whole list's region."))
    is_default = serializers.BooleanField()
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    routes = serializers.BooleanField(help_text=gettext_lazy(
        "Whether routing picks this matter in the region today."))
    lead = OwnerSerializer()
    assisting = OwnerSerializer(many=True)

    def to_representation(self, item):
        matter, routes, by_level = item
        data = {field: getattr(matter, field) for field in (
            "code", "name", "level", "legal_basis", "time_limit", "time_unit", "response_hours",
            "region_code", "is_default", "effective_from", "effective_to")}
        data.update(routes=routes, lead=_owner(matter.lead, by_level),
                    assisting=[_owner(ref, by_level) for ref in matter.assisting])
        return super().to_representation(data)


def _owner(reference_, by_level) -> dict:
    found = routing.owner(reference_, by_level)
    department = found.department
    return {"reference": found.reference, "error": found.error,
            "department": department and {"code": department.code, "name": department.name}}


class DutyListView(generics.ListAPIView):
    """The active duty list's matters of a subcategory that apply in a region (for the region,
    an ancestor, or the whole list), nearest first, with lead and assisting bodies resolved
    there."""

    permission_classes = [IsStaffMember]
    serializer_class = MatterSerializer

    def get_queryset(self):
        query = DutyQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        region = query.validated_data["region"]
        by_level = {r.level: r.code for r in region.path()}
        return [(matter, routes, by_level) for matter, routes in
                routing.matters_in(query.validated_data["subcategory"], region)]

    @extend_schema(parameters=[DutyQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- components near a point -----------------------------------------------------------------

OFFERED = 5


class NearestQuery(serializers.Serializer):
    subcategory = serializers.CharField(max_length=16, help_text=gettext_lazy(
        "Subcategory code, e.g. 01001."))
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)

    def validate_subcategory(self, code):
        subcategory = subcategory_by_code(code)
        if subcategory is None:
            raise serializers.ValidationError(_("No subcategory with code %(code)s.") % {
                "code": code})
        return subcategory


class NearbyComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    owner = serializers.CharField(help_text=gettext_lazy("Name of the department that owns it."))
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
        radius = routing.PICKED_COMPONENT_FACTOR * settings.COMPONENT_MATCH_METRES
        near = routing.nearest_components(data["subcategory"], data["lat"], data["lon"],
                                  limit=OFFERED, radius=radius)
        return Response({"radius_m": radius, "components": [
            {"code": c.code, "kind": c.kind.name, "owner": c.owner.name,
             "distance_m": round(metres, 1), "lat": c.lat, "lon": c.lon}
            for metres, c in near]})
