"""Celery entry points of the SLA room: thin, taking ids. Names are kept from before the rooms,
so that messages already queued and beat entries still find their task."""

from celery import shared_task
from django.db import OperationalError

from events.sla import deadlines, escalation


@shared_task(name="events.tasks.sla_sweep", acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def sla_sweep() -> dict:
    """Warn, breach and escalate what is due; safe to run twice or on several workers."""
    return escalation.sweep()


@shared_task(name="events.tasks.recalculate_deadlines", acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recalculate_deadlines(subcategory_id: int | None = None,
                          department_id: int | None = None) -> int:
    """After a time limit, calendar day or department calendar changed."""
    return deadlines.recalculate(subcategory_id=subcategory_id, department_id=department_id)
