"""Answer a keyed request once: claim the key, run the view, keep its answer, all in one
transaction; a repeat gets the kept answer back.

Concurrency: the claim is an INSERT under the unique (caller, key) constraint, made first
inside the request's transaction. A concurrent duplicate's INSERT waits on the unique index
until the first commits (then it fails, and the duplicate replays the committed answer) or
rolls back (then the duplicate goes ahead itself). On PostgreSQL the wait is bounded by
IDEMPOTENCY_WAIT_SECONDS, after which the duplicate answers 409 "still in progress"; on SQLite
(BEGIN IMMEDIATE) the whole transaction waits for the database's write lock as any write does.
Only a successful answer is kept; any other rolls back whatever the view did, so that a
record exists exactly when the request's effect does, and a refused request may be retried.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from events.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"  # on a replayed answer, for clients and logs
KEY_MAX = IdempotencyRecord._meta.get_field("key").max_length
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired
PURGE_BATCH = 5000


class Refused(Exception):
    """A keyed request that cannot be run or replayed; each surface answers it in its own
    format (status, message in the caller's language)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True, kw_only=True)
class Keyed:
    caller: str
    key: str
    fingerprint: str


class _Taken(Exception):
    """Someone committed this caller's key while we waited for it."""


def checked_key(key: str) -> str:
    if not key or len(key) > KEY_MAX or not (key.isascii() and key.isprintable()):
        raise Refused(400, _("The Idempotency-Key must be 1 to %(max)s printable ASCII "
                             "characters.") % {"max": KEY_MAX})
    return key


def keyed_answer(keyed: Keyed, run, keeps) -> HttpResponse:
    """The answer to `run()` (the view) under `keyed`: replayed if this caller's key already
    has one, else run once and kept when `keeps(response)`."""
    record = _stored(keyed)
    if record is not None:
        return _replay(record, keyed)
    try:
        with transaction.atomic():
            record = _claim(keyed)
            response = run()
            if keeps(response):
                _keep(record, response)
            else:  # nothing done may stay without its record
                transaction.set_rollback(True)
            return response
    except _Taken:
        return _replay(_stored(keyed), keyed)
    except OperationalError as error:
        if _sqlstate(error) == LOCK_NOT_AVAILABLE:
            raise Refused(409, _in_progress()) from None
        raise


def succeeded(response) -> bool:
    return 200 <= response.status_code < 300


def records_purge(*, now=None) -> int:
    """Delete records older than IDEMPOTENCY_TTL_DAYS, in batches (short transactions)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IDEMPOTENCY_TTL_DAYS)
    old = IdempotencyRecord.objects.filter(created_at__lt=cutoff)
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:PURGE_BATCH]):
        deleted += IdempotencyRecord.objects.filter(pk__in=ids).delete()[0]
    return deleted


def _stored(keyed: Keyed) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(caller=keyed.caller, key=keyed.key).first()


def _claim(keyed: Keyed) -> IdempotencyRecord:
    try:
        with transaction.atomic(), _waiting_at_most(settings.IDEMPOTENCY_WAIT_SECONDS):
            return IdempotencyRecord.objects.create(
                caller=keyed.caller, key=keyed.key, fingerprint=keyed.fingerprint,
                created_at=timezone.now())
    except IntegrityError:
        raise _Taken from None


class _waiting_at_most:
    """PostgreSQL: bound the wait for a concurrent duplicate's lock, for the claim only."""

    def __init__(self, seconds: float):
        self.milliseconds = max(1, int(seconds * 1000))
        self.before = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('lock_timeout'), "
                               "set_config('lock_timeout', %s, true)", [f"{self.milliseconds}ms"])
                self.before = cursor.fetchone()[0]

    def __exit__(self, kind, error, trace):
        if self.before is not None and kind is None:  # after an error the savepoint resets it
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [self.before])


def _keep(record: IdempotencyRecord, response) -> None:
    if isinstance(response, Response):  # DRF, not yet rendered: its data, rendered on replay
        record.response_body = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False)
        record.response_headers = {"kind": "data"}
    elif isinstance(response, StreamingHttpResponse):
        raise TypeError("a streamed answer cannot be kept for an Idempotency-Key")
    else:
        if not getattr(response, "is_rendered", True):
            response.render()
        record.response_body = response.content.decode(response.charset)
        record.response_headers = {"kind": "content", "Content-Type": response["Content-Type"]}
        if response.has_header("Location"):
            record.response_headers["Location"] = response["Location"]
    record.status_code = response.status_code
    record.save(update_fields=["response_body", "response_headers", "status_code"])


def _replay(record: IdempotencyRecord | None, keyed: Keyed) -> HttpResponse:
    if record is None or record.status_code is None:  # purged meanwhile, or not committed
        raise Refused(409, _in_progress())
    if record.fingerprint != keyed.fingerprint:
        raise Refused(422, _("This Idempotency-Key was already used for a different request. "
                             "Use a new key for a new request."))
    headers = record.response_headers
    if headers.get("kind") == "data":
        response = Response(json.loads(record.response_body), status=record.status_code)
    else:
        response = HttpResponse(record.response_body, status=record.status_code,
                                content_type=headers.get("Content-Type"))
        if "Location" in headers:
            response["Location"] = headers["Location"]
    response[REPLAYED] = "true"
    return response


def _in_progress() -> str:
    return _("A request with this Idempotency-Key is still in progress. Try again shortly.")


def _sqlstate(error: OperationalError) -> str | None:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
