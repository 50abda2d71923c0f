""""Me too": a voice added to an open case, counted once per browser, logged so that the log
still replays, and refused on closed cases and past the rate limit."""

from django.test import Client

from events.intake.metoo import case_me_too
from events.models import Case, Status
from events.workflow.replay import log_matches
from tests.helpers import close

URL = "/report/me-too/"


def test_me_too_counts_a_voice_and_logs_it_without_moving_the_case(browser_client, file_case):
    case = file_case()
    response = browser_client.post(URL, {"tracking_number": case.tracking_number})
    assert response.status_code == 200
    assert "您的附议已记录" in response.content.decode() and "共有 2 位市民" in (
        response.content.decode())
    case.refresh_from_db()
    assert case.me_too_count == 1 and case.status == Status.REPORTED
    step = case.steps.get(action="me_too")
    assert (step.from_status, step.to_status) == (Status.REPORTED, Status.REPORTED)
    assert step.from_department == step.to_department == case.department
    assert step.actor is None and step.note == ""
    assert log_matches(case)


def test_the_same_browser_counts_once_but_other_people_count_too(browser_client, file_case):
    case = file_case()
    browser_client.post(URL, {"tracking_number": case.tracking_number})
    again = browser_client.post(URL, {"tracking_number": case.tracking_number})
    assert "已经附议过" in again.content.decode()
    Client().post(URL, {"tracking_number": case.tracking_number})
    case.refresh_from_db()
    assert case.me_too_count == 2


def test_voices_on_a_case_that_moves_on_still_replay(file_case):
    case = file_case()
    case_me_too(tracking_number=case.tracking_number)
    case = close(case)
    assert log_matches(case) and case.me_too_count == 1
    assert list(case.steps.values_list("action", flat=True))[:2] == ["report", "me_too"]


def test_a_closed_case_takes_no_more_voices(browser_client, file_case):
    case = close(file_case())
    response = browser_client.post(URL, {"tracking_number": case.tracking_number})
    assert response.status_code == 409 and "请重新上报" in response.content.decode()
    assert Case.objects.get(pk=case.pk).me_too_count == 0


def test_an_unknown_case_answers_404(browser_client, demo):
    response = browser_client.post(URL, {"tracking_number": "20990101-000001"})
    assert response.status_code == 404


def test_me_too_needs_post_and_the_csrf_token(demo, file_case):
    case = file_case()
    assert Client().get(URL).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"tracking_number": case.tracking_number}).status_code == 403
    assert Case.objects.get(pk=case.pk).me_too_count == 0


def test_me_too_is_rate_limited_per_address(demo, file_case, settings):
    settings.REPORT_RATE_PER_IP = "2/h"
    cases = [file_case() for _ in range(3)]
    answers = [Client().post(URL, {"tracking_number": c.tracking_number}).status_code
               for c in cases]
    assert answers == [200, 200, 429]
    assert sum(Case.objects.values_list("me_too_count", flat=True)) == 2
