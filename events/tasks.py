"""Celery entry points: thin, taking ids."""

from celery import shared_task
from django.db import OperationalError

from events import deadlines, escalation, outbox, statistics


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: int) -> None:
    outbox.deliver(notification_id)


@shared_task(ignore_result=True)
def requeue_notifications() -> int:
    return outbox.requeue_due()


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def sla_sweep() -> dict:
    """Warn, breach and escalate what is due; safe to run twice or on several workers."""
    return escalation.sweep()


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def recalculate_deadlines(subcategory_id: int | None = None,
                          department_id: int | None = None) -> int:
    """After a time limit, calendar day or department calendar changed."""
    return deadlines.recalculate(subcategory_id=subcategory_id, department_id=department_id)


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=5)
def refresh_stats() -> dict:
    """Fold new cases and log steps into the statistics tables."""
    return statistics.refresh()
