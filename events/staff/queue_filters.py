"""The dispatch queue's search, filters, paging, map points and photo thumbnails. The filters
arrive as GET parameters (so a filtered queue can be bookmarked and paged) and become the
selectors' Criteria; scoping stays with the selectors."""

from itertools import groupby
from operator import itemgetter

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from common.photos import thumbnail_name
from events.models import CasePhoto
from events.stats import reads as stats
from events.workflow.selectors import Criteria
from grids.models import Region
from org.models import Department
from taxonomy.models import Category, Urgency

PAGE_SIZE = 50


def streets_of(user) -> list[Region]:
    """The active streets a command-centre user's scope covers (or lies in)."""
    streets = Region.objects.filter(generation__is_active=True, level=Region.Level.STREET)
    scope = stats.scope_code(user)
    return [s for s in streets.only("code", "name").order_by("code")
            if s.code.startswith(scope) or scope.startswith(s.code)]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={
                            "type": "search", "enterkeyhint": "search",
                            "placeholder": _("Tracking number, description or address")}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    street = forms.ChoiceField(label=_("Street"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False,
                                choices=[("", _("any urgency")), *Urgency.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["category"].choices = [("", _("every category"))] + [
            (c.code, c.name) for c in Category.objects.order_by("code")]
        # Only the streets the user may see are offered; any other is refused as invalid.
        self.fields["street"].choices = [("", _("every street"))] + [
            (s.code, s.name) for s in streets_of(user)]

    def criteria(self) -> Criteria:
        """What the form narrows the queue to; an invalid field narrows nothing but shows
        its error beside the field."""
        values = {name: self.cleaned_data.get(name) for name in self.fields
                  if name not in self.errors}
        return Criteria(q=(values.get("q") or "").strip(), category=values.get("category") or "",
                        street=values.get("street") or "", urgency=values.get("urgency") or "",
                        overdue=bool(values.get("overdue")))

    @property
    def narrowed(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class DepartmentChoices:
    """Every department for the queue's pickers (the department_options tag): each one's
    escaped (code, name) by key, and all their options joined once per page."""

    def __init__(self, rows):
        # Grouped by kind in the catalogue's order: bureaus, streets, communities, utilities.
        rank = {kind: i for i, kind in enumerate(Department.Kind.values)}
        rows = sorted(rows, key=lambda row: (rank.get(row[3], len(rank)), row[1]))
        self.options = {pk: (escape(code), escape(name)) for pk, code, name, _ in rows}
        kinds = dict(Department.Kind.choices)
        self.html = "".join(
            format_html('<optgroup label="{}">', kinds.get(kind, kind)) + "".join(
                '<option value="{}">{}</option>'.format(*self.options[pk]) for pk, *_ in group)
            + "</optgroup>"
            for kind, group in groupby(rows, key=itemgetter(3)))


def department_choices() -> DepartmentChoices:
    return DepartmentChoices(Department.objects.values_list("pk", "code", "name", "kind"))


def page_of(request) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else 1


def with_first_photo(cases: QuerySet) -> QuerySet:
    """Each case with the storage name of the reporter's first photo (one subquery, no query
    per row)."""
    photos = CasePhoto.objects.filter(case=OuterRef("pk"), step__action="report").order_by("id")
    return cases.annotate(first_photo=Subquery(photos.values("image")[:1]))


def add_thumbnails(rows: list) -> list:
    """The thumbnail made at intake (common/photos.py), else the photo itself."""
    storage = CasePhoto._meta.get_field("image").storage
    for case in rows:
        # Set on every row: a template looking up a missing attribute lists the model's
        # every name (dir()) before it gives up.
        case.thumb_url = ""
        name = getattr(case, "first_photo", None)
        if name:
            thumb = thumbnail_name(name)
            case.thumb_url = storage.url(thumb if storage.exists(thumb) else name)
    return rows


def map_points(sections) -> list[dict]:
    """The listed cases as pins for the queue's map, each linking to its case page."""
    points, seen = [], set()
    for _title, rows in sections:
        for case in rows:
            if case.pk in seen:
                continue
            seen.add(case.pk)
            points.append({"lat": case.lat, "lon": case.lon, "number": case.tracking_number,
                           "label": case.subcategory.name, "status": case.get_status_display(),
                           "urgent": case.urgency != Urgency.NORMAL,
                           "url": reverse("case-page", args=[case.tracking_number])})
    return points
