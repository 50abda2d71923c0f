from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from events.api.views import CaseViewSet, TaxonomyView
from grids.api import GridGeoJSONView, GridLookupView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("cases", CaseViewSet, basename="case")

api = [
    *router.urls,
    path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
    path("grids/lookup", GridLookupView.as_view(), name="grid-lookup"),
    path("grids/geojson", GridGeoJSONView.as_view(), name="grid-geojson"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("events.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
