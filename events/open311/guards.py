"""Hostile input, refused before any view reads it: an Open311Error (the specification's error
list, in the URL's format) instead of Django's HTML 400 page, a silently mangled value or a
database error.

- A form body over MAX_BODY_BYTES is refused unread (413). A real request is a few kilobytes;
  Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is sized for the citizen form's photos.
- Bytes that are not UTF-8, in the query string or the body: Django would decode them as
  U+FFFD or as Latin-1, so the case would be stored with mojibake.
- NUL characters: PostgreSQL cannot compare or store them in text, so a look-up would crash.
- Too many fields, a malformed multipart body, a form in another charset: Django's
  SuspiciousOperation / BadRequest, answered here in the Open311 format.
"""

import logging
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from events.open311.formats import Open311Error

# Far above any real request (a 4,000-character description, percent-encoded, is 36 KB).
MAX_BODY_BYTES = 256 * 1024
FORM = "application/x-www-form-urlencoded"
logger = logging.getLogger("django.security.open311")


def check_request(request, kwargs: dict) -> None:
    """Raise Open311Error if the request, its path arguments, query string or body cannot be
    taken at face value. Reads (and so caches) the body of a POST."""
    try:
        _check(request, kwargs)
    except RequestDataTooBig:
        raise _too_big() from None
    except (SuspiciousOperation, BadRequest, MultiPartParserError) as error:
        logger.warning("Open311 request refused: %s", error)
        raise Open311Error(400, _("The request cannot be read: too many fields, or a "
                                  "malformed form body.")) from None


def _check(request, kwargs: dict) -> None:
    _check_utf8(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""))
    values = [*kwargs.values(), *_values(request.GET)]
    if request.method == "POST":
        if _content_length(request) > MAX_BODY_BYTES:
            raise _too_big()
        if request.content_type == FORM:
            _check_utf8(request.body)
        values += _values(request.POST)
        if request.content_type != FORM and any("\ufffd" in value for value in values):
            # A multipart body's fields were decoded with replacement characters.
            raise Open311Error(400, _("The request is not valid UTF-8."))
    if any("\x00" in value for value in values):
        # PostgreSQL cannot store or compare NUL in text; no real client sends one.
        raise Open311Error(400, _("The request contains a NUL character."))


def _too_big() -> Open311Error:
    return Open311Error(413, _("The request body is larger than %(max)s bytes.") % {
        "max": MAX_BODY_BYTES})


def _values(params) -> list[str]:
    return [text for key, items in params.lists() for text in (key, *items)]


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _check_utf8(raw: bytes) -> None:
    """`raw`, a query string or form body, percent-decoded, must be UTF-8 throughout."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise Open311Error(400, _("The request is not valid UTF-8.")) from None
