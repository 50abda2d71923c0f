"""A "me too" (附议): a citizen adds their voice to an open case instead of filing it again.

The count goes up with F() so concurrent voices are never lost, and a "me_too" step goes into
the log. The step keeps status and department as they are (from == to), so the log still
replays (events.workflow.replay). The update is a compare-and-set on both, so a voice is
never logged against a status the case has already left.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.crypto import fernet
from events.models import OPEN, Case, CaseStep
from events.workflow.selectors import CITIZEN, public_cases
from events.workflow.services import Conflict, NotFound

ATTEMPTS = 3


def case_me_too(*, tracking_number: str, caller_phone: str = "", actor=None,
                role: str = CITIZEN) -> CaseStep:
    """Add one voice to the open case with this number: its "me_too" step, the case read
    again as `step.case` (the supporter's link names the step). NotFound or Conflict
    otherwise. A hotline operator attaches the caller's number (kept encrypted in the step,
    see caller_phone_of) so that the department can call them back too."""
    for _attempt in range(ATTEMPTS):
        case = public_cases().filter(tracking_number=tracking_number).first()
        if case is None:
            raise NotFound(_("No such case."))
        if case.status not in OPEN or case.duplicate_of_id:
            raise Conflict(_("This case is no longer open; please file a new report."))
        if step := _add_voice(case, caller_phone, actor, role):
            case.refresh_from_db()
            step.case = case
            return step
    raise Conflict(_("The case is changing right now; please try again."))


def caller_phone_of(step: CaseStep) -> str:
    """The number a hotline operator attached with a "me too" step, decrypted."""
    token = (step.data or {}).get("caller", "")
    return fernet().decrypt(token.encode()).decode() if token else ""


def _add_voice(case: Case, caller_phone: str, actor, role: str) -> CaseStep | None:
    now = timezone.now()
    with transaction.atomic():
        touched = Case.objects.filter(
            pk=case.pk, status=case.status, department_id=case.department_id,
        ).update(me_too_count=F("me_too_count") + 1, updated_at=now)
        if not touched:  # a workflow action got there first: read the case again
            return None
        return CaseStep.objects.create(
            case=case, action="me_too", actor=actor, role=role, from_status=case.status,
            to_status=case.status, from_department_id=case.department_id,
            to_department_id=case.department_id, created_at=now,
            data={"caller": fernet().encrypt(caller_phone.encode()).decode()}
            if caller_phone else {},
        )
