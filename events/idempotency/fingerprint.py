"""What makes two requests "the same request", and whose request it is.

The same request: the same method and path, the same query and the same parsed fields, and the
same files by the SHA-256 of their bytes. Compared after parsing, so the order of JSON keys or
form fields, a multipart boundary and file names do not matter; values, the files' bytes and
the order of a field's repeated values do.
"""

import hashlib
import json

from django.core.files.uploadedfile import UploadedFile
from django.utils.crypto import salted_hmac
from django.utils.datastructures import MultiValueDict

from common.security import client_address

# A form's CSRF token changes with the page, not with what the form says.
NOT_FIELDS = frozenset({"csrfmiddlewaretoken"})


def request_fingerprint(request, ignore=()) -> str:
    """SHA-256 (hex) of the canonical request: `ignore` names fields left out (the form field
    that carries the key itself)."""
    left_out = NOT_FIELDS | set(ignore)
    data = {name: value for name, value in _canonical(_parsed(request)).items()
            if name not in left_out}
    canonical = json.dumps(
        {"method": request.method, "path": request.path, "query": _canonical(request.GET),
         "data": data},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def caller_of(request, scope: str = "") -> str:
    """Whose keys these are. A signed-in user's own; an anonymous caller's are scoped to its
    client address (and `scope`, e.g. an Open311 api_key), so that a key one anonymous caller
    used cannot fetch the answer given to another. Kept as a salted hash: no address at rest."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    who = f"{client_address(request) or ''}|{scope}"
    return "anon:" + salted_hmac("events.idempotency.caller", who,
                                 algorithm="sha256").hexdigest()


def _parsed(request) -> dict:
    data = getattr(request, "data", None)  # DRF's parsed body (fields and files together)
    if data is None:  # a plain Django request: a form body
        data = MultiValueDict(dict(request.POST.lists()))
        for name, files in request.FILES.lists():
            data.setlist(name, files)
    return data if isinstance(data, dict | MultiValueDict) else {"body": data}


def _canonical(value):
    if isinstance(value, MultiValueDict):  # QueryDict too: a form field may repeat
        return {str(name): _canonical(items[0] if len(items) == 1 else items)
                for name, items in value.lists()}
    if isinstance(value, dict):
        return {str(name): _canonical(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, UploadedFile):
        return {"sha256": _file_sha256(value)}
    return value


def _file_sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():  # from the start, whatever was read before
        digest.update(chunk)
    upload.seek(0)  # the view reads it again
    return digest.hexdigest()
