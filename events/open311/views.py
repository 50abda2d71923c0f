"""Open311 GeoReport v2 views: thin, every answer in the format the URL's suffix names.

Plain Django views rather than DRF ones: the specification fixes the shapes, the formats and
the error list, and these views stay out of the /api/v1/ OpenAPI schema.
"""

from functools import wraps

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from events.idempotency.decorators import idempotent
from events.idempotency.services import Refused
from events.open311 import guards, openapi, selectors
from events.open311.formats import Open311Error, render, render_errors
from events.open311.query import parse_query
from events.open311.services import client_for_key, created_answer, request_create


def open311_view(methods=("GET", "HEAD")):
    """Check the method and jurisdiction_id, and answer an Open311Error as the error list."""

    def decorate(view):
        @csrf_exempt  # form posts from other sites' servers, authenticated by api_key
        @wraps(view)
        def wrapper(request, fmt, **kwargs):
            if request.method not in methods:
                error = Open311Error(405, _("Method %(method)s is not allowed here.") % {
                    "method": request.method})
                response = render_errors(error.errors, fmt, 405)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                guards.check_request(request, {"fmt": fmt, **kwargs})
                posted = request.POST.get("jurisdiction_id") if request.method == "POST" else ""
                selectors.check_jurisdiction(posted or request.GET.get("jurisdiction_id"))
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                return render_errors(error.errors, fmt, error.status)

        return wrapper

    return decorate


@open311_view()
def discovery(request, fmt):
    endpoint = request.build_absolute_uri(reverse("open311-root")).rstrip("/")
    return render(selectors.discovery(endpoint), "discovery", fmt)


@open311_view()
def services(request, fmt):
    return render(selectors.service_list(), "services", fmt)


@open311_view()
def service_definition(request, fmt, code):
    return render(selectors.service_definition(code), "service_definition", fmt)


def _api_key(request) -> str:
    return request.GET.get("api_key") or request.POST.get("api_key") or ""


def _refusal(request, refusal: Refused):
    raise Open311Error(refusal.status, refusal.message)


@open311_view(methods=("GET", "HEAD", "POST"))
@idempotent(refuse=_refusal, scope=_api_key)  # anonymous keys: per api_key and client address
def requests(request, fmt):
    if request.method == "POST":
        client = client_for_key(request.GET.get("api_key") or request.POST.get("api_key"))
        case, link = request_create(client=client, post=request.POST)
        return render(created_answer(case, link), "service_requests", fmt, 201)
    query = parse_query(request.GET)
    answer = selectors.service_requests(query, request.build_absolute_uri)
    return render(answer, "service_requests", fmt)


@open311_view()
def service_request(request, fmt, request_id):
    answer = selectors.service_request(request_id, request.build_absolute_uri)
    return render(answer, "service_requests", fmt)


@open311_view()
def token(request, fmt, token_id):
    return render(selectors.token(token_id), "service_requests", fmt)


@require_safe
def openapi_document(request):
    """The OpenAPI 3 description of this endpoint, for client developers and the fuzz tests."""
    endpoint = request.build_absolute_uri(reverse("open311-root")).rstrip("/")
    return JsonResponse(openapi.document(endpoint), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def not_found(request, path=""):
    """Any other URL under /open311/v2/: the error list, in JSON if the URL asked for it."""
    fmt = "json" if path.endswith(".json") else "xml"
    message = _("There is no Open311 resource at %(path)s; resources end in .xml or .json.")
    return render_errors(Open311Error(404, message % {"path": path or "/"}).errors, fmt, 404)
