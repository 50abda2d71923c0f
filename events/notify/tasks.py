"""Celery entry points of the outbox: thin, taking ids. Names are kept from before the rooms,
so that messages already queued still find their task."""

from celery import shared_task
from django.db import OperationalError

from events.notify import outbox


@shared_task(name=outbox.DELIVER_TASK, acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: int) -> None:
    outbox.deliver(notification_id)


@shared_task(name="events.tasks.requeue_notifications", ignore_result=True)
def requeue_notifications() -> int:
    return outbox.requeue_due()
