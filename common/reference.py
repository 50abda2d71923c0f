"""Reference data kept in each process: taxonomy, time limits, calendar days, departments and
duty lists (each app names its models with watch()).

Every report reads them several times and they change a few times a year, so each process keeps
what it has read. At most every REFERENCE_CHECK_SECONDS it asks the shared "state" cache
(common/cache.py, never culled at random) for the version; saving or deleting one of these
models (admin, management commands) sets a new one, and every process drops what it kept.
The version is set again when the transaction commits: a process that reloaded in between,
still seeing the old rows, reloads once more. A version lost from the cache (a Redis restart
or eviction) reads as a change, never as "nothing changed".

Writes that bypass save() and delete() (QuerySet.update(), bulk_create()) call changed().
"""

import logging
import threading
import time
import uuid

from django.conf import settings
from django.db import transaction

from common.cache import state

KEY = "reference:version"

log = logging.getLogger(__name__)
_lock = threading.Lock()
_state = {"version": None, "checked": float("-inf"), "values": {}}


def changed(**_signal) -> None:
    """Tell every process that reference data changed (now, and again at commit)."""
    forget()
    transaction.on_commit(forget)


def forget() -> None:
    """Drop what every process kept (a new version), without waiting for a commit."""
    try:
        state().set(KEY, uuid.uuid4().hex, None)
    except Exception:  # the other processes learn at their next version check after the outage
        log.warning("cache unavailable: other processes keep old reference data until it is back",
                    exc_info=True)
    with _lock:
        _state.update(version=None, checked=float("-inf"), values={})


def _values() -> dict:
    now = time.monotonic()
    if now - _state["checked"] < settings.REFERENCE_CHECK_SECONDS:
        return _state["values"]
    version = _shared_version()
    with _lock:
        if version is None or version != _state["version"]:
            _state.update(version=version, values={})
        _state["checked"] = now
        return _state["values"]


def _shared_version() -> str | None:
    """The version in the shared cache; None when it cannot be known (nothing is then kept
    longer than one check interval: reports must not depend on the cache being up)."""
    try:
        version = state().get(KEY)
        if version is None:
            state().add(KEY, uuid.uuid4().hex, None)
            version = state().get(KEY)
        return version
    except Exception:
        log.warning("cache unavailable: reference data read from the database", exc_info=True)
        return None


def cached(key, load):
    """The value kept under `key`, loaded with `load()` when this version has none yet.
    Values are shared by every request of the process: treat them as read-only."""
    values = _values()
    try:
        return values[key]
    except KeyError:
        value = values[key] = load()
        return value


def watch(*labels: str) -> None:
    """Count these models as reference data: saving or deleting one sets a new version. Each
    app names its own models in its AppConfig.ready(), so this module imports no app."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in labels:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"reference-save-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reference-delete-{label}")
