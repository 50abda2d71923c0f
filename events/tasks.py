"""Celery entry points: thin, taking ids."""

from celery import shared_task

from events import outbox


@shared_task(acks_late=True, ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    outbox.deliver(notification_id)


@shared_task(ignore_result=True)
def requeue_notifications() -> int:
    return outbox.requeue_due()
