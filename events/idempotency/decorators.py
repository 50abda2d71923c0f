"""The one line a view needs: `@idempotent`.

    class CaseViewSet(viewsets.GenericViewSet):
        @extend_schema(parameters=[IDEMPOTENCY_KEY], ...)
        @idempotent
        def create(self, request): ...

    @idempotent(refuse=_refusal, scope=_api_key)  # a plain Django view (events/open311/)
    def requests(request, fmt): ...

Works on DRF handler methods (self, request, ...) and on plain Django views (request, ...).
A request without the key, or with a safe method (GET, HEAD, OPTIONS), runs as before. With
the key, see events/idempotency/services.py: it runs once per caller and key, in one
transaction with its record, and a repeat gets the first answer back (header
Idempotent-Replayed: true); the same key for a different request answers 422, a malformed key
400, a duplicate still running past IDEMPOTENCY_WAIT_SECONDS 409.

Options:
- refuse(request, Refused) -> response: how the surface answers 400/409/422 (default: DRF's
  {"detail": message}). It may also raise the surface's own error.
- scope(request) -> str: what else scopes an anonymous caller's keys beside its address.
- key_field: take the key from this form field instead of the header (a plain HTML form).
- keeps(response) -> bool: which answers are kept (default: 2xx). Any other answer rolls back
  what the view did, so the request can be retried.
"""

from functools import wraps

from django.http import HttpRequest
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from events.idempotency.fingerprint import caller_of, request_fingerprint
from events.idempotency.services import (
    HEADER,
    KEY_MAX,
    Keyed,
    Refused,
    checked_key,
    keyed_answer,
    succeeded,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER, {"type": "string", "minLength": 1, "maxLength": KEY_MAX, "pattern": "^[ -~]+$"},
    OpenApiParameter.HEADER, required=False,
    description=(
        f"Optional, 1 to {KEY_MAX} printable ASCII characters (a UUID does). A request repeated "
        "with the same key by the same caller (the signed-in user; an anonymous caller by its "
        "address) within 7 days is not run again: it answers the first answer's status and "
        "body, with the header Idempotent-Replayed: true. The same request means the same "
        "parsed fields and the same files by SHA-256. The same key with a different request "
        "answers 422; a malformed key 400; a duplicate sent while the first still runs waits "
        "for it, or answers 409 if it runs too long. Only successful answers are kept."),
)


def api_refusal(request, refusal: Refused) -> Response:
    response = Response({"detail": refusal.message}, status=refusal.status)
    if refusal.status == 409:
        # The first request with the key still runs: unlike a view's own 409 (a task already
        # done, a case in another state), this one is worth retrying. The offline outbox
        # (offline/queue.js) tells them apart by this header.
        response["Retry-After"] = "1"
    return response


def idempotent(view=None, *, refuse=api_refusal, scope=None, key_field=None, keeps=succeeded):
    """Make `view` answer a repeated keyed request with its first answer (module docstring)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            request = next(a for a in args if isinstance(a, HttpRequest | Request))
            key = (request.POST.get(key_field) if key_field
                   else request.headers.get(HEADER))
            if request.method in SAFE_METHODS or key is None:
                return view(*args, **kwargs)
            try:
                keyed = Keyed(caller=caller_of(request, scope(request) if scope else ""),
                              key=checked_key(key),
                              fingerprint=request_fingerprint(request, ignore=[key_field]))
                return keyed_answer(keyed, lambda: view(*args, **kwargs), keeps)
            except Refused as refusal:
                return refuse(request, refusal)

        return wrapper

    return decorate(view) if view is not None else decorate
