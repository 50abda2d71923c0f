"""Webhook delivery to a receiver the test runs on 127.0.0.1: signed, once, retried, dead."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from events.models import Notification
from events.notify import outbox
from org.models import Department

SECRET = "s3cret-for-tests"


@pytest.fixture
def receiver():
    received, answers = [], {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(answers["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received, answers
    server.shutdown()


def webhook_row(file_case, url) -> Notification:
    Department.objects.filter(code="PSG").update(webhook_url=url, webhook_secret=SECRET)
    case = file_case()
    return Notification.objects.get(case=case, channel="webhook")


def test_a_webhook_is_delivered_once_with_a_valid_signature(file_case, receiver):
    url, received, _ = receiver
    row = webhook_row(file_case, url)
    assert outbox.deliver(row.pk) is True
    assert outbox.deliver(row.pk) is False
    assert len(received) == 1
    headers, body = received[0]
    expected = outbox.signature(SECRET, headers["X-Timestamp"], body)
    assert headers["X-Signature"] == expected
    assert outbox.signature("wrong", headers["X-Timestamp"], body) != expected
    assert row.case.tracking_number in body.decode()
    assert "13812345678" not in body.decode(), "reporter data never leaves"


def test_the_signature_is_the_documented_hmac_a_receiver_can_check_on_its_own(
        file_case, receiver):
    """X-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + raw body)>, with the
    timestamp in X-Timestamp: computed here with hmac alone, as a department's system would."""
    url, received, _ = receiver
    row = webhook_row(file_case, url)
    assert outbox.deliver(row.pk) is True
    (headers, body), = received
    timestamp = headers["X-Timestamp"]
    assert timestamp.isdigit() and abs(int(timestamp) - time.time()) < 300, "seconds, now"
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Signature"], expected)
    assert headers["X-Notification-Id"] == str(row.pk)
    assert json.loads(body)["tracking_number"] == row.case.tracking_number


def test_a_failing_receiver_gets_retries_then_the_row_is_dead_lettered(
        file_case, receiver, settings):
    url, received, answers = receiver
    answers["status"] = 500
    settings.OUTBOX_MAX_ATTEMPTS = 4
    row = webhook_row(file_case, url)
    for _ in range(4):
        assert outbox.deliver(row.pk) is False
        Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    row.refresh_from_db()
    assert len(received) == 4
    assert row.state == "dead" and "500" in row.last_error
    assert outbox.deliver(row.pk) is False and len(received) == 4


def test_escalations_also_go_out_by_sms_through_the_pluggable_backend(file_case, caplog):
    from datetime import timedelta

    from events.sla import escalation

    Department.objects.filter(code="PSG").update(sms_phone="13900001111")
    case = file_case()
    escalation.sweep(now=case.due_at + timedelta(seconds=1))
    sms = Notification.objects.get(case=case, channel="sms")
    with caplog.at_level("INFO", logger="events.notify.sms"):
        assert outbox.deliver(sms.pk) is True
    assert "****1111" in caplog.text and "13900001111" not in caplog.text
