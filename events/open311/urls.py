from django.urls import path, re_path

from events.open311 import views

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", views.not_found, name="open311-root"),
    path("openapi.json", views.openapi_document, name="open311-openapi"),
    re_path(r"^discovery" + FORMAT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FORMAT, views.services, name="open311-services"),
    re_path(r"^services/(?P<code>[^/]+?)" + FORMAT, views.service_definition,
            name="open311-service"),
    re_path(r"^requests" + FORMAT, views.requests, name="open311-requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FORMAT, views.service_request,
            name="open311-request"),
    re_path(r"^tokens/(?P<token_id>[^/]+?)" + FORMAT, views.token, name="open311-token"),
    # (?s): a path with a newline in it is no exception to the Open311 error list.
    re_path(r"^(?P<path>(?s:.*))$", views.not_found),
]
