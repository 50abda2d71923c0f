import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from events import outbox
from events.models import Case, Notification
from tests.helpers import interior_point, need, same_keys


def file_case(demo, **overrides):
    lat, lon = interior_point(demo.first_grid)
    data = {"subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "井盖丢失"}
    response = APIClient().post("/api/v1/cases/", {**data, **overrides}, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()["tracking_number"])


def test_a_reported_case_leaves_an_email_for_its_department_in_the_outbox(demo):
    case = file_case(demo)
    note = Notification.objects.get(case=case)
    assert note.recipient == case.department.email
    assert case.tracking_number in note.subject and note.state == "pending"


def test_a_case_for_manual_dispatch_notifies_the_command_centre(demo):
    case = file_case(demo, lat=39.9, lon=116.4)
    note = Notification.objects.get(case=case)
    assert note.recipient.startswith("cmd@") and "人工派遣" in note.subject


def test_delivery_sends_once_and_marks_the_row_sent(demo):
    note = Notification.objects.get(case=file_case(demo))
    assert outbox.deliver(note.pk) is True
    assert outbox.deliver(note.pk) is False
    note.refresh_from_db()
    assert note.state == "sent" and note.attempts == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [note.recipient]


def test_a_failing_delivery_backs_off_then_dead_letters(demo, settings):
    settings.EMAIL_BACKEND = "tests.helpers.FailingEmailBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    note = Notification.objects.get(case=file_case(demo))
    for attempt in range(1, 4):
        assert outbox.deliver(note.pk) is False
        note.refresh_from_db()
        assert note.attempts == attempt
        assert outbox.deliver(note.pk) is False, "not due again before its back-off"
        Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now())
    note.refresh_from_db()
    assert note.state == "dead" and "SMTP is down" in note.last_error
    assert note.next_attempt_at > note.created_at


def test_requeue_finds_only_due_pending_rows_and_queues_each_once_per_grace(demo):
    lost = Notification.objects.get(case=file_case(demo))  # its task never reached a worker
    fresh = Notification.objects.get(case=file_case(demo))  # its task is still in the queue
    sent = Notification.objects.get(case=file_case(demo))
    outbox.deliver(sent.pk)
    assert outbox.requeue_due() == 0, "first attempts are left to their own task at first"
    Notification.objects.filter(pk__in=[lost.pk, sent.pk]).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))  # the grace has passed
    assert outbox.requeue_due() == 1
    assert outbox.requeue_due() == 0, "queued again only after another grace period"
    assert outbox.deliver(lost.pk) is True and outbox.deliver(fresh.pk) is True


def _database_url(connection) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_delivers_the_notification(postgres, tmp_path):
    from django.core.management import call_command
    from django.db import connection

    from events.models import Subcategory
    from grids.models import Region

    need(bool(os.environ.get("REDIS_URL")), "Redis is needed (set REDIS_URL)")
    if not Region.objects.exists():
        call_command("seed_demo", "--commit", verbosity=0)
    env = {**os.environ, "DATABASE_URL": _database_url(connection),
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
           "EMAIL_FILE_PATH": str(tmp_path / "mail"), "DATA_DIR": str(tmp_path),
           **same_keys()}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "governance", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:

        class Demo:
            manhole = Subcategory.objects.get(name_zh="井盖丢失")
            first_grid = Region.objects.filter(generation__is_active=True, level="grid").first()

        case = file_case(Demo)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            note = Notification.objects.get(case=case)
            if note.state == "sent":
                break
            time.sleep(0.5)
        assert note.state == "sent", "the worker did not deliver within 60 s"
        sent = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
        assert case.tracking_number in sent
    finally:
        worker.terminate()
        worker.wait(timeout=30)
