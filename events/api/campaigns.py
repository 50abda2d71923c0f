"""Campaigns API: a grid worker's tasks, a task's form (prefilled: collect once), its result and
the case filed from a finding; progress, the Breteau index and the results export for whoever
runs a campaign; the register read by departments with a grant (their staff's tokens).

Thin: the campaigns room's selectors and services do the work. Out of scope answers 404, as
for a case; a caller without the role or grant at all answers 403."""

import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.parsers import SafeJSONParser, SafeMultiPartParser
from events.api.stats import csv_response
from events.campaigns import exports, grants, register, selectors, services
from events.campaigns.models import REGISTER_ATTRIBUTES, Campaign, FormField, Task
from events.idempotency.decorators import IDEMPOTENCY_KEY, idempotent
from events.workflow.selectors import role_of
from org.models import Role
from taxonomy.models import Subcategory

ANY = inline_serializer("CampaignAnswer", {"detail": serializers.CharField()})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def task_data(task: Task) -> dict:
    return {"id": task.pk, "campaign": task.campaign.name, "campaign_id": task.campaign_id,
            "grid": task.grid_code, "target": services.task_target_text(task),
            "lat": task.address.lat if task.address_id else None,
            "lon": task.address.lon if task.address_id else None,
            "due_at": task.due_at, "status": task.status, "answers": task.answers,
            "note": task.note, "finding": task.finding,
            "case": task.case.tracking_number if task.case_id else None}


def form_data(task: Task) -> dict:
    """The task with its form, the values to prefill, the last inspection and the address's
    units: what the worker needs on the doorstep."""
    fields = list(task.campaign.fields.all())
    earlier = register.last_inspection(task)
    return {**task_data(task),
            "fields": [{"key": f.key, "label": f.label, "kind": f.kind, "required": f.required,
                        "choices": f.choice_list(), "register": f.register_attribute}
                       for f in fields],
            "prefill": register.prefill(task, fields),
            "last_inspection": {"campaign": earlier.campaign.name, "done_at": earlier.done_at,
                                "by": earlier.done_by.username if earlier.done_by_id else ""}
            if earlier else None,
            "units": [{"name": u.name, "kind": u.kind} for u in register.units_at(task)]}


class WorkerView(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if role_of(request.user) != Role.GRID_WORKER:
            raise exceptions.PermissionDenied(_("Only grid workers have campaign tasks."))

    def task(self, request, pk) -> Task:
        try:
            return selectors.task_for_worker(request.user, pk)
        except selectors.NotFound:
            raise exceptions.NotFound() from None


class TaskListView(WorkerView):
    """The worker's open tasks of campaigns under way, the earliest deadline first."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ANY})
    def get(self, request):
        tasks = list(selectors.worker_tasks(request.user)[:500])
        return Response({"count": len(tasks), "results": [task_data(t) for t in tasks]})


class TaskDetailView(WorkerView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ANY, 404: ANY})
    def get(self, request, pk: int):
        return Response(form_data(self.task(request, pk)))


class TaskResultView(WorkerView):
    """Save a task's result: the form's answers by field key (photos as files under their
    key), `note`, `finding` (true: needs action). Once per task: a second answers 409."""

    parser_classes = [SafeJSONParser, SafeMultiPartParser, FormParser]

    @extend_schema(request=OpenApiTypes.OBJECT, parameters=[IDEMPOTENCY_KEY],
                   responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 403: ANY,
                              404: ANY, 409: ANY, 422: ANY})
    @idempotent
    def post(self, request, pk: int):
        task = self.task(request, pk)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"detail": [_("Send the answers as an object.")]})
        try:
            task = services.task_result_save(task=task, actor=request.user, data=request.data,
                                             files=request.FILES)
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        except services.Conflict as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(task_data(task), status=status.HTTP_201_CREATED)


class TaskCaseView(WorkerView):
    """File a case from the task's finding in one step: place, subcategory (the campaign's,
    or `subcategory` by code) and the result's photos prefilled."""

    parser_classes = [SafeJSONParser, FormParser]

    @extend_schema(request=inline_serializer("FindingCase", {
        "subcategory": serializers.CharField(required=False),
        "description": serializers.CharField(required=False)}),
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 403: ANY, 404: ANY,
                   409: ANY})
    def post(self, request, pk: int):
        task = self.task(request, pk)
        code = str(request.data.get("subcategory") or "")
        subcategory = Subcategory.objects.filter(code=code).first() if code else None
        if code and subcategory is None:
            raise exceptions.ValidationError({"subcategory": [_("Unknown subcategory.")]})
        try:
            case = services.finding_case_file(
                task=task, actor=request.user, subcategory=subcategory,
                description=str(request.data.get("description") or "")[:2000])
        except ValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {
                "detail": error.messages}
            raise exceptions.ValidationError(detail) from None
        except services.Conflict as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response({"tracking_number": case.tracking_number, "task": task.pk},
                        status=status.HTTP_201_CREATED)


class CampaignView(APIView):
    def campaign(self, request, pk):
        try:
            return selectors.campaign_for(request.user, pk)
        except selectors.NotFound:
            raise exceptions.NotFound() from None


class FieldSerializer(serializers.Serializer):
    key = serializers.SlugField(max_length=40)
    label = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(FormField.Kind.choices)
    choices = serializers.ListField(child=serializers.CharField(max_length=100),
                                    required=False, max_length=50)
    required = serializers.BooleanField(default=False)
    register_attribute = serializers.ChoiceField(list(REGISTER_ATTRIBUTES), required=False)

    def validate(self, data):
        if data["kind"] == FormField.Kind.CHOICE and not data.get("choices"):
            raise serializers.ValidationError({"choices": [_("List the choices.")]})
        data["choices"] = "\n".join(data.get("choices", []))
        data.setdefault("register_attribute", "")
        return data


class CampaignSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    region_code = serializers.CharField(max_length=32, required=False, default="",
                                        allow_blank=True)
    target = serializers.ChoiceField(Campaign.Target.choices)
    unit_kind = serializers.CharField(max_length=32, required=False, default="",
                                      allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    finding_subcategory = serializers.SlugRelatedField(
        slug_field="code", queryset=Subcategory.objects.all(), required=False, allow_null=True)
    fields = FieldSerializer(many=True, max_length=50)
    launch = serializers.BooleanField(default=False)

    def validate(self, data):
        if data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError({"ends_on": [_("The end comes before the start.")]})
        keys = [field["key"] for field in data["fields"]]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError({"fields": [_("Each key once.")]})
        if not selectors.region_allowed(self.context["request"].user, data["region_code"]):
            raise serializers.ValidationError({"region_code": [_("Not a region of yours.")]})
        return data


class CampaignListView(CampaignView):
    """The campaigns the caller runs or watches; command centres and departments create one
    (with its form, launched at once with `launch: true`)."""

    parser_classes = [SafeJSONParser]

    @extend_schema(request=CampaignSerializer,
                   responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 403: ANY})
    def post(self, request):
        if not selectors.may_create_campaigns(request.user):
            raise exceptions.PermissionDenied(_("Only command centres and departments run "
                                                "campaigns."))
        given = CampaignSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        fields, launch = values.pop("fields"), values.pop("launch")
        campaign = services.campaign_create(actor=request.user, values=values, fields=fields,
                                            launch=launch)
        return Response({"id": campaign.pk, "name": campaign.name,
                         "tasks": campaign.tasks.count()}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        rows = selectors.campaigns_watched_by(request.user).order_by("-starts_on", "-id")[:200]
        return Response({"results": [
            {"id": c.pk, "name": c.name, "region": c.region_code, "target": c.target,
             "starts_on": c.starts_on, "ends_on": c.ends_on, "launched": bool(c.launched_at)}
            for c in rows]})


class ProgressView(CampaignView):
    """Tasks, done, overdue and the share done per street, community or grid."""

    @extend_schema(parameters=[OpenApiParameter(
        "level", enum=list(selectors.LEVEL_COLUMNS), default="street")],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: ANY})
    def get(self, request, pk: int):
        level = request.query_params.get("level", "street")
        if level not in selectors.LEVEL_COLUMNS:
            raise exceptions.ValidationError({"level": [_("Unknown level.")]})
        campaign = self.campaign(request, pk)
        return Response({"campaign": campaign.pk, "level": level,
                         "rows": selectors.progress(campaign, level)})


class BreteauView(CampaignView):
    """Breteau index per community: 100 × Σ positive_containers ÷ houses inspected."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: ANY})
    def get(self, request, pk: int):
        campaign = self.campaign(request, pk)
        return Response({"campaign": campaign.pk, "name": campaign.name,
                         "rows": selectors.breteau(campaign)})


class ResultsExportView(CampaignView):
    """Every task of the campaign with its answers, as CSV (streamed) or Excel."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR, 404: ANY})
    def get(self, request, pk: int, fmt: str):
        campaign = self.campaign(request, pk)
        rows = exports.result_rows(campaign)
        if fmt == "csv":
            return csv_response(rows, f"campaign-{campaign.pk}.csv")
        return xlsx_response(rows, f"campaign-{campaign.pk}.xlsx")


def xlsx_response(rows, filename: str) -> HttpResponse:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from common.spreadsheet import safe_row

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        # Control characters (a label typed with one) make openpyxl refuse the whole file.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
                      for cell in safe_row(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RegisterView(APIView):
    """Reads of the register for departments with a grant (events/campaigns/grants.py)."""

    def rows(self, request, select):
        try:
            return select(request.user)
        except grants.NoGrant:
            raise exceptions.PermissionDenied(
                _("Your department has no grant to read the register.")) from None

    def paged(self, request, queryset, to_dict):
        page = self.paginator.paginate_queryset(queryset, request, view=self)
        return self.paginator.get_paginated_response([to_dict(row) for row in page])

    @property
    def paginator(self):
        from events.api.pagination import PageNumberPagination

        if not hasattr(self, "_paginator"):
            self._paginator = PageNumberPagination()
        return self._paginator


def unit_data(unit) -> dict:
    contact = unit.contact_readable
    return {"id": unit.pk, "name": unit.name, "kind": unit.kind, "address": unit.address.text,
            "grid": unit.address.grid_code,
            "contact_name": unit.contact_name if contact else None,
            "contact_phone": unit.contact_phone if contact else None,
            "updated_at": unit.updated_at}


def house_data(house) -> dict:
    return {"id": house.pk, "address": house.address.text, "grid": house.address.grid_code,
            "use": house.use, "is_rented": house.is_rented,
            "registered_residents": house.registered_residents,
            "floating_residents": house.floating_residents, "updated_at": house.updated_at}


def change_data(change) -> dict:
    record = change.unit or change.house
    return {"attribute": change.attribute, "record": record.pk if record else None,
            "grid": change.grid_code, "old": change.old_value, "new": change.new_value,
            "by": change.changed_by.username if change.changed_by_id else None,
            "at": change.changed_at, "task": change.task_id}


class RegisterUnitsView(RegisterView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ANY})
    def get(self, request):
        return self.paged(request, self.rows(request, grants.readable_units), unit_data)


class RegisterHousesView(RegisterView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ANY})
    def get(self, request):
        return self.paged(request, self.rows(request, grants.readable_houses), house_data)


class RegisterChangesView(RegisterView):
    """Who changed what when, newest first."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 403: ANY})
    def get(self, request):
        return self.paged(request, self.rows(request, grants.readable_changes), change_data)


class RegisterUnitsExportView(RegisterView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR, 403: ANY})
    def get(self, request):
        units = self.rows(request, grants.readable_units)
        header = ["id", "name", "kind", "address", "grid", "contact_name", "contact_phone",
                  "updated_at"]

        def lines():
            yield header
            for unit in units.iterator(chunk_size=2000):
                data = unit_data(unit)
                yield [data[key] if data[key] is not None else "" for key in header]

        return csv_response(lines(), "units.csv")
