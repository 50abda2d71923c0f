from django.urls import path

from bench.bare.views import BareReportCreate
from governance.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/bare/reports/", BareReportCreate.as_view(), name="bench-bare-create"),
    *product_urlpatterns,
]
