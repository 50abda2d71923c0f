from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from common import media
from events.api import campaigns as campaigns_api
from events.api import patrols as patrols_api
from events.api import stats as stats_api
from events.api.addresses import AddressSearchView, NearestAddressView
from events.api.views import CaseViewSet, TaxonomyView
from events.workflow.selectors import public_photo_file
from grids.api import GridGeoJSONView, GridLookupView, GridTileView
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
    path("tasks/", campaigns_api.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:pk>/", campaigns_api.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/result/", campaigns_api.TaskResultView.as_view(), name="task-result"),
    path("tasks/<int:pk>/case/", campaigns_api.TaskCaseView.as_view(), name="task-case"),
    path("campaigns/", campaigns_api.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/progress", campaigns_api.ProgressView.as_view(),
         name="campaign-progress"),
    path("campaigns/<int:pk>/breteau", campaigns_api.BreteauView.as_view(),
         name="campaign-breteau"),
    path("campaigns/<int:pk>/results.csv", campaigns_api.ResultsExportView.as_view(),
         {"fmt": "csv"}, name="campaign-results-csv"),
    path("campaigns/<int:pk>/results.xlsx", campaigns_api.ResultsExportView.as_view(),
         {"fmt": "xlsx"}, name="campaign-results-xlsx"),
    path("register/houses/", campaigns_api.RegisterHousesView.as_view(), name="register-houses"),
    path("register/units/", campaigns_api.RegisterUnitsView.as_view(), name="register-units"),
    path("register/units.csv", campaigns_api.RegisterUnitsExportView.as_view(),
         name="register-units-export"),
    path("register/changes/", campaigns_api.RegisterChangesView.as_view(),
         name="register-changes"),
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("addresses/", AddressSearchView.as_view(), name="address-search"),
    path("addresses/nearest", NearestAddressView.as_view(), name="address-nearest"),
    path("grids/lookup", GridLookupView.as_view(), name="grid-lookup"),
    path("grids/geojson", GridGeoJSONView.as_view(), name="grid-geojson"),
    path("grids/tiles/<int:z>/<int:x>/<int:y>", GridTileView.as_view(), name="grid-tile"),
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
        re_path(r"^media/(?P<path>.*)$", media.serve, {"is_public": public_photo_file})
    )
