"""Idempotency-Key on Open311 POST requests: an application's retry files nothing twice; its
keys are scoped to its api_key and the client's address; refusals are the error list."""

from events.models import Case
from events.open311.models import ApiClient
from tests.open311.conftest import BASE, json_, xml
from tests.open311.test_post_requests import form


def post(web, data, idempotency_key, fmt="json", **extra):
    return web.post(BASE + f"requests.{fmt}", data, HTTP_IDEMPOTENCY_KEY=idempotency_key,
                    **extra)


def test_an_application_retrying_with_its_key_files_one_request(web, demo, app_client):
    sent = form(demo, app_client, description="Open311 重试")
    first, again = post(web, sent, "retry-1"), post(web, sent, "retry-1")
    assert first.status_code == again.status_code == 201
    assert json_(again) == json_(first) and again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(description__startswith="Open311 重试").count() == 1


def test_the_same_key_for_another_request_answers_422_as_the_error_list(web, demo, app_client):
    assert post(web, form(demo, app_client), "reused", fmt="xml").status_code == 201
    refused = post(web, form(demo, app_client, description="另一件"), "reused", fmt="xml")
    assert refused.status_code == 422
    (error,) = xml(refused)
    assert error.findtext("code") == "422"
    assert "Idempotency-Key" in error.findtext("description")


def test_another_applications_key_is_its_own(web, demo, app_client):
    other = ApiClient.objects.create(name="另一个 app")
    mine = post(web, form(demo, app_client, description="两个应用"), "shared")
    theirs = post(web, form(demo, other, description="两个应用"), "shared")
    assert json_(mine)[0]["service_request_id"] != json_(theirs)[0]["service_request_id"]


def test_a_malformed_key_is_refused_as_the_error_list(web, demo, app_client):
    refused = post(web, form(demo, app_client), "x" * 256)
    assert refused.status_code == 400
    assert json_(refused)[0]["code"] == 400


def test_reading_requests_ignores_the_header(web, demo, app_client):
    assert web.get(BASE + "requests.json", HTTP_IDEMPOTENCY_KEY="\t").status_code == 200
