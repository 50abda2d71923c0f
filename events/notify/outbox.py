"""Notifications through an outbox: rows written in the case's transaction, delivered by
Celery after commit (a report's rows on PostgreSQL are handed to Celery by the relay,
events/notify/relay.py). A report never depends on the broker being up: if enqueueing fails,
the periodic requeue finds the row later. Each attempt is claimed by a compare-and-set UPDATE, and
the external call happens outside any transaction."""

import hashlib
import hmac
import json
import logging
import time
import urllib.request
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from common import reference
from events.models import Case, Notification, Status
from org.catalogue import COMMAND_CENTRE
from org.models import Department, GridAssignment

log = logging.getLogger(__name__)
# The delivery task (events/notify/tasks.py), sent by name so that this module needs no import
# of the task module that imports it; the name predates the rooms and queued messages carry it.
DELIVER_TASK = "events.tasks.deliver_notification"


def notify_department(case: Case, department: Department | None, headline: str = "",
                      sms: bool = False) -> None:
    """Queue the case's news for the department (the command centre when none): an email, a
    webhook call and, for escalations and emergencies, an SMS, as the department is set up."""
    for note in department_rows(case, department, headline, sms):
        note.save()
        transaction.on_commit(lambda pk=note.pk: enqueue(pk))


def department_rows(case: Case, department: Department | None, headline: str = "",
                    sms: bool = False) -> list[Notification]:
    """The unsaved outbox rows of notify_department()."""
    department = department or reference.cached(
        "command_centre", lambda: Department.objects.filter(code=COMMAND_CENTRE).first())
    if department is None:
        return []
    subject = f"[{case.tracking_number}] {case.subcategory.name_zh}{headline}"
    body = (f"案件编号：{case.tracking_number}\n类别：{case.subcategory}\n"
            f"状态：{Status(case.status).label}\n网格：{case.grid or '不在任何网格内'}\n"
            f"地址：{case.address or '-'}\n描述：{case.description}\n"
            f"截止时间：{case.due_at or '-'}")
    rows = []
    if department.email:
        rows.append((Notification.Channel.EMAIL, department.email))
    if department.webhook_url:
        rows.append((Notification.Channel.WEBHOOK, department.webhook_url))
    if department.sms_phone and (sms or case.urgency == "emergency"):
        rows.append((Notification.Channel.SMS, department.sms_phone))
    payload, due = _payload(case, headline), timezone.now() + _grace()
    return [Notification(case=case, department=department, channel=channel, recipient=recipient,
                         subject=subject, body=body, payload=dict(payload), next_attempt_at=due)
            for channel, recipient in rows]


def notify_grid_workers(case: Case, headline: str) -> int:
    """Queue an SMS (and an email where the account has one) to each worker of the case's grid,
    for work that is theirs in person, such as an on-site check (核实). Returns how many
    workers were reached."""
    if case.grid_id is None:
        return 0
    assignments = GridAssignment.objects.filter(grid_code=case.grid.code).select_related(
        "worker__staff")
    subject = f"[{case.tracking_number}] {case.subcategory.name_zh}{headline}"
    reached = 0
    for assignment in assignments:
        worker = assignment.worker
        phone = getattr(getattr(worker, "staff", None), "phone", "")
        rows = [(Notification.Channel.SMS, phone), (Notification.Channel.EMAIL, worker.email)]
        for channel, recipient in rows:
            if not recipient:
                continue
            note = Notification.objects.create(
                case=case, channel=channel, recipient=recipient, subject=subject,
                body=f"{subject}\n地址：{case.address or '-'}\n描述：{case.description}",
                payload=_payload(case, headline), next_attempt_at=timezone.now() + _grace())
            transaction.on_commit(lambda pk=note.pk: enqueue(pk))
        reached += 1
    return reached


def _payload(case: Case, headline: str) -> dict:
    """What a department's system receives: the case, never the reporter."""
    return {
        "tracking_number": case.tracking_number, "event": headline.strip("（）() "),
        "status": case.status, "subcategory": case.subcategory.code,
        "department": case.department.code if case.department_id else None,
        "grid": case.grid.code if case.grid_id else None, "lat": case.lat, "lon": case.lon,
        "address": case.address, "description": case.description,
        "supervision": case.supervision, "urgency": case.urgency,
        "due_at": case.due_at.isoformat() if case.due_at else None,
    }


def notify_case_reported(case: Case) -> None:
    """Tell the routed department, or the command centre when the case needs manual dispatch."""
    notify_department(case, case.department, _reported_headline(case))


def case_reported_rows(case: Case) -> list[Notification]:
    """notify_case_reported()'s rows unsaved, for the relay: not yet queued."""
    rows = department_rows(case, case.department, _reported_headline(case))
    for row in rows:
        row.queued_at = None
    return rows


def _reported_headline(case: Case) -> str:
    return "" if case.department_id else "（待人工派遣）"


def queue(**fields) -> Notification:
    """Write one outbox row in the caller's transaction; it is enqueued after commit."""
    note = Notification.objects.create(next_attempt_at=timezone.now() + _grace(), **fields)
    transaction.on_commit(lambda pk=note.pk: enqueue(pk))
    return note


def enqueue(notification_id: int) -> None:
    try:
        current_app.send_task(DELIVER_TASK, args=(notification_id,))
    except Exception:  # the broker is down; requeue_due() will pick the row up
        log.warning("could not enqueue notification %s; it waits for the requeue", notification_id)


def _grace() -> timedelta:
    """How long the requeue leaves a first attempt to the task already queued for it."""
    return timedelta(seconds=settings.OUTBOX_REQUEUE_SECONDS)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def deliver(notification_id: int) -> bool:
    """One delivery attempt; True when the notification was sent by this call."""
    now = timezone.now()
    row = Notification.objects.select_related("department").filter(pk=notification_id).first()
    if row is None:
        return False
    # A first attempt is never early; a retry waits for its back-off.
    claimed = Notification.objects.filter(
        Q(attempts=0) | Q(next_attempt_at__lte=now),
        pk=row.pk, state=Notification.State.PENDING, attempts=row.attempts,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + backoff(row.attempts + 1))
    if not claimed:
        return False  # sent, dead, not due yet, or another worker holds this attempt
    try:
        send(row)
    except Exception as error:
        dead = row.attempts + 1 >= settings.OUTBOX_MAX_ATTEMPTS
        Notification.objects.filter(pk=row.pk).update(
            last_error=repr(error)[:2000],
            state=Notification.State.DEAD if dead else Notification.State.PENDING,
        )
        log.warning("notification %s failed (attempt %s): %r", row.pk, row.attempts + 1, error)
        return False
    Notification.objects.filter(pk=row.pk).update(state=Notification.State.SENT, sent_at=now)
    return True


def send(row: Notification) -> None:
    """The external call, outside any transaction; raises when the far side did not take it."""
    # A reporter's address is kept encrypted; once anonymised there is none to send to.
    recipient = row.private_recipient or row.recipient
    if not recipient:
        raise ValueError("the recipient was forgotten")
    if row.channel == Notification.Channel.WEBHOOK:
        post_webhook(row)
    elif row.channel == Notification.Channel.SMS:
        import_string(settings.SMS_BACKEND)().send(recipient, row.subject)
    else:
        send_mail(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [recipient])


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "timestamp.body", as receivers check it (X-Signature: sha256=...)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def post_webhook(row: Notification) -> None:
    body = json.dumps({"id": row.pk, "subject": row.subject, **row.payload},
                      ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    secret = row.department.webhook_secret if row.department_id else ""
    request = urllib.request.Request(row.recipient, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "X-Timestamp": timestamp,
        "X-Notification-Id": str(row.pk), "X-Signature": signature(secret, timestamp, body)})
    with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as answer:
        if not 200 <= answer.status < 300:
            raise OSError(f"webhook answered {answer.status}")


def requeue_due(limit: int = 500) -> int:
    """Enqueue pending rows whose attempt is due: the broker was down, or a retry is due. First
    attempts enqueued here are not enqueued again for a grace period, so that a backlog
    waiting in the broker is not queued once more on every run."""
    now = timezone.now()
    due = Notification.objects.filter(state=Notification.State.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    Notification.objects.filter(pk__in=ids, attempts=0).update(next_attempt_at=now + _grace())
    for pk in ids:
        enqueue(pk)
    return len(ids)
