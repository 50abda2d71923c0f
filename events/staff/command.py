"""The command centre's live map (/command/) and the two charts in its panel.

Thin: the page is a shell that events/static/command/*.js fills from the statistics API; the
charts read the statistics selectors and are drawn by events/charts.py.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache

from events.campaigns.selectors import breteau_campaigns
from events.models import Status
from events.staff.pages import require_role
from events.staff.queue_filters import streets_of
from events.stats import charts
from events.stats import reads as stats
from grids.tiles import grid_map_scale
from org.models import COMMAND_STAFF
from taxonomy.models import Category

WINDOWS = (7, 30, 90)
DEFAULT_WINDOW = 7
POLL_SECONDS = 30
# Statuses the open-case API accepts, in groups a command centre thinks in.
STATUS_GROUPS = [
    ("", gettext_lazy("All open cases")),
    ("reported,checking,accepted,return_requested,returned",
     gettext_lazy("Waiting for the command centre")),
    ("dispatched,processing", gettext_lazy("With the departments")),
    ("extension_requested,shelved", gettext_lazy("Extended or shelved")),
    ("resolved", gettext_lazy("Resolved, waiting for the on-site check")),
]
# How the heat layer colours the grids (the heat API's `measure`).
MEASURES = [
    ("count", gettext_lazy("Cases")),
    ("per_1000_residents", gettext_lazy("Cases per 1,000 residents")),
    ("per_km2", gettext_lazy("Cases per km²")),
]
KPI_FIELDS = [
    ("reported", pgettext_lazy("kpi", "Reported")),
    ("answered_at_intake", gettext_lazy("Answered at intake")),
    ("accept_rate", gettext_lazy("Filing rate")),
    ("dispatch_on_time_rate", gettext_lazy("On-time dispatch rate")),
    ("handle_on_time_rate", gettext_lazy("On-time handling rate")),
    ("close_rate", gettext_lazy("Closing rate")),
    ("rework_rate", gettext_lazy("Rework rate")),
    ("extension_rate", gettext_lazy("Extension rate")),
    ("overdue_rate", gettext_lazy("Overdue rate")),
    ("avg_handling_hours", gettext_lazy("Average handling hours")),
    ("satisfaction", gettext_lazy("Satisfaction")),
]

# Words the page's JavaScript shows; "%(name)s" is filled in there.
TEXTS = {
    "loading": gettext_lazy("Loading…"),
    "updated": gettext_lazy("Updated %(time)s"),
    "failed": gettext_lazy("Could not refresh (%(error)s); trying again in %(seconds)s s."),
    "heat_title": gettext_lazy("Cases reported in the last %(days)s days"),
    "heat_title_per_1000_residents": gettext_lazy(
        "Cases per 1,000 residents, last %(days)s days"),
    "heat_title_per_km2": gettext_lazy("Cases per km², last %(days)s days"),
    "no_residents": gettext_lazy("none, or no residents"),
    "register": gettext_lazy("Standard address register"),
    "addresses": gettext_lazy("Addresses"),
    "houses": gettext_lazy("Houses"),
    "rented_houses": gettext_lazy("Rented"),
    "units": gettext_lazy("Units"),
    "residents": gettext_lazy("Residents"),
    "residents_split": gettext_lazy("%(registered)s registered, %(floating)s floating"),
    "area": gettext_lazy("%(area)s km²"),
    "window_cases": gettext_lazy("Cases, last %(days)s days"),
    "per_1000_residents": gettext_lazy("Per 1,000 residents"),
    "per_km2": gettext_lazy("Per km²"),
    "none": gettext_lazy("none"),
    "open_total": gettext_lazy("%(count)s open cases"),
    "cases_shown": gettext_lazy("%(count)s cases in view"),
    "truncated": gettext_lazy("Only the first %(count)s are shown: zoom in further."),
    "zoom_hint": gettext_lazy("Zoom in to see single cases."),
    "grid_count": gettext_lazy("%(count)s open cases in this grid"),
    "worker": gettext_lazy("Grid worker"),
    "no_worker": gettext_lazy("no grid worker assigned"),
    "open": gettext_lazy("Open"),
    "last_7_days": gettext_lazy("Last 7 days"),
    "last_30_days": gettext_lazy("Last 30 days"),
    "recent": gettext_lazy("Recent cases"),
    "no_cases": gettext_lazy("No cases."),
    "overdue_by": gettext_lazy("%(span)s overdue"),
    "hours": gettext_lazy("%(n)s h"),
    "days": gettext_lazy("%(n)s d"),
    "overdue_count": gettext_lazy("%(count)s in all"),
    "no_overdue": gettext_lazy("No overdue cases."),
    "hotspot": gettext_lazy("%(recent)s this week, usually %(baseline)s a week"),
    "no_hotspots": gettext_lazy("No hot spots this week."),
    "red": gettext_lazy("Red supervision"),
    "yellow": gettext_lazy("Yellow supervision"),
    "overdue": gettext_lazy("Overdue"),
    "open_case": gettext_lazy("Open case"),
    "grid_cases": gettext_lazy("Open cases per grid (size: count)"),
    "community_count": gettext_lazy("%(count)s open cases in this community"),
    "community_cases": gettext_lazy("Open cases per community (size: count)"),
    "show_panel": gettext_lazy("Show panel"),
    "hide_panel": gettext_lazy("Hide panel"),
}


@dataclass(frozen=True)
class Metric:
    label: object
    scale: float  # the value of a full-length bar
    higher_is_better: bool = True


METRICS = {
    "score": Metric(gettext_lazy("Evaluation score"), 100),
    "close_rate": Metric(gettext_lazy("Closing rate"), 1),
    "handle_on_time_rate": Metric(gettext_lazy("On-time handling rate"), 1),
    "overdue_rate": Metric(gettext_lazy("Overdue rate"), 1, higher_is_better=False),
    "accept_rate": Metric(gettext_lazy("Filing rate"), 1),
    "satisfaction": Metric(gettext_lazy("Satisfaction"), 1),
}


def window_of(request) -> int:
    value = request.GET.get("window", "")
    return int(value) if value.isdigit() and int(value) in WINDOWS else DEFAULT_WINDOW


def since(days: int):
    return timezone.localdate() - timedelta(days=days - 1)


@login_required
def command(request):
    require_role(request, *COMMAND_STAFF)
    return render(request, "command/command.html", {
        "windows": WINDOWS, "default_window": DEFAULT_WINDOW,
        "categories": Category.objects.order_by("code"), "streets": streets_of(request.user),
        "status_groups": STATUS_GROUPS, "kpi_fields": KPI_FIELDS, "measures": MEASURES,
        "metrics": [(key, metric.label) for key, metric in METRICS.items()],
        "poll_seconds": POLL_SECONDS, "time_zone": settings.TIME_ZONE,
        "grid_map": grid_map_scale(),
        "breteau_campaigns": breteau_campaigns(request.user),
        "texts": {**{key: str(text) for key, text in TEXTS.items()},
                  "statuses": {value: str(label) for value, label in Status.choices}},
    })


def svg_response(svg: str) -> HttpResponse:
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@never_cache
@login_required
def daily_chart(request):
    """Cases per day over the window, stacked by the busiest categories."""
    require_role(request, *COMMAND_STAFF)
    series = stats.daily_series(user=request.user, days=window_of(request),
                                category=request.GET.get("category") or None)
    return svg_response(charts.daily_chart(
        series, stats.category_names(), title=_("Cases per day by category"),
        other=_("Other categories"), no_data=_("No cases in this period.")))


def kpi_bars(rows: list[dict], metric: str) -> list[charts.Bar]:
    """One bar per department that has the figure, best first."""
    rows = sorted((r for r in rows if r[metric] is not None),
                  key=lambda r: (-r[metric], r["name"]))
    return [charts.Bar(r["name"], r[metric], metric_text(r, metric)) for r in rows]


def metric_text(row: dict, metric: str) -> str:
    value = row[metric]
    if value is None:
        return "—"
    if metric == "score":
        return f"{value:.1f} {row.get('grade') or ''}".strip()
    return f"{value * 100:.1f}%"


@never_cache
@login_required
def kpi_chart(request):
    """One evaluation figure per department for cases reported in the window."""
    require_role(request, *COMMAND_STAFF)
    key = request.GET.get("metric", "")
    key = key if key in METRICS else "score"
    result = stats.kpis(user=request.user, group_by="department",
                        date_from=since(window_of(request)), date_to=timezone.localdate())
    metric, bars = METRICS[key], kpi_bars(result["rows"], key)
    return svg_response(charts.bar_chart(
        bars, title=str(metric.label), scale=metric.scale,
        no_data=_("No department has this figure for the period yet."),
        higher_is_better=metric.higher_is_better,
        note=without_figure(len(result["rows"]) - len(bars))))


def without_figure(count: int) -> str:
    if not count:
        return ""
    return ngettext("%(count)d more department has no figure yet.",
                    "%(count)d more departments have no figure yet.", count) % {"count": count}
