import logging

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
MACHINE_PATHS = ("/api/", "/open311/")


class ChineseFirstMiddleware:
    """Pages speak Chinese unless the user picked English with the language switch (a cookie);
    a browser's Accept-Language alone does not turn a Chinese civic site English. API and
    Open311 clients keep standard Accept-Language negotiation. Sits just before
    LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(MACHINE_PATHS):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NulInPathMiddleware:
    """A NUL (%00) in the URL path is a 404 before any view: no URL of the site has one, and
    PostgreSQL cannot compare text containing one, so a look-up by such a path argument (a
    case, a grid) would be a 500. Raised as Http404, so that the API answers it in JSON.
    Open311 answers it in its own error format (events/open311/guards.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path and not request.path.startswith("/open311/"):
            raise Http404("NUL in the URL path")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached (restarting, failing over) answers 503 with
    Retry-After instead of a 500 error page: clients and load balancers know to retry, and
    nothing was half-kept, since every write is one transaction. Once the database is back,
    CONN_HEALTH_CHECKS replaces each worker's broken connection before its next request.
    Last in MIDDLEWARE, so that it sees the view's exception first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path,
                    str(exception).strip())
        message = _("The service is briefly unavailable. Please try again in a minute.")
        if request.path.startswith(MACHINE_PATHS):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503,
                                    content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
