"""Privacy services: recording who saw a reporter's phone number, and forgetting reporters once
a case has been finished for the retention period (RETENTION_DAYS).

Anonymising keeps what statistics count — place, grid, category, department, times, rating —
and keeps the log replayable: it appends one "anonymise" step that changes neither status nor
department (events.workflow.replay.replay).
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import override

from common.i18n import log_texts
from common.security import MOBILE
from events.models import KEEPS_REPORTER, Case, CaseStep, Notification, Status
from events.privacy.models import ContactAccess
from events.privacy.texts import ANONYMISE_NOTE, ANONYMISED_BODY
from events.workflow.selectors import can_see_phone

ANONYMISE = "anonymise"
SYSTEM = "system"


def contact_access_record(*, user, case: Case, where: str) -> ContactAccess | None:
    """Log one showing of a reporter's full number ("api", "page" or "admin"). Nothing is
    logged when the caller sees only the mask, when there is no number, or when the number
    is the caller's own."""
    if not case.contact_phone or not can_see_phone(user, case):
        return None
    if case.reporter_id is not None and case.reporter_id == user.pk:
        return None
    return ContactAccess.objects.create(
        user=user, username=user.get_username(), case=case,
        tracking_number=case.tracking_number, where=ContactAccess.Where(where))


def scrub_phones(text: str) -> str:
    """Every mobile number in free text replaced whole: after retention nothing of it stays."""
    return MOBILE.sub("***********", text)


def _finished_at():
    """When the case left the workflow: closed_at for closed and rated cases; a voided case
    has none, so the time of the step that voided it."""
    voided_at = CaseStep.objects.filter(case=OuterRef("pk"), to_status=Status.VOIDED) \
        .order_by("-created_at").values("created_at")[:1]
    return Coalesce("closed_at", Subquery(voided_at), output_field=DateTimeField())


def cases_due_for_anonymising(*, older_than_days: int, now=None) -> QuerySet:
    """Finished cases that left the workflow more than `older_than_days` ago and still hold
    something of their reporter, oldest id first.

    Judged on the case row alone, so that an anonymised case drops out by itself: a test on
    the log ("no anonymise step yet") is an anti-join over every step, which PostgreSQL plans
    badly while its statistics still think anonymise steps rare."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    return (Case.objects.filter(KEEPS_REPORTER)
            .annotate(finished_at=_finished_at())
            .filter(finished_at__lt=cutoff)
            .order_by("pk"))


def case_anonymise(*, case: Case, actor=None, role: str = SYSTEM) -> bool:
    """Forget one finished case's reporter (see cases_anonymise). False when there was
    nothing to forget or the case was reopened meanwhile, and so left alone."""
    with transaction.atomic():
        return bool(_anonymise_chunk([case], actor=actor, role=role))


def _forgetting(case: Case) -> dict:
    """The updates that forget the reporter; empty when nothing of them is left (a
    description that only the loose MOBILE_IN_DB matched)."""
    description = scrub_phones(case.description)
    if (case.contact_phone, case.contact_email, case.reporter_id, case.address,
            description) == ("", "", None, "", case.description):
        return {}
    return {"contact_phone": "", "contact_email": "", "reporter": None, "address": "",
            "description": description}


def _forget(case: Case, now) -> bool:
    updates = _forgetting(case)
    return bool(updates) and bool(Case.objects.filter(
        pk=case.pk, status=case.status, department_id=case.department_id,
    ).update(**updates, updated_at=now))


def _forget_all(chunk: list[Case], now) -> list[Case]:
    """The cases of the chunk forgotten, each a compare-and-set on its status and department.
    Cases alike in both, with no number in their description, go in one UPDATE (a ten-year
    archive's first run forgets millions); when it changes fewer rows than it names, a case
    moved meanwhile, and that group goes again one case at a time."""
    alike, changed = defaultdict(list), []
    for case in chunk:
        updates = _forgetting(case)
        if updates and updates["description"] == case.description:
            alike[(case.status, case.department_id)].append(case)
        elif updates:
            changed += [case] if _forget(case, now) else []
    for (status, department_id), cases in alike.items():
        forgotten = Case.objects.filter(
            pk__in=[case.pk for case in cases], status=status, department_id=department_id,
        ).update(contact_phone="", contact_email="", reporter=None, address="", updated_at=now)
        changed += cases if forgotten == len(cases) else [
            case for case in cases if _forget(case, now)]
    return sorted(changed, key=lambda case: case.pk)


def _anonymise_chunk(chunk: list[Case], *, actor, role: str) -> list[Case]:
    """Phone, account link, free-text address, numbers written into the description, an
    Open311 client's account and device ids; one "anonymise" step per case. Each case is a
    compare-and-set on status and department: one reopened meanwhile is skipped."""
    now = timezone.now()
    changed = _forget_all(chunk, now)
    # The log is kept in the platform's language, with the English beside it.
    (note, english), actor = log_texts(ANONYMISE_NOTE, settings.LANGUAGE_CODE), \
        actor if actor and actor.pk else None
    CaseStep.objects.bulk_create([CaseStep(
        case_id=case.pk, action=ANONYMISE, actor=actor, role=role, from_status=case.status,
        to_status=case.status, from_department_id=case.department_id,
        to_department_id=case.department_id, note=note, data=english, created_at=now)
        for case in changed])
    _forget_elsewhere([case.pk for case in changed])
    _forget_notification_texts([case.pk for case in changed])
    _forget_attached_callers([case.pk for case in changed])
    return changed


# Apps above this one that keep personal data of a case (Open311 keeps the client's account
# and device ids) add a function here in their AppConfig.ready(); anonymising calls each with
# the ids of the cases it anonymised.
forgetters: list[Callable[[list[int]], None]] = []


def _forget_elsewhere(case_ids: list[int]) -> None:
    for forget in forgetters if case_ids else ():
        forget(case_ids)


def _forget_notification_texts(case_ids: list[int]) -> None:
    """The outbox kept copies of the address and description (emails, webhook payloads) and
    the reporter's own phone and email (their SMS and emails, with the tracking link): the rows
    stay, as the record of who was told what when, without the reporter's words or address."""
    if case_ids:
        rows = Notification.objects.filter(case_id__in=case_ids)
        rows.exclude(private_recipient="").update(private_recipient="", recipient="",
                                                  subject="")
        rows.update(body=_anonymised_body(), payload={"anonymised": True})


def _forget_attached_callers(case_ids: list[int]) -> None:
    """Numbers of callers a hotline operator attached with "me too" (events.intake.metoo)."""
    if case_ids:
        CaseStep.objects.filter(case_id__in=case_ids, action="me_too",
                                data__has_key="caller").update(data={})


def _anonymised_body() -> str:
    with override(settings.LANGUAGE_CODE):
        return str(ANONYMISED_BODY)


def cases_anonymise(*, older_than_days: int, among: QuerySet | None = None, actor=None,
                    role: str = SYSTEM, chunk_size: int = 500) -> list[str]:
    """Anonymise every due case (of `among`, when given), one transaction per chunk of keys
    so that a long run holds no lock for long. Returns the tracking numbers anonymised."""
    due = cases_due_for_anonymising(older_than_days=older_than_days)
    if among is not None:
        due = due.filter(pk__in=among.values("pk"))
    done, last = [], 0
    while chunk := list(due.filter(pk__gt=last)[:chunk_size]):
        last = chunk[-1].pk
        with transaction.atomic():
            done += [case.tracking_number for case in _anonymise_chunk(
                chunk, actor=actor, role=role)]
    return done
