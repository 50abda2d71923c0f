"""Celery entry point of the demo simulator: thin, and a no-op unless DEMO_SIMULATOR is on
(beat schedules it only then)."""

from celery import shared_task
from django.db import OperationalError

from events.simulator import services


@shared_task(name="events.tasks.demo_simulator_tick", acks_late=True, ignore_result=True,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def demo_simulator_tick() -> dict:
    """Reports arrive and simulated staff move cases, for the time since the last tick."""
    return services.tick()
