"""Security and privacy tests: cases filed through intake and moved through the workflow as
staff would, then aged by moving their timestamps back (the log order is kept)."""

from datetime import timedelta

from events.models import Case, CaseStep
from events.workflow import services as workflow
from tests.helpers import staff


def void(case: Case) -> Case:
    return workflow.perform(case=case, action="void", actor=staff("leader"),
                            params={"reason": "重复上报"})


def age(case: Case, days: float) -> Case:
    """Move the whole case `days` into the past: its report, every step and its closing."""
    shift = timedelta(days=days)
    for step in case.steps.all():
        CaseStep.objects.filter(pk=step.pk).update(created_at=step.created_at - shift)
    Case.objects.filter(pk=case.pk).update(
        created_at=case.created_at - shift,
        closed_at=case.closed_at - shift if case.closed_at else None)
    case.refresh_from_db()
    return case
