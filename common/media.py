"""Expiring links to uploaded files.

A reporter's photo can show a face, a number plate or the inside of a home. Its file name is
random, but a link copied out of a staff page would otherwise open it for anyone, for ever. So
every URL the storage hands out carries an expiry and an HMAC of the file name and expiry
(`?e=…&s=…`), and /media/ serves a file only on a valid, unexpired signature, or when the
project says the file is public (a photo staff published with a result: the public view and
Open311 clients link to it for as long as the case is public).

Expiries are rounded up to a whole period (MEDIA_URL_SECONDS), so that a page shown twice in
the same period links to the same URL and the browser's cache keeps working; a link lives
between one and two periods.
"""

import hmac
import time
from collections.abc import Callable

from django.conf import settings
from django.http import Http404
from django.utils.crypto import salted_hmac
from django.views.static import serve as static_serve

SALT = "common.media"


def signature(name: str, expires: int) -> str:
    return salted_hmac(SALT, f"{name}\n{expires}", algorithm="sha256").hexdigest()[:32]


def signed_query(name: str, now: float | None = None) -> str:
    period = settings.MEDIA_URL_SECONDS
    now = time.time() if now is None else now
    expires = (int(now) // period + 2) * period
    return f"e={expires}&s={signature(name, expires)}"


def valid(name: str, expires: str, sig: str, now: float | None = None) -> bool:
    if not expires.isdigit() or int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(signature(name, int(expires)), sig)


def serve(request, path: str, is_public: Callable[[str], bool]):
    """/media/<path>: the file behind a valid link, or a public file; otherwise 404 (whether
    the file exists is not for an outsider to learn). MEDIA_ROOT is read per request, as the
    storage reads it."""
    if not (valid(path, request.GET.get("e", ""), request.GET.get("s", ""))
            or is_public(path)):
        raise Http404
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private, max-age=3600"
    return response
