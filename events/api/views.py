from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.serializers import CaseReceiptSerializer, CaseReportSerializer, CategorySerializer
from events.intake import Report, case_report
from events.models import Category, Source, Subcategory
from governance.org.models import Role


def _reporter_role(user) -> tuple[str, str]:
    """(source, role) of whoever files the report."""
    if not user.is_authenticated:
        return Source.CITIZEN, "citizen"
    staff = getattr(user, "staff", None)
    if staff and staff.role == Role.GRID_WORKER:
        return Source.GRID_WORKER, Role.GRID_WORKER
    return Source.API, staff.role if staff else "api"


class CaseReportView(APIView):
    """File a report (citizens need no account). Unroutable reports are accepted for manual
    dispatch, never refused."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=CaseReportSerializer, responses={201: CaseReceiptSerializer})
    def post(self, request):
        serializer = CaseReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        photos = data.pop("photos")
        source, role = _reporter_role(request.user)
        case = case_report(
            report=Report(source=source, **data),
            reporter=request.user if request.user.is_authenticated else None,
            photos=photos, role=role,
        )
        return Response(CaseReceiptSerializer(case).data, status=status.HTTP_201_CREATED)


class TaxonomyView(generics.ListAPIView):
    """The 17 categories with their subcategories nested."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None
    queryset = Category.objects.prefetch_related(
        Prefetch("subcategories", Subcategory.objects.select_related("default_department"))
    )
