"""Celery entry point: purge idempotency records past IDEMPOTENCY_TTL_DAYS (beat, hourly)."""

from celery import shared_task
from django.db import OperationalError

from events.idempotency.services import records_purge


@shared_task(name="events.tasks.purge_idempotency_records", acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purge_idempotency_records() -> int:
    return records_purge()
