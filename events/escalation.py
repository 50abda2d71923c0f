"""The SLA sweep: yellow warning, red breach, then escalation one level up the region tree on
each further interval (community → street → district command centre).

It sits above the workflow: it reads the indexed deadlines, and every change is one
compare-and-set UPDATE per case and level, so a sweep run twice, or by several workers at once,
acts on each case exactly once per level. Each act writes a CaseStep and queues notifications
in the same transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.models import Case, CaseStep, Supervision
from events.outbox import notify_department
from governance.org.catalogue import COMMAND_CENTRE
from governance.org.models import Department

SYSTEM = "system"
TOP_LEVEL = 3  # 1 community, 2 street, 3 district command centre


def sweep(now=None, batch: int | None = None) -> dict[str, int]:
    now = now or timezone.now()
    batch = batch or settings.SLA_SWEEP_BATCH
    return {
        "warned": _each(Case.objects.filter(warned_at__isnull=True, warn_at__lte=now)
                        .order_by("warn_at"), warn_one, now, batch),
        "breached": _each(Case.objects.filter(breached_at__isnull=True, due_at__lte=now)
                          .order_by("due_at"), breach_one, now, batch),
        "escalated": _each(Case.objects.filter(next_escalation_at__lte=now)
                           .order_by("next_escalation_at"), escalate_one, now, batch),
    }


def _each(candidates, act, now, batch) -> int:
    return sum(1 for pk in candidates.values_list("pk", flat=True)[:batch] if act(pk, now))


def _interval() -> timedelta:
    return timedelta(minutes=settings.SLA_ESCALATION_INTERVAL_MINUTES)


def _log(case: Case, action: str, note: str, now, **data) -> None:
    CaseStep.objects.create(
        case=case, action=action, role=SYSTEM, from_status=case.status, to_status=case.status,
        from_department=case.department, to_department=case.department, note=note,
        data={"stage": case.stage, "due_at": case.due_at.isoformat() if case.due_at else None,
              **data},
        created_at=now)


def warn_one(pk: int, now) -> bool:
    with transaction.atomic():
        touched = Case.objects.filter(pk=pk, warned_at__isnull=True, warn_at__lte=now).update(
            warned_at=now, supervision=models.Case(
                models.When(supervision__in=[Supervision.NONE, Supervision.NORMAL],
                            then=models.Value(Supervision.YELLOW)),
                default=models.F("supervision")))
        if not touched:
            return False
        case = Case.objects.select_related("subcategory", "department", "grid").get(pk=pk)
        with override(settings.LANGUAGE_CODE):
            _log(case, "warn", _("Yellow warning: most of the time limit is used."), now)
            notify_department(case, case.department, _("(about to run out of time)"))
    return True


def breach_one(pk: int, now) -> bool:
    with transaction.atomic():
        touched = Case.objects.filter(pk=pk, breached_at__isnull=True, due_at__lte=now).update(
            breached_at=now, supervision=Supervision.RED, escalation_level=0,
            next_escalation_at=now + _interval())
        if not touched:
            return False
        case = Case.objects.select_related("subcategory", "department", "grid").get(pk=pk)
        with override(settings.LANGUAGE_CODE):
            _log(case, "breach", _("Overdue: red supervision (督办)."), now)
            notify_department(case, case.department, _("(overdue, supervised)"), sms=True)
    return True


def escalation_path(case: Case) -> list[str]:
    """Region codes above the grid, nearest first, ending at the district command centre."""
    return [case.community_code, case.street_code, ""]


def escalate_one(pk: int, now) -> bool:
    case = Case.objects.filter(pk=pk).only("escalation_level").first()
    if case is None or case.escalation_level >= TOP_LEVEL:
        return False
    level = case.escalation_level + 1
    with transaction.atomic():
        touched = Case.objects.filter(
            pk=pk, escalation_level=level - 1, next_escalation_at__lte=now).update(
            escalation_level=level,
            next_escalation_at=now + _interval() if level < TOP_LEVEL else None)
        if not touched:
            return False
        case = Case.objects.select_related("subcategory", "department", "grid").get(pk=pk)
        region, recipient = _escalation_target(case, level)
        with override(settings.LANGUAGE_CODE):
            _log(case, "escalate", _("Still overdue: escalated to %(whom)s.") % {
                "whom": recipient.name if recipient else region}, now,
                level=level, region=region)
            notify_department(case, recipient, _("(overdue, escalated)"), sms=True)
    return True


def _escalation_target(case: Case, level: int) -> tuple[str, Department | None]:
    """The region escalated to at `level` and the department answering for it there; where
    a community has no office of its own, the next one up answers."""
    path = escalation_path(case)
    for code in path[level - 1:]:
        department = (Department.objects.filter(region_code=code).first() if code
                      else Department.objects.filter(code=COMMAND_CENTRE).first())
        if department is not None:
            return path[level - 1], department
    return path[level - 1], None
