"""The case's SLA clock as field updates (start a stage, stop, pause, resume) and the
per-stage records that statistics read.

Deadlines come from the subcategory's time limit for the stage and the case's urgency, counted
by events.sla.calendar on the working calendar, or around the clock for a 24-hour department
(the command centre for accepting and dispatching, the handler for handling).
"""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from events.models import Case, StageRecord
from events.sla.calendar import deadline, stage_deadline, stage_department, warning_moment

RESET = {"warned_at": None, "breached_at": None, "escalation_level": 0,
         "next_escalation_at": None, "paused_at": None, "time_left": None}


def start(case: Case, stage: str, now=None, department=None) -> dict:
    """Begin `stage` now. `department` is who will handle the case (default: the case's);
    accepting and dispatching run on the region's command centre's calendar instead."""
    now = now or timezone.now()
    department = department if department is not None else case.department
    owner = stage_department(stage, department=department, street_code=case.street_code,
                             level=case.level)
    due = stage_deadline(case.subcategory, case.urgency, stage, now, owner, case.matter)
    return {"stage": stage, "stage_started_at": now, "due_at": due,
            "warn_at": warning_moment(now, due), **RESET}


def check(working_hours: float, now=None) -> dict:
    """An on-site check (核实) of a report not yet accepted: the accepting stage goes on, but
    its deadline is the check's, so that the sweep warns and breaches a check left undone."""
    now = now or timezone.now()
    due = deadline(now, working_hours, "wh")
    return {"stage_started_at": now, "due_at": due, "warn_at": warning_moment(now, due),
            **RESET}


def stop() -> dict:
    return {"stage": "", "due_at": None, "warn_at": None, **RESET}


def pause(case: Case, now=None) -> dict:
    """Stop the clock, keeping the time that was left (negative when already overdue)."""
    now = now or timezone.now()
    left = case.due_at - now if case.due_at else None
    return {"paused_at": now, "time_left": left, "due_at": None, "warn_at": None,
            "next_escalation_at": None}


def resume(case: Case, extra_working_hours: float = 0, now=None) -> dict:
    now = now or timezone.now()
    if case.time_left is None:
        return {"paused_at": None}
    due = now + case.time_left
    if extra_working_hours:
        around = bool(case.department and case.department.works_around_the_clock)
        due = deadline(due, extra_working_hours, "wh", around_the_clock=around)
    # A case that was already warned stays warned; otherwise warn at the usual share of what
    # is left. An overdue case is picked up again by the breach sweep.
    warn_at = None if case.warned_at else warning_moment(now, due)
    return {"paused_at": None, "time_left": None, "due_at": due, "warn_at": warn_at,
            "breached_at": None if due > now else case.breached_at}


def record(before: Case, updates: dict, now) -> None:
    """Keep StageRecord in step with a change of the case's clock fields."""
    open_records = StageRecord.objects.filter(case_id=before.pk, ended_at__isnull=True)
    if "stage" in updates:
        if before.paused_at:  # ended while paused (a return approved): judged as it stopped
            met = before.time_left is None or before.time_left >= timedelta(0)
            open_records.update(ended_at=now, met=met,
                                paused=F("paused") + (now - before.paused_at))
        else:
            met = before.due_at is None or now <= before.due_at
            open_records.update(ended_at=now, met=met)
        if updates["stage"]:
            department = updates.get("department", before.department)
            StageRecord.objects.create(case_id=before.pk, stage=updates["stage"],
                                       department=department, started_at=now,
                                       due_at=updates.get("due_at"))
    elif "time_left" in updates and updates["time_left"] is None and before.paused_at:
        open_records.update(paused=F("paused") + (now - before.paused_at),
                            due_at=updates.get("due_at"))
