"""The report form sent twice (a double tap, a resend after a slow answer): each page carries
its own key in a hidden field, so the same page sent twice files one case."""

import re

from events.models import Case, IdempotencyRecord

URL = "/report/"


def page_key(response) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode())[1]


def test_the_same_page_sent_twice_files_one_case_and_both_go_to_its_tracking_page(
        browser_client, form):
    sent = {**form(), "idempotency_key": page_key(browser_client.get(URL))}
    first = browser_client.post(URL, sent)
    again = browser_client.post(URL, sent)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    (case,) = Case.objects.all()
    assert first["Location"].startswith(f"/track/{case.tracking_number}/")


def test_each_page_shown_has_a_fresh_key(browser_client):
    assert page_key(browser_client.get(URL)) != page_key(browser_client.get(URL))


def test_the_page_edited_and_sent_again_asks_once_more_then_files_a_new_case(
        browser_client, form):
    key = page_key(browser_client.get(URL))
    browser_client.post(URL, {**form(), "idempotency_key": key})
    edited = {**form(description="另一处井盖也不见了"), "idempotency_key": key}
    asked = browser_client.post(URL, edited)
    assert asked.status_code == 422
    assert "此页面已提交过一次" in asked.content.decode()
    assert "另一处井盖也不见了" in asked.content.decode()  # what was typed is kept
    assert Case.objects.count() == 1
    resent = browser_client.post(URL, {**edited, "idempotency_key": page_key(asked)})
    assert resent.status_code == 302 and Case.objects.count() == 2


def test_a_form_with_errors_keeps_no_record_and_the_corrected_page_files(browser_client, form):
    key = page_key(browser_client.get(URL))
    invalid = browser_client.post(URL, {**form(description=""), "idempotency_key": key})
    assert invalid.status_code == 200 and not IdempotencyRecord.objects.exists()
    corrected = browser_client.post(URL, {**form(), "idempotency_key": page_key(invalid)})
    assert corrected.status_code == 302 and Case.objects.count() == 1
