"""Load: 10,000 citizen reports from 64 concurrent keep-alive clients against gunicorn (2 sync
workers, as the Procfile runs it) on PostgreSQL, with the demo district. Every 201 must be a
stored case with a unique tracking number and exactly one first step; no 5xx."""

import time

import pytest

from events.models import Case
from tests.faults.accounting import assert_stored_once
from tests.faults.stack import Gunicorn, percentile, post_reports, report_bodies

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REPORTS, CLIENTS = 10_000, 64


def test_ten_thousand_reports_from_64_clients_are_each_stored_once(services, private_redis,
                                                                  tmp_path, figures):
    # A broker of its own: the 10,000 notification tasks must not wait in the shared Redis.
    web = Gunicorn({**services, "REDIS_URL": private_redis.url}, tmp_path, workers=2)
    bodies = report_bodies(2_000)
    before = Case.objects.count()
    try:
        started = time.monotonic()
        answers = post_reports(web.port, bodies, total=REPORTS, clients=CLIENTS)
        seconds = time.monotonic() - started
    finally:
        web.stop()
    statuses = sorted({a.status for a in answers}, key=str)
    assert len(answers) == REPORTS and statuses == [201], statuses
    numbers = [a.tracking_number for a in answers]
    assert_stored_once(numbers)
    assert Case.objects.count() - before == len(numbers)
    ms = sorted(a.ms for a in answers)
    figures("load", reports=REPORTS, clients=CLIENTS, seconds=round(seconds, 1),
            requests_per_s=round(REPORTS / seconds, 1), p50_ms=round(percentile(ms, 0.5)),
            p95_ms=round(percentile(ms, 0.95)), p99_ms=round(percentile(ms, 0.99)),
            max_ms=round(ms[-1]), errors=len(answers) - len(numbers))
