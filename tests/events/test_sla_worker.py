"""The SLA sweep and the outbox on real Celery workers over Redis (not eager mode), on
PostgreSQL: level-by-level escalation and two workers at once. Workers killed and Redis down
are fault tests, in tests/faults/."""

import pytest

from events.models import Case, Notification
from events.sla.tasks import sla_sweep
from tests.helpers import (
    assert_once_per_level,
    escalation_levels,
    fully_escalated,
    overdue_cases,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_worker_warns_supervises_and_escalates_level_by_level(services, tmp_path):
    ids = overdue_cases(5)
    worker = start_worker(services, "solo", tmp_path)
    try:
        for level in range(1, escalation_levels(ids) + 1):
            sla_sweep.delay()
            wait_for(lambda lv=level: Case.objects.filter(
                pk__in=ids, escalation_level__gte=lv).count() == len(ids), timeout=120)
            assert set(Case.objects.filter(pk__in=ids).values_list("supervision", flat=True)) \
                == {"red"}
        sla_sweep.delay()
        sla_sweep.delay()
        wait_for(lambda: Notification.objects.filter(case_id__in=ids, state="pending").count()
                 == 0, timeout=120)
    finally:
        stop(worker)
    assert_once_per_level(ids)


def test_two_workers_sweeping_at_once_act_once_per_level(services, tmp_path):
    ids = overdue_cases(40)
    workers = [start_worker(services, f"w{i}", tmp_path) for i in range(2)]
    try:
        for _ in range(12):
            sla_sweep.delay()
        wait_for(lambda: fully_escalated(ids), timeout=120)
        for _ in range(4):
            sla_sweep.delay()
        wait_for(lambda: Notification.objects.filter(case_id__in=ids, state="pending").count()
                 == 0, timeout=120)
    finally:
        for worker in workers:
            stop(worker)
    assert_once_per_level(ids)
