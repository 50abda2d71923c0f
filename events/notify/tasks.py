"""Celery entry points of the outbox: thin, taking ids. Names are kept from before the rooms,
so that messages already queued still find their task. Every worker also runs the outbox relay
(events/notify/relay.py) on PostgreSQL."""

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.db import OperationalError

from events.notify import outbox, relay

_relay_stop = []


@shared_task(name=outbox.DELIVER_TASK, acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: int) -> None:
    outbox.deliver(notification_id)


@shared_task(name="events.tasks.requeue_notifications", ignore_result=True)
def requeue_notifications() -> int:
    return outbox.requeue_due()


@worker_ready.connect
def start_relay(**_):
    stop = relay.start()
    if stop is not None:
        _relay_stop.append(stop)


@worker_shutdown.connect
def stop_relay(**_):
    for stop in _relay_stop:
        stop.set()
