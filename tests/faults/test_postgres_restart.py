"""PostgreSQL restarted under gunicorn while citizens keep reporting. The cluster is a private
one on a free port: the machine's shared cluster serves the rest of the suite and is never
stopped."""

import os
import threading
import time

import pytest

from tests.faults.accounting import sent_mail
from tests.faults.stack import Gunicorn, PrivatePostgres, manage, post_reports, report_bodies
from tests.helpers import need, same_keys, start_worker, stop, wait_for

pytestmark = [pytest.mark.slow]
OUTAGE_SECONDS = 2


@pytest.fixture
def cluster():
    cluster = PrivatePostgres()
    need(cluster.bin is not None, "PostgreSQL's server programs (initdb, pg_ctl) are needed")
    try:
        yield cluster.create()
    finally:
        cluster.destroy()


@pytest.fixture
def stack(cluster, private_redis, tmp_path):
    """The demo district on the private cluster, and gunicorn with 2 workers serving it."""
    env = {**service_env_for(cluster, tmp_path), "REDIS_URL": private_redis.url}
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--commit", "--cases", "0", "-v0")
    web = Gunicorn(env, tmp_path, workers=2)
    yield env, web
    web.stop()


def service_env_for(cluster, tmp_path) -> dict:
    return {**os.environ, **same_keys(), "DATABASE_URL": cluster.url, "DATA_DIR": str(tmp_path),
            "LOG_LEVEL": "WARNING", "OUTBOX_REQUEUE_SECONDS": "2",
            "REPORT_RATE_PER_IP": "1000000/s", "REPORT_RATE_PER_PHONE": "1000000/s",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail")}


def test_a_postgresql_restart_answers_503_meanwhile_and_loses_no_report(cluster, stack,
                                                                       tmp_path, figures):
    env, web = stack
    answers, down, back = reports_across_a_restart(cluster, web.port)
    outage = assert_503_only_while_down(answers, down, back)
    numbers = [a.tracking_number for a in answers if a.status == 201]
    extra = assert_stored_once(cluster, numbers)
    assert extra <= len(outage)
    sent = drain_outbox(cluster, env, tmp_path)
    figures("postgresql restart", requests=len(answers), created=len(numbers),
            answered_503=len(outage), stored_without_201=extra,
            outage_s=round(back - down, 1), notifications_sent=sent)


def reports_across_a_restart(cluster, port: int) -> tuple[list, float, float]:
    """Two clients report before, during and after a fast shutdown (what a restart or a
    failover does to open connections), OUTAGE_SECONDS down, and a start."""
    done, answers = threading.Event(), []
    client = threading.Thread(target=lambda: answers.extend(
        post_reports(port, report_bodies(500), until=done, clients=2)))
    client.start()
    try:
        time.sleep(2)
        down = time.monotonic()
        cluster.stop("fast")
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        back = time.monotonic()
        time.sleep(3)
    finally:
        done.set()
        client.join()
    return answers, down, back


def assert_503_only_while_down(answers, down: float, back: float) -> list:
    """No 500 and no error page: a 503 with a JSON reason while the database is away, and
    every request after it is back succeeds (each worker's broken connection is replaced)."""
    assert {a.status for a in answers} <= {201, 503}, \
        [a.body[:300] for a in answers if a.status not in (201, 503)]
    outage = [a for a in answers if a.status == 503]
    assert outage, "the outage must be felt"
    assert all(a.started + a.ms / 1000 >= down and a.started <= back for a in outage)
    assert all(b"<html" not in a.body.lower() and b"detail" in a.body for a in outage)
    assert all(a.status == 201 for a in answers if a.started > back)
    return outage


def assert_stored_once(cluster, numbers: list[str]) -> int:
    """Every 201 is a stored case with exactly one first step; returns how many cases were
    stored although their client got a 503 (a commit just before the connection dropped)."""
    assert len(set(numbers)) == len(numbers)
    rows = dict(cluster.query(
        "SELECT c.tracking_number, count(s.id) FROM events_case c "
        "LEFT JOIN events_casestep s ON s.case_id = c.id GROUP BY c.tracking_number"))
    assert set(numbers) <= set(rows)
    assert set(rows.values()) == {1}, "a case without its first step, or with two"
    (firsts,) = cluster.query("SELECT count(*) FROM events_casestep WHERE action = 'report'")[0]
    assert firsts == len(rows)
    return len(rows) - len(numbers)


def drain_outbox(cluster, env, tmp_path) -> int:
    """A worker, started once the database is back, delivers every notification once."""
    worker = start_worker(env, "after-restart", tmp_path, beat=True)
    try:
        wait_for(lambda: not cluster.query(
            "SELECT 1 FROM events_notification WHERE state <> 'sent' LIMIT 1"), timeout=120)
    finally:
        stop(worker)
    rows = cluster.query("SELECT recipient, subject FROM events_notification")
    expected = sorted((to, " ".join(subject.split())) for to, subject in rows)
    assert sorted(sent_mail(tmp_path / "mail").elements()) == expected
    return len(rows)
