from datetime import UTC

import django_filters as filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from events.models import Case, Status
from events.workflow.selectors import overdue, queue_for, region_filter, text_search


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, passed on in UTC: ISO 8601 (and Python) allow UTC offsets up to
    ±23:59, PostgreSQL only up to ±15:59 (a DataError, so a 500, otherwise). A moment that
    leaves the calendar in UTC (0001-01-01T00:00+01:00) is invalid."""

    def to_python(self, value):
        moment = super().to_python(value)
        try:
            return moment and moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class CaseFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    category = filters.CharFilter(field_name="subcategory__category__code",
                                  help_text=_("Category code, e.g. 05."))
    subcategory = filters.CharFilter(field_name="subcategory__code")
    grid = filters.CharFilter(field_name="grid__code", help_text=_("Grid code."))
    region = filters.CharFilter(method="in_region",
                                help_text=_("Code of a street, community or grid."))
    department = filters.CharFilter(field_name="department__code")
    unassigned = filters.BooleanFilter(field_name="department", lookup_expr="isnull",
                                       help_text=_("Only cases with no department."))
    overdue = filters.BooleanFilter(method="is_overdue",
                                    help_text=_("Open cases past their deadline."))
    reported_from = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    reported_to = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = filters.CharFilter(method="search", help_text=_("Text in the number, description "
                                                        "or address."))
    queue = filters.ChoiceFilter(
        method="in_queue", choices=[("mine", _("mine")), ("all", _("all"))],
        help_text=_("mine: the open cases your region owns at its level, with those of the "
                    "regions below it that have no dispatcher of their own (分级处置). all "
                    "(the default): every case you may see."))
    ordering = filters.OrderingFilter(fields=["created_at", "due_at", "urgency", "status"])

    class Meta:
        model = Case
        fields = []

    def in_region(self, queryset, name, value):
        return queryset.filter(region_filter(value))

    def in_queue(self, queryset, name, value):
        return queue_for(self.request.user, queryset) if value == "mine" else queryset

    def is_overdue(self, queryset, name, value):
        return queryset.filter(overdue() if value else ~overdue())

    def search(self, queryset, name, value):
        return queryset.filter(text_search(value))
