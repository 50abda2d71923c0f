"""The SLA sweep: yellow warning, red breach, then escalation one level up the region tree on
each further interval (community → street → district command centre).

It sits above the workflow: it reads the indexed deadlines and takes due cases a chunk at a
time, locking them with SELECT … FOR UPDATE SKIP LOCKED under the same condition, so a sweep
run twice, or by several workers at once, acts on each case exactly once per level. Each chunk
is one transaction: one UPDATE, its CaseSteps and the notifications it queues.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from common import reference
from events.models import Case, CaseStep, Supervision
from events.notify.outbox import notify_department
from org.catalogue import COMMAND_CENTRE
from org.models import Department

SYSTEM = "system"
TOP_LEVEL = 3  # 1 community, 2 street, 3 district command centre
CHUNK = 100  # cases locked and acted on per transaction


def sweep(now=None, batch: int | None = None) -> dict[str, int]:
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    return {
        "warned": _in_chunks(Case.objects.filter(warned_at__isnull=True, warn_at__lte=now)
                             .order_by("warn_at"), warn, now, batch),
        "breached": _in_chunks(Case.objects.filter(breached_at__isnull=True, due_at__lte=now)
                               .order_by("due_at"), breach, now, batch),
        "escalated": _in_chunks(Case.objects.filter(next_escalation_at__lte=now,
                                                    escalation_level__lt=TOP_LEVEL)
                                .order_by("next_escalation_at"), escalate, now, batch),
    }


def _in_chunks(candidates, act, now, batch) -> int:
    """Act on up to `batch` candidates, CHUNK at a time, each chunk in one transaction."""
    done = 0
    while done < batch:
        acted = _chunk(candidates, act, now, min(CHUNK, batch - done))
        if not acted:
            return done
        done += acted
    return done


def _chunk(candidates, act, now, size) -> int:
    """Lock the next `size` candidates that no other sweep holds, and act on them: the locking
    query re-checks the condition on each row, so every case is acted on once per level."""
    with transaction.atomic():
        cases = list(candidates.select_related("subcategory", "department", "grid")
                     .select_for_update(skip_locked=True, of=("self",))[:size])
        if cases:
            with override(settings.LANGUAGE_CODE):
                act(cases, now)
    return len(cases)


def _interval() -> timedelta:
    return timedelta(minutes=settings.SLA_ESCALATION_INTERVAL_MINUTES)


def _step(case: Case, action: str, note: str, now, **data) -> CaseStep:
    return CaseStep(
        case=case, action=action, role=SYSTEM, from_status=case.status, to_status=case.status,
        from_department=case.department, to_department=case.department, note=note,
        data={"stage": case.stage, "due_at": case.due_at.isoformat() if case.due_at else None,
              **data},
        created_at=now)


def _pks(cases) -> list[int]:
    return [case.pk for case in cases]


def warn(cases: list[Case], now) -> None:
    Case.objects.filter(pk__in=_pks(cases)).update(
        warned_at=now, supervision=models.Case(
            models.When(supervision__in=[Supervision.NONE, Supervision.NORMAL],
                        then=models.Value(Supervision.YELLOW)),
            default=models.F("supervision")))
    note = _("Yellow warning: most of the time limit is used.")
    for case in cases:
        case.warned_at = now
        if case.supervision in (Supervision.NONE, Supervision.NORMAL):
            case.supervision = Supervision.YELLOW
    CaseStep.objects.bulk_create([_step(case, "warn", note, now) for case in cases])
    for case in cases:
        notify_department(case, case.department, _("(about to run out of time)"))


def breach(cases: list[Case], now) -> None:
    changes = {"breached_at": now, "supervision": Supervision.RED, "escalation_level": 0,
               "next_escalation_at": now + _interval()}
    Case.objects.filter(pk__in=_pks(cases)).update(**changes)
    note = _("Overdue: red supervision (督办).")
    for case in cases:
        for field, value in changes.items():
            setattr(case, field, value)
    CaseStep.objects.bulk_create([_step(case, "breach", note, now) for case in cases])
    for case in cases:
        notify_department(case, case.department, _("(overdue, supervised)"), sms=True)


def escalation_path(case: Case) -> list[str]:
    """Region codes above the grid, nearest first, ending at the district command centre."""
    return [case.community_code, case.street_code, ""]


def escalate(cases: list[Case], now) -> None:
    """One level up each: the UPDATE reads each row's own level."""
    Case.objects.filter(pk__in=_pks(cases)).update(
        escalation_level=models.F("escalation_level") + 1,
        next_escalation_at=models.Case(
            models.When(escalation_level__lt=TOP_LEVEL - 1,
                        then=models.Value(now + _interval())),
            default=None))
    steps, targets = [], []
    for case in cases:
        level = case.escalation_level = case.escalation_level + 1
        case.next_escalation_at = now + _interval() if level < TOP_LEVEL else None
        region, recipient = _escalation_target(case, level)
        steps.append(_step(case, "escalate", _("Still overdue: escalated to %(whom)s.") % {
            "whom": recipient.name if recipient else region}, now, level=level, region=region))
        targets.append(recipient)
    CaseStep.objects.bulk_create(steps)
    for case, recipient in zip(cases, targets, strict=True):
        notify_department(case, recipient, _("(overdue, escalated)"), sms=True)


def _escalation_target(case: Case, level: int) -> tuple[str, Department | None]:
    """The region escalated to at `level` and the department answering for it there; where
    a community has no office of its own, the next one up answers."""
    path = escalation_path(case)
    offices = _offices()
    for code in path[level - 1:]:
        department = offices.get(code or COMMAND_CENTRE)
        if department is not None:
            return path[level - 1], department
    return path[level - 1], None


def _offices() -> dict[str, Department]:
    """Departments by the region code they answer for; the command centre under its own code."""

    def load():
        offices = {COMMAND_CENTRE: Department.objects.filter(code=COMMAND_CENTRE).first()}
        for department in Department.objects.exclude(region_code="").order_by("-code"):
            offices[department.region_code] = department  # the lowest code wins
        return offices

    return reference.cached("offices", load)
