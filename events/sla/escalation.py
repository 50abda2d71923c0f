"""The SLA sweep: yellow warning, red breach, then escalation one level up the case's chain on
each further interval: the handler's supervising bodies, or the command centre of its level,
up to the district's command centre (org/supervision.py), with the command centre of the
case's region told of each step.

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
from django.utils.translation import gettext_noop, override

from common.i18n import Phrase, log_texts
from events.models import Case, CaseStep, Supervision
from events.notify.outbox import notify_department
from org import supervision
from org.models import Department
from taxonomy.models import Stage

SYSTEM = "system"
TOP_LEVEL = supervision.LONGEST_CHAIN + 1  # bounds the sweep's query; chains end sooner
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


def _step(case: Case, action: str, note: Phrase, now, **data) -> CaseStep:
    note, english = log_texts(note, settings.LANGUAGE_CODE)
    return CaseStep(
        case=case, action=action, role=SYSTEM, from_status=case.status, to_status=case.status,
        from_department=case.department, to_department=case.department, note=note,
        data={"stage": case.stage, "due_at": case.due_at.isoformat() if case.due_at else None,
              **data, **english},
        created_at=now)


def _pks(cases) -> list[int]:
    return [case.pk for case in cases]


def warn(cases: list[Case], now) -> None:
    Case.objects.filter(pk__in=_pks(cases)).update(
        warned_at=now, supervision=models.Case(
            models.When(supervision__in=[Supervision.NONE, Supervision.NORMAL],
                        then=models.Value(Supervision.YELLOW)),
            default=models.F("supervision")))
    note = Phrase(gettext_noop("Yellow warning: most of the time limit is used."))
    for case in cases:
        case.warned_at = now
        if case.supervision in (Supervision.NONE, Supervision.NORMAL):
            case.supervision = Supervision.YELLOW
    CaseStep.objects.bulk_create([_step(case, "warn", note, now) for case in cases])
    for case in cases:
        notify_department(case, case.department, _("(about to run out of time)"))


def breach(cases: list[Case], now) -> None:
    changes = {"breached_at": now, "supervision": Supervision.RED, "escalation_level": 0}
    top = [case.pk for case in cases if not chain_of(case)]  # no one above to escalate to
    Case.objects.filter(pk__in=_pks(cases)).update(**changes, next_escalation_at=models.Case(
        models.When(pk__in=top, then=models.Value(None)),
        default=models.Value(now + _interval()), output_field=models.DateTimeField()))
    note = Phrase(gettext_noop("Overdue: red supervision (督办)."))
    for case in cases:
        for field, value in changes.items():
            setattr(case, field, value)
        case.next_escalation_at = None if case.pk in top else now + _interval()
    CaseStep.objects.bulk_create([_step(case, "breach", note, now) for case in cases])
    for case in cases:
        notify_department(case, case.department, _("(overdue, supervised)"), sms=True)


def holder(case: Case) -> Department | None:
    """Who the overdue stage waits on: the region's command centre for accepting and
    dispatching, the handling department for handling, no department for the on-site check
    (the grid worker, supervised by the region's command centre)."""
    if case.stage in (Stage.ACCEPT, Stage.DISPATCH):
        return region_centre(case)
    return case.department if case.stage == Stage.HANDLE else None


def region_centre(case: Case) -> Department | None:
    """The command centre that owns the case's level and region (分级指挥)."""
    return supervision.command_centre(street_code=case.street_code, level=case.level)


def place_centre(case: Case) -> Department | None:
    """The command centre of the case's place (its street's sub-centre, else the district's):
    told of every escalation, whichever level owns the case, as it answers for its ground."""
    return supervision.command_centre(street_code=case.street_code)


def chain_of(case: Case) -> list[Department]:
    """The bodies the case escalates to, one per level, nearest first (org/supervision.py)."""
    held_by = holder(case)
    if held_by is None:
        centre = region_centre(case)
        return [centre, *supervision.chain(centre, street_code=case.street_code)] \
            if centre else []
    return supervision.chain(held_by, street_code=case.street_code)


def escalate(cases: list[Case], now) -> None:
    """One level up each case's own chain; the command centre of its region hears of every
    escalation too. A case at the end of its chain escalates no further."""
    chains = {case.pk: chain_of(case) for case in cases}
    going = [case for case in cases if len(chains[case.pk]) > case.escalation_level]
    Case.objects.filter(pk__in=[c.pk for c in cases if c not in going]).update(
        next_escalation_at=None)
    last = [case.pk for case in going if len(chains[case.pk]) == case.escalation_level + 1]
    Case.objects.filter(pk__in=_pks(going)).update(
        escalation_level=models.F("escalation_level") + 1,
        next_escalation_at=models.Case(
            models.When(pk__in=last, then=models.Value(None)),
            default=models.Value(now + _interval()), output_field=models.DateTimeField()))
    steps, notices = [], []
    for case in going:
        level = case.escalation_level = case.escalation_level + 1
        case.next_escalation_at = None if case.pk in last else now + _interval()
        recipient = chains[case.pk][level - 1]
        copied = [body for body in [place_centre(case)]
                  if body is not None and body not in (recipient, holder(case))]
        steps.append(_step(case, "escalate", Phrase(gettext_noop(
            "Still overdue: escalated to %(whom)s."), {"whom": recipient.name}),
            now, level=level, to=recipient.code,
            copied=[body.code for body in copied]))
        notices += [(case, body) for body in [recipient, *copied]]
    CaseStep.objects.bulk_create(steps)
    for case, body in notices:
        notify_department(case, body, _("(overdue, escalated)"), sms=True)


def notify_supervision(case: Case, actor=None) -> None:
    """A supervision (督办) note goes to the handling department and up the same chain as an
    escalation, except to the supervisor's own department."""
    own = getattr(getattr(actor, "staff", None), "department_id", None)
    bodies = [body for body in [case.department, *chain_of(case)] if body is not None]
    for body in dict.fromkeys(bodies):
        if body.pk != own:
            notify_department(case, body, _("(supervised)"))
