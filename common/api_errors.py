"""Every refusal of the JSON API is JSON: {"detail": "..."} (or, for invalid input, field
errors), never Django's HTML error pages.

- `exception_handler` (DRF's EXCEPTION_HANDLER) answers what Django would otherwise turn into
  an HTML 400 while a view reads the body: too many fields or files (TooManyFieldsSent,
  TooManyFilesSent), a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413), a malformed multipart
  body, any other SuspiciousOperation or BadRequest. They are logged on Django's security
  loggers, as Django would have.
- `bad_request`, `permission_denied`, `page_not_found`, `server_error` (the urlconf's
  handler400/403/404/500) answer JSON under /api/ for what happens outside a DRF view: a URL
  that matches no endpoint, a Host header that is not allowed; elsewhere Django's pages.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, views

API_PATH = "/api/"


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


def exception_handler(exc, context):
    """DRF's handler, after turning Django's refusals of a request's body into API errors."""
    if isinstance(exc, SuspiciousOperation | BadRequest | MultiPartParserError):
        _log_refusal(exc, context.get("request"))
        exc = _api_error(exc)
    return views.exception_handler(exc, context)


def _api_error(exc) -> exceptions.APIException:
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge(_("The request body is larger than %(max)s bytes.") % {
            "max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(_("The request has more than %(max)s fields.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})
    if isinstance(exc, TooManyFilesSent):
        return exceptions.ParseError(_("The request has more than %(max)s files.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FILES})
    return exceptions.ParseError(_("The request cannot be read: its body or headers are "
                                   "malformed."))


def _log_refusal(exc, request) -> None:
    # Django logs these on django.security.<class name> when it answers them itself.
    logger = logging.getLogger(f"django.security.{exc.__class__.__name__}")
    logger.warning("API request refused: %s", exc,
                   extra={"request": getattr(request, "_request", request)})


def _is_api(request) -> bool:
    return request.path.startswith(API_PATH)


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if _is_api(request):
        return _json(_("The request cannot be read: its body or headers are malformed."), 400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if _is_api(request):
        return _json(_("You do not have permission to perform this action."), 403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if _is_api(request):
        return _json(_("There is no API endpoint at this URL."), 404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if _is_api(request):
        return _json(_("Something went wrong on our side. Please try again later."), 500)
    return defaults.server_error(request, template_name)
