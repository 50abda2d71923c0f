"""The private tracking page: the tracking number and its secret open one case; it shows the
status, department, time limit and a public timeline, never notes, staff or phones."""

from django.test import Client

from events.citizen.tracking import tracking_path
from events.models import Case, Status
from tests.helpers import close


def test_the_tracking_link_shows_status_department_and_due_time(client, file_case):
    case = file_case()
    response = client.get(tracking_path(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.tracking_number in html and "待受理" in html and case.department.name in html
    assert case.due_at.astimezone().strftime("%Y-%m-%d") in html
    assert "收到上报" in html
    assert response.headers["Content-Type"].startswith("text/html")


def test_a_wrong_or_missing_secret_answers_404(client, file_case):
    case = file_case()
    url = f"/track/{case.tracking_number}/"
    assert client.get(url).status_code == 404
    assert client.get(url, {"token": "not-the-secret"}).status_code == 404
    assert client.get(url, {"token": case.tracking_secret[:-1]}).status_code == 404
    assert client.get("/track/20990101-000001/", {"token": case.tracking_secret}).status_code \
        == 404


def test_one_cases_secret_never_opens_another(client, file_case):
    mine, theirs = file_case(description="我的井盖"), file_case(description="别人的秘密描述")
    response = client.get(f"/track/{theirs.tracking_number}/",
                          {"token": mine.tracking_secret})
    assert response.status_code == 404
    assert "别人的秘密描述" not in client.get(tracking_path(mine)).content.decode()


def test_a_case_without_a_secret_cannot_be_tracked(client, file_case):
    case = file_case()
    Case.objects.filter(pk=case.pk).update(tracking_secret="")
    assert client.get(f"/track/{case.tracking_number}/", {"token": ""}).status_code == 404


def test_the_page_never_shows_the_phone_staff_notes_or_staff_names(client, file_case):
    case = close(file_case(contact_phone="13912345678"))
    html = client.get(tracking_path(case)).content.decode()
    for secret in ("13912345678", "139****5678", "内部备注", "王师傅", "网格员现场核查合格",
                   "dispatcher", "drainage", "default_department", "routing"):
        assert secret not in html, secret
    for public in ("已立案受理", "已派遣至责任部门", "责任部门已签收处置", "责任部门反馈已处置",
                   "现场核查通过，已结案", "已结案"):
        assert public in html, public


def test_supervision_flags_stay_off_the_public_timeline(client, file_case):
    from events.workflow import services as workflow
    from tests.helpers import staff

    case = file_case()
    workflow.perform(case=case, action="supervise", actor=staff("leader"),
                     params={"level": "red", "note": "领导批示：严肃处理"})
    html = client.get(tracking_path(case)).content.decode()
    assert "领导批示" not in html and "督办" not in html


def test_a_citizen_rates_a_closed_case_from_the_tracking_page(client, file_case):
    case = close(file_case())
    page = client.get(tracking_path(case)).content.decode()
    assert "您对办理结果满意吗" in page and "不满意" in page
    response = client.post(f"/track/{case.tracking_number}/rate/",
                           {"token": case.tracking_secret, "satisfied": "true", "rating": "4",
                            "comment": "修得很快"}, follow=True)
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.RATED, 4)
    html = response.content.decode()
    assert "感谢您的评价" in html and "市民已评价" in html
    # The reporter's own feedback is shown back to them, and only on their page.
    assert "4 / 5" in html and "修得很快" in html and "满意" in html
    assert "感谢您的评价" not in client.get(tracking_path(case)).content.decode()


def test_rating_needs_the_secret_a_closed_case_and_1_to_5_stars(client, file_case):
    case = file_case()
    url = f"/track/{case.tracking_number}/rate/"
    assert client.post(url, {"token": "wrong", "rating": "5"}).status_code == 404
    early = client.post(url, {"token": case.tracking_secret, "rating": "5"})
    assert early.status_code == 409 and "待受理" in early.content.decode()
    case = close(case)
    bad = client.post(url, {"token": case.tracking_secret, "rating": "9", "comment": "留着"})
    assert bad.status_code == 400 and "留着" in bad.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.rating is None


def test_the_rating_form_needs_the_csrf_token(file_case):
    case = close(file_case())
    response = Client(enforce_csrf_checks=True).post(
        f"/track/{case.tracking_number}/rate/", {"token": case.tracking_secret, "rating": "5"})
    assert response.status_code == 403
