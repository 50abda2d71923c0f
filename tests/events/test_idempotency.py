"""Idempotency-Key on the API: a retried request answers what the first one did and files
nothing twice; a key belongs to its caller; a key reused for another request is refused."""

import uuid
from datetime import timedelta

import pytest
from django.test.client import encode_multipart
from django.utils import timezone

from events.idempotency.tasks import purge_idempotency_records
from events.models import Case, IdempotencyRecord, Status
from tests.events.test_intake_api import URL, jpeg, report
from tests.helpers import client_for


def key() -> str:
    return str(uuid.uuid4())


def post(client, data, idempotency_key, **extra):
    return client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=idempotency_key, **extra)


def cases_described(description: str) -> int:
    return Case.objects.filter(description=description).count()


def test_the_same_key_and_body_twice_files_one_case_and_answers_the_same(api, demo):
    sent, once = report(demo, description="重试的井盖报告"), key()
    first = post(api, sent, once)
    again = post(api, sent, once)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert cases_described("重试的井盖报告") == 1


def test_json_key_order_does_not_make_another_request(api, demo):
    sent, once = report(demo, description="键序无关"), key()
    first = post(api, sent, once)
    again = post(api, dict(reversed(list(sent.items()))), once)
    assert again.json() == first.json() and cases_described("键序无关") == 1


def test_the_same_key_with_another_body_is_refused_with_422_in_the_callers_language(api, demo):
    once = key()
    assert post(api, report(demo, description="第一次"), once).status_code == 201
    refused = post(api, report(demo, description="另一件事"), once)
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("此 Idempotency-Key（幂等键）已用于另一个")
    english = post(api, report(demo, description="另一件事"), once, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422
    assert english.json()["detail"].startswith("This Idempotency-Key was already used")
    assert cases_described("另一件事") == 0


def test_the_same_key_from_another_caller_is_independent(demo, cast):
    sent, shared = report(demo, description="两个调用方同一个键"), key()
    answers = [post(client_for(user), sent, shared) for user in (cast.worker, cast.dispatcher)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["tracking_number"] != answers[1].json()["tracking_number"]
    assert cases_described("两个调用方同一个键") == 2


def test_anonymous_callers_keys_are_scoped_by_their_address(api, demo):
    sent, shared = report(demo, description="匿名调用方"), key()
    mine = post(api, sent, shared, REMOTE_ADDR="203.0.113.7")
    theirs = post(api, sent, shared, REMOTE_ADDR="198.51.100.9")
    mine_again = post(api, sent, shared, REMOTE_ADDR="203.0.113.7")
    assert theirs.json()["tracking_number"] != mine.json()["tracking_number"]
    assert mine_again.json() == mine.json()
    assert cases_described("匿名调用方") == 2
    # No address is kept: the caller is a salted hash of it.
    assert not IdempotencyRecord.objects.filter(caller__contains="203.0.113.7").exists()


def multipart(data: dict, boundary: str):
    return encode_multipart(boundary, data), f"multipart/form-data; boundary={boundary}"


def test_multipart_with_another_boundary_but_the_same_fields_and_photos_is_replayed(api, demo):
    photo = jpeg().read()
    fields = report(demo, description="带照片重发")
    once = key()

    def send(boundary, ordered_fields, name):
        upload = jpeg(name)
        upload.file.write(photo) and upload.file.seek(0)  # the same bytes under another name
        body, content_type = multipart({**ordered_fields, "photos": [upload]}, boundary)
        return api.post(URL, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=once)

    first = send("FirstBoundary123", fields, "a.jpg")
    again = send("AnotherBoundary9", dict(reversed(list(fields.items()))), "renamed.jpg")
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert cases_described("带照片重发") == 1
    other_photo = jpeg(size=(50, 50))
    body, content_type = multipart({**fields, "photos": [other_photo]}, "ThirdBoundary")
    refused = api.post(URL, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=once)
    assert refused.status_code == 422


def test_an_accept_repeated_with_the_same_key_is_replayed_not_refused_by_the_workflow(
        file_case, cast):
    case = file_case()
    leader, once = client_for(cast.leader), key()
    url = f"{URL}{case.tracking_number}/actions/accept/"
    first = leader.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY=once)
    again = leader.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY=once)
    assert first.status_code == again.status_code == 200, first.content
    assert again.json() == first.json()
    assert case.steps.filter(action="accept").count() == 1
    # Without the key the repeat is a new request, which the state machine refuses.
    assert leader.post(url, {}, format="json").status_code == 409


def test_a_refused_request_keeps_nothing_so_the_corrected_one_may_use_the_same_key(api, demo):
    once = key()
    invalid = post(api, report(demo, description=""), once)
    assert invalid.status_code == 400
    assert not IdempotencyRecord.objects.filter(key=once).exists()
    assert post(api, report(demo, description="改正后重发"), once).status_code == 201
    assert IdempotencyRecord.objects.get(key=once).status_code == 201


def test_a_workflow_refusal_rolls_back_and_keeps_no_record(file_case, cast):
    case = file_case()
    url = f"{URL}{case.tracking_number}/actions/close/"
    refused = client_for(cast.leader).post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert refused.status_code == 409
    assert not IdempotencyRecord.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.REPORTED


@pytest.mark.parametrize("bad", ["", "x" * 256, "tab\there", "ключ"])
def test_a_malformed_key_is_refused_with_400(api, demo, bad):
    refused = post(api, report(demo, description="坏键"), bad)
    assert refused.status_code == 400
    assert "Idempotency-Key" in refused.json()["detail"]
    assert cases_described("坏键") == 0


def test_a_key_of_255_printable_characters_is_accepted(api, demo):
    assert post(api, report(demo), "k" * 254 + "~").status_code == 201


def test_the_answer_is_kept_encrypted_at_rest(api, demo):
    from django.db import connection

    once = key()
    tracking_number = post(api, report(demo), once).json()["tracking_number"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT response_body FROM events_idempotencyrecord WHERE key = %s",
                       [once])
        (stored,) = cursor.fetchone()
    assert tracking_number not in stored
    assert tracking_number in IdempotencyRecord.objects.get(key=once).response_body


def test_records_older_than_seven_days_are_purged_by_the_beat_task(api, demo, settings):
    assert settings.IDEMPOTENCY_TTL_DAYS == 7
    old, recent = key(), key()
    post(api, report(demo, description="旧"), old)
    post(api, report(demo, description="新"), recent)
    IdempotencyRecord.objects.filter(key=old).update(
        created_at=timezone.now() - timedelta(days=7, minutes=1))
    IdempotencyRecord.objects.filter(key=recent).update(
        created_at=timezone.now() - timedelta(days=6, hours=23))
    assert purge_idempotency_records() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == [recent]
    assert "purge-idempotency-records" in settings.CELERY_BEAT_SCHEDULE


def test_the_openapi_schema_documents_the_header_on_intake_and_actions(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/cases/", "/api/v1/cases/{tracking_number}/actions/{action_name}/"):
        operation = schema["paths"][path]["post"]
        names = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert names == ["Idempotency-Key"], path
        assert "422" in operation["responses"], path
