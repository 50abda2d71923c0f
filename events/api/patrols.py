"""Patrols over the API: a grid worker starts and ends its patrol and sends the phone's
positions in batches; the worker and its supervisors read the patrol's log (track, time per
grid, cases filed on the way). The rules are in events/patrols/ (docs/patrols.md)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.openapi import ErrorSerializer
from common.spreadsheet import xlsx_bytes
from events.api.stats import csv_response
from events.patrols import kpis, selectors, services
from events.patrols.models import Patrol
from events.workflow.selectors import role_of
from org.models import COMMAND_STAFF, Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IsGridWorker(permissions.BasePermission):
    message = _("Only grid workers patrol.")

    def has_permission(self, request, view):
        return role_of(request.user) == Role.GRID_WORKER


class PatrolSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patrol
        fields = ["id", "started_at", "ended_at"]


class PositionSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    accuracy = serializers.FloatField(min_value=0, max_value=1e6,
                                      help_text=_("Metres, as the phone reports it."))
    recorded_at = serializers.DateTimeField()


class BatchSerializer(serializers.Serializer):
    positions = PositionSerializer(many=True, allow_empty=False,
                                   max_length=services.MAX_BATCH)


RECORDED = inline_serializer("PositionsRecorded", {
    "accepted": serializers.IntegerField(),
    "duplicates": serializers.IntegerField(help_text=_("Already kept (a batch sent again).")),
    "refused": inline_serializer("RefusedPosition", {
        "index": serializers.IntegerField(),
        "reason": serializers.ChoiceField(["time", "accuracy", "speed"])}, many=True),
})


def own_patrol(request, pk) -> Patrol:
    """The caller's own patrol; anyone else's answers as one that does not exist."""
    return get_object_or_404(Patrol, pk=pk, worker=request.user)


class PatrolStartView(APIView):
    """Start a patrol (or get the one already open: 200 instead of 201)."""

    permission_classes = [IsGridWorker]

    @extend_schema(request=None, responses={201: PatrolSerializer, 200: PatrolSerializer})
    def post(self, request):
        patrol, created = services.patrol_start(worker=request.user)
        return Response(PatrolSerializer(patrol).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PatrolEndView(APIView):
    """End the caller's open patrol; its time per grid is counted and kept."""

    permission_classes = [IsGridWorker]

    @extend_schema(request=None, responses={200: PatrolSerializer, 409: ErrorSerializer})
    def post(self, request, pk):
        try:
            patrol = services.patrol_end(patrol=own_patrol(request, pk))
        except services.PatrolClosed as closed:
            return Response({"detail": str(closed)}, status=status.HTTP_409_CONFLICT)
        return Response(PatrolSerializer(patrol).data)


class PositionsView(APIView):
    """A batch of positions of the caller's open patrol. Points that are not believable
    (outside the patrol's time, less accurate than PATROL_MAX_ACCURACY_M, faster than
    PATROL_MAX_SPEED_KMH from their neighbour) are refused one by one, with the reason."""

    permission_classes = [IsGridWorker]

    @extend_schema(request=BatchSerializer, responses={200: RECORDED, 409: ErrorSerializer})
    def post(self, request, pk):
        patrol = own_patrol(request, pk)
        batch = BatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        try:
            result = services.positions_record(patrol=patrol,
                                               points=batch.validated_data["positions"])
        except services.PatrolClosed as closed:
            return Response({"detail": str(closed)}, status=status.HTTP_409_CONFLICT)
        return Response({"accepted": result.accepted, "duplicates": result.duplicates,
                         "refused": result.refused})


LOG = inline_serializer("PatrolLog", {
    "id": serializers.IntegerField(), "worker": serializers.CharField(),
    "started_at": serializers.DateTimeField(),
    "ended_at": serializers.DateTimeField(allow_null=True),
    "track": serializers.JSONField(help_text=_("GeoJSON LineString of the kept positions.")),
    "grids": serializers.JSONField(help_text=_("[{code, seconds}] in grid-code order.")),
    "cases": serializers.JSONField(help_text=_("Cases filed during the patrol.")),
    "task_results": serializers.JSONField(help_text=_(
        "Campaign task results saved during the patrol: [{task, campaign, grid, target, "
        "done_at, finding, case}].")),
})


class PatrolLogView(APIView):
    """A patrol's log, for its worker and the command centre's staff over its grids."""

    @extend_schema(responses={200: LOG})
    def get(self, request, pk):
        patrol = get_object_or_404(selectors.patrols_visible_to(request.user), pk=pk)
        return Response(selectors.patrol_log(patrol))


class WeekParams(serializers.Serializer):
    week = serializers.RegexField(r"^\d{4}-[Ww]\d{2}$", required=False,
                                  help_text=_("ISO week, e.g. 2026-W23 (default: this week)."))
    output = serializers.ChoiceField(["json", "csv", "xlsx"], default="json",
                                     help_text=_("csv or xlsx: a spreadsheet to download."))

    def validate_week(self, value):
        try:
            return kpis.Week.parse(value)
        except ValueError:
            raise serializers.ValidationError(_("Not a week of that year.")) from None

    def chosen_week(self) -> "kpis.Week":
        return self.validated_data.get("week") or kpis.Week.of(timezone.localdate())


class SummaryParams(WeekParams):
    level = serializers.ChoiceField(["community", "street"], default="community")


class MayReadWorkers(permissions.BasePermission):
    message = _("Only command-centre staff and grid workers see worker KPIs.")

    def has_permission(self, request, view):
        return role_of(request.user) in (*COMMAND_STAFF, Role.GRID_WORKER)


WORKER_COLUMNS = ["worker", "name", "community", "community_name", "street", "street_name",
                  "grids_assigned", "grids_visited", "coverage", "patrols", "patrol_minutes",
                  "reports_filed", "self_resolved", "self_resolve_rate", "checks_done",
                  "checks_on_time", "check_on_time_rate", "tasks_done", "tasks_on_time",
                  "task_on_time_rate"]
SUMMARY_COLUMNS = ["code", "name", "workers", *WORKER_COLUMNS[6:]]
# The answer in each of its forms (?output=), so that clients know the spreadsheets too.
TABLE_RESPONSES = {(200, "application/json"): OpenApiTypes.OBJECT,
                   (200, "text/csv"): OpenApiTypes.STR, (200, XLSX): OpenApiTypes.BINARY}


def table(rows, columns, output: str, filename: str):
    lines = [columns, *([row.get(c) for c in columns] for row in rows)]
    if output == "csv":
        return csv_response(lines, f"{filename}.csv")
    response = HttpResponse(xlsx_bytes(lines, filename), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class WorkerStatsView(APIView):
    """Worker KPIs for an ISO week, one row per grid worker the caller may see (a street's
    staff: the workers of its street's grids; a grid worker: itself), each with its grids.
    Formulas: docs/patrols.md."""

    permission_classes = [MayReadWorkers]

    @extend_schema(parameters=[WeekParams], responses=TABLE_RESPONSES)
    def get(self, request):
        params = WeekParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        week, output = params.chosen_week(), params.validated_data["output"]
        rows = kpis.worker_kpis(user=request.user, week=week)
        if output != "json":
            return table(rows, WORKER_COLUMNS, output, f"workers-{week}")
        return Response({"week": str(week), "coverage_minutes":
                         settings.PATROL_COVERAGE_MINUTES, "rows": rows})


class WorkerSummaryView(APIView):
    """The weekly summary per community or street of the workers the caller may see."""

    permission_classes = [MayReadWorkers]

    @extend_schema(parameters=[SummaryParams], responses=TABLE_RESPONSES)
    def get(self, request):
        params = SummaryParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        week, v = params.chosen_week(), params.validated_data
        rows = kpis.weekly_summary(kpis.worker_kpis(user=request.user, week=week), v["level"])
        if v["output"] != "json":
            return table(rows, SUMMARY_COLUMNS, v["output"], f"summary-{v['level']}-{week}")
        return Response({"week": str(week), "level": v["level"], "rows": rows})
