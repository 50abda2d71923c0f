"""The case's SLA clock as field updates: start a stage, stop, pause and resume.

Deadlines come from the subcategory's time limit for the stage and the case's urgency,
counted by events.sla on the working calendar.
"""

from django.utils import timezone

from events.models import Case
from events.sla import deadline, stage_deadline


def start(case: Case, stage: str, now=None) -> dict:
    now = now or timezone.now()
    return {"stage": stage, "stage_started_at": now, "paused_at": None, "time_left": None,
            "due_at": stage_deadline(case.subcategory, case.urgency, stage, now)}


def stop() -> dict:
    return {"stage": "", "due_at": None, "paused_at": None, "time_left": None}


def pause(case: Case, now=None) -> dict:
    """Stop the clock, keeping the time that was left (negative when already overdue)."""
    now = now or timezone.now()
    left = case.due_at - now if case.due_at else None
    return {"paused_at": now, "time_left": left, "due_at": None}


def resume(case: Case, extra_working_hours: float = 0, now=None) -> dict:
    now = now or timezone.now()
    if case.time_left is None:
        return {"paused_at": None}
    due = now + case.time_left
    if extra_working_hours:
        due = deadline(due, extra_working_hours, "wh")
    return {"paused_at": None, "time_left": None, "due_at": due}
