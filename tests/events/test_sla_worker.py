"""The SLA sweep and the outbox on real Celery workers over Redis (not eager mode), on
PostgreSQL: level-by-level escalation, two workers at once, a worker killed mid-sweep, and
Redis down while citizens report."""

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from events.models import Case, CaseStep, Notification, Subcategory
from events.tasks import sla_sweep
from grids.models import Region
from tests.helpers import database_url, interior_point, need, start_worker, stop, wait_for

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services(postgres, tmp_path):
    """Environment for worker and server processes sharing this test's database."""
    need(bool(os.environ.get("REDIS_URL")), "Redis is needed (set REDIS_URL)")
    if not Region.objects.exists():
        call_command("seed_demo", "--commit", verbosity=0)
    # Tasks queued by earlier tests (for rows long gone) would only delay these workers.
    from governance.celery import app

    app.control.purge()
    return {**os.environ, "DATABASE_URL": database_url(), "DATA_DIR": str(tmp_path),
            "SLA_ESCALATION_INTERVAL_MINUTES": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}


def overdue_cases(count: int) -> list[int]:
    """`count` cases whose accept stage ran out an hour ago."""
    from events.intake import Report, case_report

    grid = Region.objects.filter(generation__is_active=True, level="grid").first()
    lat, lon = interior_point(grid)
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    ids = [case_report(report=Report(subcategory=sub, lat=lat, lon=lon,
                                     description="超期测试")).pk for _ in range(count)]
    past = timezone.now() - timedelta(hours=1)
    Case.objects.filter(pk__in=ids).update(stage_started_at=past - timedelta(hours=2),
                                           warn_at=past, due_at=past)
    return ids


def steps_per_level(ids) -> dict:
    rows = CaseStep.objects.filter(case_id__in=ids, action__in=["warn", "breach", "escalate"])
    return {(r["action"], r["data__level"]): r["n"] for r in
            rows.values("action", "data__level").annotate(n=Count("id"))}


def fully_escalated(ids) -> bool:
    """all cases at the top level"""
    return Case.objects.filter(pk__in=ids, escalation_level=3).count() == len(ids)


def assert_once_per_level(ids) -> None:
    n = len(ids)
    assert steps_per_level(ids) == {("warn", None): n, ("breach", None): n,
                                    ("escalate", 1): n, ("escalate", 2): n, ("escalate", 3): n}


def test_a_worker_warns_supervises_and_escalates_level_by_level(services, tmp_path):
    ids = overdue_cases(5)
    worker = start_worker(services, "solo", tmp_path)
    try:
        for level in (1, 2, 3):
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


def test_a_worker_killed_mid_sweep_loses_nothing_and_duplicates_nothing(services, tmp_path):
    ids = overdue_cases(300)
    # A short visibility timeout lets Redis hand the killed worker's task to the survivor.
    services = {**services, "CELERY_VISIBILITY_TIMEOUT": "3"}
    worker = start_worker(services, "doomed", tmp_path)
    sla_sweep.delay()
    wait_for(lambda: CaseStep.objects.filter(case_id__in=ids, action="warn").exists(),
             timeout=60, step=0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    done = CaseStep.objects.filter(case_id__in=ids, action="warn").count()
    assert 0 < done < len(ids), "the kill must land mid-sweep"
    survivor = start_worker(services, "survivor", tmp_path)
    try:
        for _ in range(4):  # what beat would do every minute
            sla_sweep.delay()
        wait_for(lambda: fully_escalated(ids), timeout=180)
    finally:
        stop(survivor)
    assert_once_per_level(ids)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_reports_are_kept_while_redis_is_down_and_notified_once_it_is_back(services,
                                                                           tmp_path):
    redis_port, web_port = free_port(), free_port()
    env = {**services, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
           "OUTBOX_REQUEUE_SECONDS": "1"}
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "governance.wsgi", "-b",
                            f"127.0.0.1:{web_port}", "-w", "1"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    redis = worker = None
    try:
        grid = Region.objects.filter(generation__is_active=True, level="grid").first()
        lat, lon = interior_point(grid)
        body = (f'{{"subcategory": "01001", "lat": {lat}, "lon": {lon}, '
                f'"description": "broker down"}}').encode()
        request = urllib.request.Request(f"http://127.0.0.1:{web_port}/api/v1/cases/", body,
                                         {"Content-Type": "application/json"})
        answer = wait_for(lambda: _post(request), timeout=30)
        assert answer == 201
        case = Case.objects.get(description="broker down")
        assert Notification.objects.get(case=case).state == "pending"
        redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind",
                                  "127.0.0.1", "--save", "", "--appendonly", "no"],
                                 stdout=subprocess.DEVNULL)
        worker = start_worker(env, "after-outage", tmp_path, beat=True)
        wait_for(lambda: Notification.objects.get(case=case).state == "sent", timeout=90)
    finally:
        for process in (worker, web, redis):
            if process is not None:
                stop(process)


def _post(request):
    """the web server answered"""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except (ConnectionError, urllib.error.URLError):
        return None
