"""Statistics API for the command centre: heat as GeoJSON, KPIs (JSON or CSV), hot spots, open
cases per grid or in a box, a grid's summary, and the streamed CSV export of cases. Answers
are cached per statistics version, which every refresh of the tables bumps."""

import csv
import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.spreadsheet import safe_row
from events.api.filters import CaseFilter
from events.models import OPEN
from events.stats import reads as stats
from events.stats import refresh as statistics
from events.stats import register
from events.workflow.selectors import cases_visible_to


class IsCommandCentre(permissions.BasePermission):
    message = _("Only command-centre staff see district statistics.")

    def has_permission(self, request, view):
        return request.user.is_authenticated and stats.is_command(request.user)


class StatsView(APIView):
    permission_classes = [IsCommandCentre]

    def cached(self, request, compute, part: str = ""):
        """`compute()` once per statistics version, caller scope, language and query (and
        `part`, for a second figure cached for the same request)."""
        scope = getattr(getattr(request.user, "staff", None), "scope_code", "")
        raw = f"{request.path}?{request.GET.urlencode()}|{scope}|{get_language()}|{part}"
        key = f"stats:{statistics.version()}:{hashlib.sha1(raw.encode()).hexdigest()}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, settings.STATS_CACHE_SECONDS)
        return value


class HeatParams(serializers.Serializer):
    window = serializers.IntegerField(min_value=1, max_value=366, default=7,
                                      help_text=_("Days back from today."))
    category = serializers.RegexField(r"^\d{2}$", required=False)
    level = serializers.ChoiceField(["grid", "community", "street"], default="grid")
    geometry = serializers.BooleanField(
        default=True, help_text=_("false: every feature without its boundary (geometry null), "
                                  "for refreshing the counts of a map that has them."))
    nonzero = serializers.BooleanField(
        default=False, help_text=_("true: only the regions with a case in the window (a map "
                                   "of more grids than it can hold takes the rest as zero)."))
    measure = serializers.ChoiceField(
        register.MEASURES, default="count",
        help_text=_("What `value` holds: count (cases), per_1000_residents (cases per 1,000 "
                    "registered and floating residents, null without residents) or per_km2 "
                    "(cases per km² of the region's area)."))


class HeatView(StatsView):
    """Cases per region over the window, as GeoJSON (properties: code, name, level, count,
    value in the chosen measure; residents and area_km2 for the per-capita measures)."""

    @extend_schema(parameters=[HeatParams], responses={200: OpenApiResponse(
        description="GeoJSON FeatureCollection")})
    def get(self, request):
        p = HeatParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        v = p.validated_data
        # Counts are cached; the boundaries are read as the plain GeoJSON endpoint reads them.
        counts = self.cached(request, lambda: stats.heat_counts(
            user=request.user, days=v["window"], category=v.get("category"),
            level=v["level"]))
        bases = (None if v["measure"] == "count"
                 else self.cached(request, lambda: register.bases(v["level"]), part="bases"))
        return Response(register.add_measure(
            stats.heat(user=request.user, level=v["level"], counts=counts,
                       geometry=v["geometry"], nonzero=v["nonzero"]),
            measure=v["measure"], bases=bases))


class KpiParams(serializers.Serializer):
    group_by = serializers.ChoiceField(list(stats.GROUPS), default="department")
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    output = serializers.ChoiceField(["json", "csv"], default="json",
                                     help_text=_("csv streams a spreadsheet instead."))

    def to_internal_value(self, data):
        data = {**data.dict(), "date_from": data.get("from"), "date_to": data.get("to")}
        values = super().to_internal_value({k: v for k, v in data.items() if v})
        values.setdefault("date_to", timezone.localdate())
        values.setdefault("date_from", values["date_to"] - timedelta(days=29))
        if values["date_from"] > values["date_to"]:
            raise serializers.ValidationError({"from": _("'from' is after 'to'.")})
        return values


class KpiView(StatsView):
    """Evaluation KPIs per department, street or grid for cases reported in [from, to]."""

    @extend_schema(parameters=[KpiParams])
    def get(self, request):
        p = KpiParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        v = p.validated_data
        result = self.cached(request, lambda: stats.kpis(
            user=request.user, group_by=v["group_by"], date_from=v["date_from"],
            date_to=v["date_to"]))
        if v["output"] == "csv":
            return csv_response(kpi_rows(result), f"kpi-{v['group_by']}.csv")
        return Response(result)


class LevelKpiParams(KpiParams):
    group_by = serializers.ChoiceField(list(stats.LEVEL_GROUPS), default="street")


class LevelKpiView(StatsView):
    """Handling per level (分级处置) per street or community in [from, to]: cases closed,
    closed at grid or community level (就地解决率), and steps reported up, handed down and
    reassigned."""

    @extend_schema(parameters=[LevelKpiParams])
    def get(self, request):
        p = LevelKpiParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        v = p.validated_data
        result = self.cached(request, lambda: stats.level_kpis(
            user=request.user, group_by=v["group_by"], date_from=v["date_from"],
            date_to=v["date_to"]))
        if v["output"] == "csv":
            return csv_response(_rows(result, LEVEL_COLUMNS), f"levels-{v['group_by']}.csv")
        return Response(result)


LEVEL_COLUMNS = ["key", "name", "closed", "solved_locally", "local_rate", "reported_up",
                 "handed_down", "reassigned"]


def _rows(result, columns):
    yield columns
    for row in result["rows"]:
        yield [row.get(c) for c in columns]


KPI_COLUMNS = ["key", "name", "reported", "answered_at_intake", "accepted", "accept_rate",
               "dispatched",
               "dispatch_on_time_rate", "handled", "handle_on_time_rate", "close_rate",
               "rework_rate", "extension_rate", "overdue_rate", "avg_handling_hours",
               "satisfaction", "citizen_reopen_rate", "tasks", "tasks_done", "tasks_overdue",
               "task_on_time_rate", "on_time_rate", "score", "grade"]


def kpi_rows(result):
    return _rows(result, KPI_COLUMNS)


class Echo:
    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Streamed CSV with a BOM, so that Excel opens the Chinese text correctly, and no cell
    that a spreadsheet would run as a formula (common.spreadsheet)."""
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(safe_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class HotspotParams(serializers.Serializer):
    category = serializers.RegexField(r"^\d{2}$", required=False)


class HotspotView(StatsView):
    """Grids with an improbable number of cases this week (Poisson tail against 8 weeks)."""

    @extend_schema(parameters=[HotspotParams])
    def get(self, request):
        p = HotspotParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        return Response(self.cached(request, lambda: stats.hotspots(
            user=request.user, category=p.validated_data.get("category"))))


class OpenParams(serializers.Serializer):
    category = serializers.RegexField(r"^\d{2}$", required=False)
    street = serializers.RegexField(r"^\d{6,12}$", required=False)
    status = serializers.MultipleChoiceField(choices=OPEN, required=False)
    bbox = serializers.RegexField(r"^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$", required=False,
                                  help_text=_("min_lon,min_lat,max_lon,max_lat"))
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=2000)
    level = serializers.ChoiceField(
        ["grid", "community"], default="grid",
        help_text=_("Without bbox: counted per grid (rows carry grid_code) or per community "
                    "(community_code)."))

    def validate_bbox(self, value):
        try:
            box = [float(x) for x in value.split(",")]
        except ValueError:
            raise serializers.ValidationError(_("Four numbers: min_lon,min_lat,max_lon,max_lat.")) \
                from None
        if not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
            raise serializers.ValidationError(_("Not a box in longitude and latitude."))
        return box


class OpenView(StatsView):
    """Open cases: per grid or community (no bbox) or one by one inside a bounding box."""

    @extend_schema(parameters=[OpenParams])
    def get(self, request):
        p = OpenParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        v = p.validated_data
        cases = stats.open_cases(user=request.user, category=v.get("category"),
                                 street=v.get("street"), statuses=list(v.get("status") or []))
        if "bbox" in v:
            return Response(stats.open_in_bbox(cases, v["bbox"], v["limit"]))
        grids = stats.open_by_grid(cases, v["level"])
        outside = stats.open_outside_grids(cases, v["limit"])
        return Response({"grids": grids, "outside": outside["cases"],
                         "total": sum(g["count"] for g in grids) + outside["count"]})


class GridParams(serializers.Serializer):
    window = serializers.IntegerField(min_value=1, max_value=366, default=30,
                                      help_text=_("Days back from today, for the KPIs."))
    category = serializers.RegexField(r"^\d{2}$", required=False)


class GridRegisterSerializer(serializers.Serializer):
    addresses = serializers.IntegerField(help_text=_("Standard addresses in the grid."))
    houses = serializers.IntegerField(help_text=_("Houses (实有房屋)."))
    rented_houses = serializers.IntegerField(help_text=_("Rented houses (出租屋)."))
    units = serializers.IntegerField(help_text=_("Units (实有单位)."))
    registered_residents = serializers.IntegerField()
    floating_residents = serializers.IntegerField()
    residents = serializers.IntegerField(help_text=_("Registered plus floating residents."))
    area_km2 = serializers.FloatField(allow_null=True, help_text=_("On the WGS84 ellipsoid."))
    counted_at = serializers.DateTimeField(allow_null=True)


class GridKpiSerializer(serializers.Serializer):
    window = serializers.IntegerField()
    category = serializers.CharField(allow_null=True)
    cases = serializers.IntegerField(help_text=_("Cases reported in the window."))
    cases_per_1000_residents = serializers.FloatField(allow_null=True)
    cases_per_km2 = serializers.FloatField(allow_null=True)


class GridSummarySerializer(serializers.Serializer):
    grid_code = serializers.CharField()
    grid_name = serializers.CharField()
    worker = serializers.CharField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text=_("open, last_7_days, last_30_days"))
    recent = serializers.ListField(child=serializers.DictField())
    register = GridRegisterSerializer()
    kpis = GridKpiSerializer()


class GridSummaryView(StatsView):
    """A grid's worker, case counts and recent cases, its counts from the address register
    and its cases per 1,000 residents and per km² over the window."""

    @extend_schema(parameters=[GridParams], responses={200: GridSummarySerializer})
    def get(self, request, code):
        p = GridParams(data=request.query_params)
        p.is_valid(raise_exception=True)
        summary = stats.grid_summary(user=request.user, code=code, days=p.validated_data["window"],
                                     category=p.validated_data.get("category"))
        if summary is None:
            return Response({"detail": _("No such grid.")}, status=404)
        return Response(summary)


class CaseExportView(StatsView):
    """The case list as CSV, with the list's filters; streamed, no reporter data."""

    def get(self, request):
        filtered = CaseFilter(request.query_params, queryset=cases_visible_to(request.user))
        if not filtered.is_valid():
            return Response(filtered.errors, status=400)
        return csv_response(stats.case_rows(filtered.qs), "cases.csv")
