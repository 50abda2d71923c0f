from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Notification
from events.notify import outbox
from tests.helpers import start_worker, stop, wait_for


def test_a_reported_case_leaves_an_email_for_its_department_in_the_outbox(file_case):
    case = file_case()
    note = Notification.objects.get(case=case)
    assert note.recipient == case.department.email
    assert case.tracking_number in note.subject and note.state == "pending"


def test_a_case_for_manual_dispatch_notifies_the_command_centre(file_case):
    case = file_case(lat=39.9, lon=116.4)
    note = Notification.objects.get(case=case)
    assert note.recipient.startswith("cmd@") and "人工派遣" in note.subject


def test_delivery_sends_once_and_marks_the_row_sent(file_case):
    note = Notification.objects.get(case=file_case())
    assert outbox.deliver(note.pk) is True
    assert outbox.deliver(note.pk) is False
    note.refresh_from_db()
    assert note.state == "sent" and note.attempts == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [note.recipient]


def test_a_failing_delivery_backs_off_then_dead_letters(file_case, settings):
    settings.EMAIL_BACKEND = "tests.helpers.FailingEmailBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    note = Notification.objects.get(case=file_case())
    for attempt in range(1, 4):
        assert outbox.deliver(note.pk) is False
        note.refresh_from_db()
        assert note.attempts == attempt
        assert outbox.deliver(note.pk) is False, "not due again before its back-off"
        Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now())
    note.refresh_from_db()
    assert note.state == "dead" and "SMTP is down" in note.last_error
    assert note.next_attempt_at > note.created_at


def test_requeue_finds_only_due_pending_rows_and_queues_each_once_per_grace(file_case):
    lost = Notification.objects.get(case=file_case())  # its task never reached a worker
    fresh = Notification.objects.get(case=file_case())  # its task is still in the queue
    sent = Notification.objects.get(case=file_case())
    outbox.deliver(sent.pk)
    assert outbox.requeue_due() == 0, "first attempts are left to their own task at first"
    Notification.objects.filter(pk__in=[lost.pk, sent.pk]).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))  # the grace has passed
    assert outbox.requeue_due() == 1
    assert outbox.requeue_due() == 0, "queued again only after another grace period"
    assert outbox.deliver(lost.pk) is True and outbox.deliver(fresh.pk) is True


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_delivers_the_notification(services, tmp_path, file_case):
    worker = start_worker(services, "outbox", tmp_path)
    try:
        case = file_case()
        wait_for(lambda: Notification.objects.get(case=case).state == "sent", timeout=60)
        sent = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
        assert case.tracking_number in sent
    finally:
        stop(worker)
