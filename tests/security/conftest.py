"""Security and privacy tests: cases filed through intake and moved through the workflow as
staff would, then aged by moving their timestamps back (the log order is kept)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from events.intake.services import Report, case_report
from events.models import Case, CaseStep
from events.workflow import services as workflow
from tests.helpers import interior_point, jpeg

PHONE = "13812345678"


def staff(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def file_case(demo):
    """A citizen's report with a phone number and an address, straight through intake."""
    lat, lon = interior_point(demo.first_grid)

    def file(reporter=None, photos=(), **fields) -> Case:
        report = Report(subcategory=demo.manhole, lat=lat, lon=lon,
                        description=fields.pop("description", "井盖丢失，联系我"),
                        address=fields.pop("address", "祖庙路 1 号"),
                        contact_phone=fields.pop("contact_phone", PHONE), **fields)
        return case_report(report=report, reporter=reporter, photos=list(photos))

    return file


def close(case: Case) -> Case:
    """Accept (auto-dispatched to the drainage company), sign for, resolve with a photo,
    verify on site."""
    case = workflow.perform(case=case, action="accept", actor=staff("dispatcher"))
    case = workflow.perform(case=case, action="start", actor=staff("drainage"))
    case = workflow.perform(case=case, action="resolve", actor=staff("drainage"),
                            params={"note": "已补装"}, photos=[jpeg()])
    return workflow.perform(case=case, action="close", actor=staff("worker"))


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
