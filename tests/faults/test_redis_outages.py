"""Redis, the broker and cache, stopped while citizens report and while a worker sweeps: it
holds nothing that must not be lost (DESIGN.md §2), so reports are kept, the sweep finishes on
PostgreSQL alone, and the outbox delivers everything once Redis is back."""

import time

import pytest

from events.models import Case
from tests.faults.accounting import (
    acts,
    assert_outbox_drained,
    assert_stored_once,
    assert_swept_once,
    pending,
    wait_until_swept,
)
from tests.faults.stack import Gunicorn, PrivateRedis, post_reports, report_bodies
from tests.helpers import escalation_levels, overdue_cases, start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_reports_are_kept_while_redis_is_down_and_notified_once_it_is_back(services,
                                                                           tmp_path, figures):
    redis = PrivateRedis()  # not started: the broker and the cache are down from the outset
    env = {**services, "REDIS_URL": redis.url, "OUTBOX_REQUEUE_SECONDS": "1"}
    web = Gunicorn(env, tmp_path, workers=1)
    worker = None
    try:
        started = time.monotonic()
        answers = post_reports(web.port, report_bodies(20), total=20, clients=2)
        seconds = time.monotonic() - started
        assert [a.status for a in answers] == [201] * 20
        numbers = [a.tracking_number for a in answers]
        assert_stored_once(numbers)
        ids = list(Case.objects.filter(tracking_number__in=numbers).values_list("pk", flat=True))
        assert pending(ids) > 0
        redis.start()
        worker = start_worker(env, "after-outage", tmp_path, beat=True)
        wait_for(lambda: pending(ids) == 0, timeout=90)
    finally:
        if worker is not None:
            stop(worker)
        web.stop()
        redis.stop()
    sent = assert_outbox_drained(ids, tmp_path / "mail")
    figures("redis down during intake", reports=len(numbers),
            seconds_for_all_while_down=round(seconds, 1), notifications_sent=sent)


def test_redis_killed_mid_sweep_loses_nothing_and_duplicates_nothing(services, tmp_path,
                                                                     private_redis, figures):
    ids = overdue_cases(150)
    # Beat runs the sweep every second, as it would every minute, and re-sends what waits.
    env = {**services, "REDIS_URL": private_redis.url, "SLA_SWEEP_SECONDS": "1",
           "OUTBOX_REQUEUE_SECONDS": "10", "CELERY_VISIBILITY_TIMEOUT": "3"}
    worker = start_worker(env, "sweeper", tmp_path, beat=True)
    try:
        wait_for(lambda: acts(ids) > 0, timeout=60, step=0.02)
        private_redis.kill()
        at_kill = acts(ids)
        time.sleep(3)
        while_down = acts(ids) - at_kill
        assert at_kill < (2 + escalation_levels(ids)) * len(ids), "Redis must die mid-sweep"
        private_redis.start()  # empty: the sweep's message died with it
        stop(worker)
        worker = start_worker(env, "sweeper-again", tmp_path, beat=True)
        wait_until_swept(ids)
    finally:
        stop(worker)
    sent = assert_swept_once(ids, tmp_path / "mail")
    figures("redis killed mid-sweep", cases=len(ids), acts_before_kill=at_kill,
            acts_while_redis_down=while_down, notifications_sent=sent)

