"""The citizen's loop on the tracking page: the reply and after-photos, 满意 / 不满意 (which
reopens the case for the dispatcher, 重办), rating again after the next 办结, and the links
of supporters who pressed "me too"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.citizen.tracking import supporter_path, tracking_path
from events.intake.metoo import case_me_too
from events.models import Case, CaseStep, Notification, RequestType, Status
from events.workflow import services as workflow
from tests.helpers import close, jpeg, staff


def rate(client, case, **fields):
    return client.post(f"/track/{case.tracking_number}/rate/",
                       {"token": case.tracking_secret, **fields}, follow=True)


def resolve_with_reply(case):
    """The department signs for the case and resolves it with a public reply and a published
    after-photo; the grid worker verifies and closes it."""
    case = workflow.perform(case=case, action="start", actor=staff("drainage"))
    case = workflow.perform(case=case, action="resolve", actor=staff("drainage"), params={
        "note": "班组长王师傅已补装", "public_reply": "已更换新井盖并加固。",
        "publish_photos": True}, photos=[jpeg("after.jpg")])
    return workflow.perform(case=case, action="close", actor=staff("worker"),
                            params={"note": "网格员现场核查合格"})


def accepted(case):
    return workflow.perform(case=case, action="accept", actor=staff("dispatcher"))


def test_the_closed_page_shows_the_reply_the_after_photo_the_place_and_the_rating_form(
        client, file_case):
    case = resolve_with_reply(accepted(file_case(address="祖庙路 1 号")))
    html = client.get(tracking_path(case)).content.decode()
    assert "已更换新井盖并加固。" in html and 'id="result-photos"' in html
    assert "祖庙路 1 号" in html and 'id="case-map"' in html and 'id="case-point"' in html
    assert 'class="current" aria-current="step"' in html and "已办结" in html
    assert 'name="satisfied" value="false"' in html
    assert "班组长王师傅" not in html and "网格员现场核查合格" not in html


def test_not_satisfied_without_a_comment_is_refused_and_the_case_stays_closed(client,
                                                                             file_case):
    case = close(file_case())
    response = rate(client, case, satisfied="false")
    case.refresh_from_db()
    assert response.status_code == 400 and case.status == Status.CLOSED
    assert "请说明还有什么问题没有解决" in response.content.decode()


def test_a_page_without_a_choice_asks_whether_the_citizen_is_satisfied(client, file_case):
    case = close(file_case())
    response = rate(client, case, comment="留着")
    assert response.status_code == 400 and "请选择您对办理结果是否满意" in \
        response.content.decode() and "留着" in response.content.decode()


def test_not_satisfied_reopens_the_case_for_the_dispatcher_then_it_can_be_rated_again(
        client, file_case):
    case = resolve_with_reply(accepted(file_case()))
    response = rate(client, case, satisfied="false", rating="2", comment="井盖还是松的，一踩就响")
    case.refresh_from_db()
    html = response.content.decode()
    assert (case.status, case.rating, case.closed_at) == (Status.ACCEPTED, None, None)
    assert case.department.code == "PSG" and case.stage == "dispatch" and case.due_at
    step = case.steps.order_by("-id").first()
    assert (step.action, step.role, step.data) == ("citizen_reopen", "citizen",
                                                   {"satisfied": False, "rating": 2})
    assert "感谢您的反馈" in html and "重新办理" in html and "井盖还是松的" in html
    assert 'name="satisfied"' not in html  # nothing to rate until the next 办结
    # The command centre hears of it; the dispatcher dispatches to the same department.
    assert Notification.objects.filter(case=case, subject__contains="市民不满意").exists()
    case = workflow.perform(case=case, action="dispatch", actor=staff("dispatcher"))
    case = resolve_with_reply(case)
    rate(client, case, satisfied="true", rating="5", comment="这次修好了")
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.RATED, 5)
    html = client.get(tracking_path(case)).content.decode()
    assert html.index("井盖还是松的") < html.index("这次修好了")  # both, oldest first
    assert "反映人不满意，已重新交办" in html


def test_a_late_not_satisfied_is_recorded_as_a_rating_and_does_not_reopen(client, file_case,
                                                                         settings):
    case = close(file_case())
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - timedelta(days=settings.REOPEN_DAYS + 1))
    case.refresh_from_db()
    rate(client, case, satisfied="false", comment="一个月后又坏了")
    case.refresh_from_db()
    step = case.steps.order_by("-id").first()
    assert case.status == Status.RATED and (step.action, step.data) == (
        "rate", {"satisfied": False})


def test_the_api_rates_with_satisfied_and_a_form_body_without_it_is_no_complaint(api,
                                                                                file_case):
    case = close(file_case())
    url = f"/api/v1/cases/{case.tracking_number}/actions/rate/"
    # A multipart body with stars only (an older app): recorded, the case stays rated.
    answer = api.post(url, {"token": case.tracking_secret, "rating": 3}, format="multipart")
    assert answer.status_code == 200 and answer.json()["status"] == Status.RATED

    other = close(file_case())
    url = f"/api/v1/cases/{other.tracking_number}/actions/rate/"
    refused = api.post(url, {"token": other.tracking_secret, "satisfied": False},
                       format="json")
    assert refused.status_code == 400 and "comment" in refused.json()
    reopened = api.post(url, {"token": other.tracking_secret, "satisfied": False,
                              "comment": "没修好"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == Status.ACCEPTED


def test_staff_cannot_rate_or_reopen_in_the_citizens_name(file_case):
    case = close(file_case())
    with pytest.raises(workflow.Forbidden):
        workflow.perform(case=case, action="citizen_reopen", actor=staff("dispatcher"),
                         params={"comment": "代评"})
    with pytest.raises(workflow.NotFound):
        workflow.perform(case=case, action="rate", actor=None, token="wrong",
                         params={"satisfied": False, "comment": "x"})


# --- supporters -----------------------------------------------------------------------------


def test_a_supporter_gets_a_link_of_their_own_to_the_public_view(client, file_case):
    case = file_case(description="我家楼下井盖丢了，电话见备注", address="祖庙路 1 号 3 栋")
    response = client.post("/report/me-too/", {"tracking_number": case.tracking_number})
    html = response.content.decode()
    assert 'id="supporter-link"' in html and "?supporter=" in html
    voice = CaseStep.objects.get(case=case, action="me_too")
    link = supporter_path(case, voice)
    assert link.split("?")[1] in html

    resolve_with_reply(accepted(case))
    page = client.get(link).content.decode()
    assert "已更换新井盖并加固。" in page and "已办结" in page and 'id="supporter-note"' in page
    for private in ("我家楼下井盖丢了", "3 栋", 'name="satisfied"', case.tracking_secret,
                    "班组长王师傅"):
        assert private not in page, private


def test_a_forged_or_borrowed_supporter_link_opens_nothing(client, file_case):
    case, other = file_case(), file_case()
    voice = case_me_too(tracking_number=case.tracking_number)
    link = supporter_path(case, voice)
    assert client.get(link).status_code == 200
    token = link.split("supporter=")[1]
    assert client.get(f"/track/{other.tracking_number}/", {"supporter": token}).status_code \
        == 404
    assert client.get(f"/track/{case.tracking_number}/",
                      {"supporter": token[:-2] + "xx"}).status_code == 404
    # A report that became a tip-off (never public) is closed to supporters' links.
    Case.objects.filter(pk=case.pk).update(request_type=RequestType.TIP_OFF)
    assert client.get(link).status_code == 404


def test_pressing_me_too_again_shows_the_same_link(client, file_case):
    case = file_case()
    first = client.post("/report/me-too/", {"tracking_number": case.tracking_number})
    again = client.post("/report/me-too/", {"tracking_number": case.tracking_number})
    link = first.content.decode().split('id="supporter-link" href="')[1].split('"')[0]
    assert link in again.content.decode()
    case.refresh_from_db()
    assert case.me_too_count == 1
