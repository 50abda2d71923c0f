"""Celery entry point of the statistics room. The name is kept from before the rooms, so that
beat entries and messages already queued still find the task."""

from celery import shared_task
from django.db import OperationalError

from events.stats import refresh


@shared_task(name="events.tasks.refresh_stats", acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_stats() -> dict:
    """Fold new cases and log steps into the statistics tables."""
    return refresh.refresh()
