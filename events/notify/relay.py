"""The outbox relay on PostgreSQL: reports are stored without a broker publish on the request
path. Their outbox rows are written with no `queued_at`, and a NOTIFY on CHANNEL follows the
statement that writes them (events/intake/store.py; under load, one per process every
QUIET_SECONDS, and the relay looks again after each); a listener in every Celery worker wakes,
claims such rows (SELECT ... FOR UPDATE SKIP LOCKED, so several workers never hand one row
over twice), marks them queued and enqueues their delivery. The periodic requeue
(outbox.requeue_due) stays the safety net: a row that no relay took is due after its grace.

Other databases have no LISTEN: there rows are enqueued after commit, as everywhere before.
"""

import logging
import threading
import time

from django.db import connection, connections, transaction
from django.utils import timezone

from events.models import Notification

log = logging.getLogger(__name__)
CHANNEL = "outbox"
# Without a wake-up, the relay still looks this often (a NOTIFY lost while it reconnected).
IDLE_SECONDS = 5.0
RETRY_SECONDS = 2.0
# A process that sent a NOTIFY less than this long ago sends none for its next reports
# (events/intake/store.py); so after every wake-up the relay looks once more, this long and a
# margin later, and finds their rows then.
QUIET_SECONDS = 0.25
LOOK_AGAIN_SECONDS = QUIET_SECONDS + 0.1


def relay_pending(limit: int = 500) -> int:
    """Hand the rows nobody has queued yet to the broker; returns how many."""
    from events.notify.outbox import enqueue

    with transaction.atomic():
        ids = list(Notification.objects.select_for_update(skip_locked=True).filter(
            state=Notification.State.PENDING, attempts=0, queued_at__isnull=True,
        ).order_by("pk").values_list("pk", flat=True)[:limit])
        Notification.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for pk in ids:  # after commit; a failed publish waits for the requeue
        enqueue(pk)
    return len(ids)


def listen(stop: threading.Event, idle: float = IDLE_SECONDS,
           listening: threading.Event | None = None) -> None:
    """Relay on every NOTIFY, and every `idle` seconds anyway, until `stop` is set (sets
    `listening` once it listens). A lost database connection is retried; nothing is lost
    meanwhile (the rows wait in the table)."""
    import psycopg

    while not stop.is_set():
        try:
            params = connections["default"].get_connection_params()
            with psycopg.connect(**params, autocommit=True) as listener:
                listener.execute(f"LISTEN {CHANNEL}")
                if listening is not None:
                    listening.set()
                again = None  # when to look once more after the last wake-up
                while not stop.is_set():
                    relay_pending()
                    wait = idle if again is None else max(0.0, again - time.monotonic())
                    if _woken(listener, stop, wait):
                        again = time.monotonic() + LOOK_AGAIN_SECONDS
                    elif again is not None and time.monotonic() >= again:
                        again = None  # looked once more (the relay_pending above)
        except Exception:
            log.warning("outbox relay: database unavailable; retrying", exc_info=True)
            stop.wait(RETRY_SECONDS)
        finally:
            connection.close()  # this thread's own, whatever state it is in


def _woken(listener, stop: threading.Event, idle: float) -> bool:
    """Wait for a NOTIFY (True), `idle` seconds or `stop` (seen within a second)."""
    deadline = time.monotonic() + idle
    while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
        for _ in listener.notifies(timeout=min(left, 1.0), stop_after=1):
            return True
    return False


def start() -> threading.Event | None:
    """Run the relay in a daemon thread of this process (a Celery worker) on PostgreSQL;
    returns the event that stops it."""
    if connection.vendor != "postgresql":
        return None
    stop = threading.Event()
    threading.Thread(target=listen, args=(stop,), name="outbox-relay", daemon=True).start()
    return stop
