"""A Celery worker killed (SIGKILL, as the OOM killer would) in the middle of an SLA sweep."""

import signal

import pytest

from events.sla.tasks import sla_sweep
from tests.faults.accounting import acts, assert_swept_once, wait_until_swept
from tests.helpers import overdue_cases, start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_mid_sweep_loses_nothing_and_duplicates_nothing(services, tmp_path,
                                                                         figures):
    ids = overdue_cases(150)
    # A short visibility timeout lets Redis hand the killed worker's task to the survivor.
    services = {**services, "CELERY_VISIBILITY_TIMEOUT": "3"}
    worker = start_worker(services, "doomed", tmp_path)
    sla_sweep.delay()
    wait_for(lambda: acts(ids) > 0, timeout=60, step=0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    done = acts(ids)
    assert 0 < done < 3 * len(ids), "the kill must land mid-sweep"  # one sweep: 3 acts a case
    # The survivor runs beat too: it re-sends notifications whose task died with the worker.
    survivor = start_worker({**services, "OUTBOX_REQUEUE_SECONDS": "10"}, "survivor", tmp_path,
                            beat=True)
    try:
        for _ in range(4):  # what beat would do every minute
            sla_sweep.delay()
        wait_until_swept(ids, timeout=180)
    finally:
        stop(survivor)
    sent = assert_swept_once(ids, tmp_path / "mail")
    figures("worker killed", cases=len(ids), acts_before_kill=done, notifications_sent=sent)
