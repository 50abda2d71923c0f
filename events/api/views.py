from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from common.openapi import ErrorSerializer
from events.api.filters import CaseFilter
from events.api.parsers import SafeJSONParser, SafeMultiPartParser
from events.api.serializers import (
    ActionRequestSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseReceiptSerializer,
    CaseReportSerializer,
    CategorySerializer,
    WorkflowErrorSerializer,
)
from events.idempotency.decorators import IDEMPOTENCY_KEY, idempotent
from events.intake.ratelimit import ReportThrottle
from events.intake.services import Report, case_report
from events.models import Case, CaseStep, Source
from events.workflow import services as workflow
from events.workflow.selectors import cases_visible_to
from org.models import Role
from taxonomy.models import Category, Subcategory

ERRORS = {code: WorkflowErrorSerializer for code in (400, 403, 404, 409)}
# Idempotency-Key refusals: 400 malformed key, 409 the first is still running, 422 key reused.
KEY_ERRORS = {code: ErrorSerializer for code in (400, 409, 422)}


def _reporter_role(user) -> tuple[str, str]:
    """(source, role) of whoever files the report."""
    if not user.is_authenticated:
        return Source.CITIZEN, "citizen"
    staff = getattr(user, "staff", None)
    if staff and staff.role == Role.GRID_WORKER:
        return Source.GRID_WORKER, Role.GRID_WORKER
    return Source.API, staff.role if staff else "api"


def _field_errors(detail: dict) -> dict:
    """The workflow's {field: message} as the API's field errors everywhere: {field: [messages]}
    (the ValidationError shape of the OpenAPI document)."""
    return {field: [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
            for field, messages in detail.items()}


class CaseViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """Cases: anyone may file one; staff see and act on the cases of their scope only."""

    lookup_field = "tracking_number"
    lookup_value_regex = r"[0-9A-Za-z-]+"
    # The order the OpenAPI schema declares the request types in (and schema fuzzing follows).
    parser_classes = [SafeJSONParser, SafeMultiPartParser, FormParser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    throttle_classes = [ReportThrottle]  # citizens' filing only: events/ratelimit.py

    def get_permissions(self):
        if self.action in ("create", "act"):
            return [permissions.AllowAny()]  # citizens; acting checks role and scope itself
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        cases = Case.objects.select_related("subcategory__category", "department", "grid")
        if self.action == "retrieve":
            cases = cases.select_related("matter").prefetch_related(
                "tasks__department", Prefetch("steps", CaseStep.objects.select_related(
                    "actor", "from_department", "to_department").prefetch_related("photos")))
        return cases_visible_to(self.request.user, cases).order_by("-created_at")

    def get_object(self):
        # Missing and out of scope answer alike (the workflow's own words for both).
        case = self.filter_queryset(self.get_queryset()).filter(
            tracking_number=self.kwargs["tracking_number"]).first()
        if case is None:
            raise exceptions.NotFound(workflow.NOT_FOUND)
        return case

    def get_serializer_class(self):
        return {"create": CaseReportSerializer, "retrieve": CaseDetailSerializer,
                "act": ActionRequestSerializer}.get(self.action, CaseListSerializer)

    @extend_schema(request=CaseReportSerializer, parameters=[IDEMPOTENCY_KEY], responses={
        201: CaseReceiptSerializer, 429: ErrorSerializer, 503: ErrorSerializer, **KEY_ERRORS})
    @idempotent
    def create(self, request):
        serializer = CaseReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        photos = data.pop("photos")
        source, role = _reporter_role(request.user)
        try:
            case = case_report(
                report=Report(source=source, **data),
                reporter=request.user if request.user.is_authenticated else None,
                photos=photos, role=role,
            )
        except OSError:  # photo storage full or read-only: the whole report was rolled back
            return Response({"detail": _("Photos cannot be stored right now, so the report "
                                         "was not saved. Please try again later.")},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response(CaseReceiptSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ActionRequestSerializer,
        parameters=[OpenApiParameter("action_name", str, OpenApiParameter.PATH,
                                     enum=list(workflow.ACTIONS)), IDEMPOTENCY_KEY],
        responses={200: CaseDetailSerializer, **KEY_ERRORS, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_name>[a-z_]+)")
    @idempotent
    def act(self, request, tracking_number=None, action_name=None):
        """Carry out a workflow action. 409 names the current status and the allowed actions."""
        params = ActionRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        photos, token = data.pop("photos"), data.pop("token", "")
        case = Case.objects.select_related("subcategory", "grid").filter(
            tracking_number=tracking_number).first()
        if case is None:  # the same answer as for a case out of the caller's scope
            raise exceptions.NotFound(workflow.NOT_FOUND)
        actor = request.user if request.user.is_authenticated else None
        try:
            case = workflow.perform(case=case, action=action_name, actor=actor, token=token,
                                    params=data, photos=photos)
        except workflow.WorkflowError as error:
            body = _field_errors(error.detail) if isinstance(error, workflow.Invalid) else {
                "detail": str(error.detail), **error.extra}
            return Response(body, status=error.status_code)
        visible = self.get_queryset().filter(pk=case.pk).first() if actor else None
        if visible is None:  # a citizen, or staff who moved the case out of their own scope
            return Response({"tracking_number": case.tracking_number, "status": case.status})
        return Response(CaseDetailSerializer(visible, context={"request": request}).data)


class TaxonomyView(generics.ListAPIView):
    """The 17 categories with their subcategories nested."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None
    queryset = Category.objects.prefetch_related(
        Prefetch("subcategories", Subcategory.objects.select_related("default_owner__department"))
    )
