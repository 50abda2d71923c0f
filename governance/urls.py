from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from events.api import patrols as patrols_api
from events.api import stats as stats_api
from events.api.addresses import AddressSearchView, NearestAddressView
from events.api.views import CaseViewSet, TaxonomyView
from grids.api import GridGeoJSONView, GridLookupView
from org.api import DutyListView, NearestComponentsView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("cases", CaseViewSet, basename="case")

api = [
    path("cases/export.csv", stats_api.CaseExportView.as_view(), name="case-export"),
    *router.urls,
    path("stats/heat", stats_api.HeatView.as_view(), name="stats-heat"),
    path("stats/kpi", stats_api.KpiView.as_view(), name="stats-kpi"),
    path("stats/levels", stats_api.LevelKpiView.as_view(), name="stats-levels"),
    path("stats/hotspots", stats_api.HotspotView.as_view(), name="stats-hotspots"),
    path("stats/open", stats_api.OpenView.as_view(), name="stats-open"),
    path("stats/grid/<str:code>", stats_api.GridSummaryView.as_view(), name="stats-grid"),
    path("stats/workers", patrols_api.WorkerStatsView.as_view(), name="stats-workers"),
    path("stats/workers/summary", patrols_api.WorkerSummaryView.as_view(),
         name="stats-workers-summary"),
    path("patrols/", patrols_api.PatrolStartView.as_view(), name="patrol-start-api"),
    path("patrols/<int:pk>/", patrols_api.PatrolLogView.as_view(), name="patrol-log-api"),
    path("patrols/<int:pk>/end/", patrols_api.PatrolEndView.as_view(), name="patrol-end-api"),
    path("patrols/<int:pk>/positions/", patrols_api.PositionsView.as_view(),
         name="patrol-positions"),
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("addresses/", AddressSearchView.as_view(), name="address-search"),
    path("addresses/nearest", NearestAddressView.as_view(), name="address-nearest"),
    path("grids/lookup", GridLookupView.as_view(), name="grid-lookup"),
    path("grids/geojson", GridGeoJSONView.as_view(), name="grid-geojson"),
    path("duties/", DutyListView.as_view(), name="duties"),
    path("components/nearest", NearestComponentsView.as_view(), name="components-nearest"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

# JSON under /api/ (common/api_errors.py), Django's pages elsewhere.
handler400 = "common.api_errors.bad_request"
handler403 = "common.api_errors.permission_denied"
handler404 = "common.api_errors.page_not_found"
handler500 = "common.api_errors.server_error"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include(api)),
    path("open311/v2/", include("events.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("events.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
