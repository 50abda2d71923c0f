"""Idempotency-Key under concurrency, on PostgreSQL with real threads and connections: a
duplicate sent while the first request runs waits for it and replays its answer (or answers
409 when the first runs too long); exactly one case is filed."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events.models import Case, IdempotencyRecord
from tests.helpers import client_for, interior_point

URL = "/api/v1/cases/"


def _seeded_payload(description: str) -> dict:
    from grids.models import Region
    from taxonomy.models import Subcategory

    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()
    lat, lon = interior_point(grid)
    return {"subcategory": Subcategory.objects.get(name_zh="井盖丢失").code, "lat": lat,
            "lon": lon, "description": description}


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="worker")


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_file_exactly_one_case_and_all_get_its_answer(postgres):
    payload = _seeded_payload("并发重复提交")
    answers, barrier = [], threading.Barrier(6)

    def submit():
        barrier.wait()
        answers.append(client_for(_user()).post(URL, payload, format="json",
                                                HTTP_IDEMPOTENCY_KEY="same-key"))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 6, [a.content for a in answers]
    assert len({a.content for a in answers}) == 1
    assert [a.has_header("Idempotent-Replayed") for a in answers].count(False) == 1
    assert Case.objects.filter(description="并发重复提交").count() == 1
    assert IdempotencyRecord.objects.count() == 1


def _hold_key(user, finish: str, seconds: float, holding: threading.Event):
    """Another request's transaction holding the key for `seconds`, then ending as told."""
    with transaction.atomic():
        IdempotencyRecord.objects.create(
            caller=f"user:{user.pk}", key="held", fingerprint="0" * 64, status_code=201,
            response_body="{}", response_headers={"kind": "data"}, created_at=timezone.now())
        holding.set()
        time.sleep(seconds)
        if finish == "rollback":
            transaction.set_rollback(True)
    connection.close()


def _while_held(finish: str, seconds: float, payload: dict):
    user, holding = _user(), threading.Event()
    holder = threading.Thread(target=_hold_key, args=(user, finish, seconds, holding))
    holder.start()
    holding.wait()
    started = time.monotonic()
    answer = client_for(user).post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="held")
    waited = time.monotonic() - started
    holder.join()
    return answer, waited


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_waits_for_the_first_to_commit_and_then_answers_from_its_record(postgres):
    # The holder's record is for another request (its fingerprint), so the waiting duplicate
    # answers 422: it read what the first committed, not what it saw before.
    answer, waited = _while_held("commit", 1.0, _seeded_payload("等待提交"))
    assert answer.status_code == 422, answer.content
    assert waited >= 0.9
    assert not Case.objects.filter(description="等待提交").exists()


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_answers_409_while_the_first_runs_too_long_and_goes_ahead_after(
        postgres, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.3
    payload = _seeded_payload("首个请求太慢")
    answer, waited = _while_held("rollback", 1.5, payload)
    assert answer.status_code == 409, answer.content
    assert "仍在处理中" in answer.json()["detail"] and answer["Retry-After"] == "1"
    assert 0.25 <= waited < 1.4
    # The first rolled back: the key is free, and the retry files the case.
    retry = client_for(_user()).post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="held")
    assert retry.status_code == 201
    assert Case.objects.filter(description="首个请求太慢").count() == 1
