"""Staff pages with the Django client: scoping, role homes and the forms behind them."""

from events.models import Case
from tests.helpers import interior_point, jpeg

PAGES = ["/staff/", "/dispatch/", "/department/", "/worker/", "/worker/report/"]


def test_every_staff_page_asks_an_anonymous_visitor_to_sign_in(client, db):
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith("/login/"), page


def test_each_role_lands_on_its_own_page(client, cast):
    homes = {"leader": "/dispatch/", "dispatcher": "/dispatch/", "handler": "/department/",
             "worker": "/worker/", "admin": "/admin/"}
    for name, home in homes.items():
        client.force_login(getattr(cast, name))
        assert client.get("/staff/").url == home, name


def test_pages_of_other_roles_are_not_found(client, cast):
    client.force_login(cast.handler)
    assert client.get("/dispatch/").status_code == 404
    assert client.get("/worker/").status_code == 404
    client.force_login(cast.worker)
    assert client.get("/department/").status_code == 404


def test_the_dispatcher_accepts_from_the_queue_and_the_routed_department_gets_it(
        client, cast, file_case):
    case = file_case()
    client.force_login(cast.dispatcher)
    page = client.get("/dispatch/").content.decode()
    assert case.tracking_number in page and "排水公司" in page
    response = client.post(f"/cases/{case.tracking_number}/act/accept/", {"next": "/dispatch/"})
    assert response.status_code == 302 and response.url == "/dispatch/"
    case.refresh_from_db()
    assert case.status == "dispatched"
    client.force_login(cast.handler)
    assert case.tracking_number in client.get("/department/").content.decode()


def test_an_unroutable_case_waits_in_the_queue_for_a_department(client, cast, file_case):
    case = file_case(lat=39.9, lon=116.4)
    client.force_login(cast.leader)
    client.post(f"/cases/{case.tracking_number}/act/accept/")
    case.refresh_from_db()
    assert case.status == "accepted" and case.department is None
    page = client.get("/dispatch/").content.decode()
    assert case.tracking_number in page
    client.post(f"/cases/{case.tracking_number}/act/dispatch/", {"department": "CGJ"})
    case.refresh_from_db()
    assert (case.status, case.department.code) == ("dispatched", "CGJ")


def test_a_refused_form_action_shows_the_reason_and_changes_nothing(client, cast, file_case):
    case = file_case()
    client.force_login(cast.leader)
    response = client.post(f"/cases/{case.tracking_number}/act/void/", {"reason": ""},
                           follow=True)
    assert "请填写原因" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "reported"


def test_a_case_page_out_of_scope_is_not_found(client, cast, file_case):
    case = file_case()
    client.force_login(cast.other_handler)
    assert client.get(f"/cases/{case.tracking_number}/").status_code == 404
    assert client.post(f"/cases/{case.tracking_number}/act/start/").status_code == 404
    client.force_login(cast.worker)
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_a_patrol_report_from_the_form_is_dispatched_at_once(client, cast, demo):
    client.force_login(cast.worker)
    lat, lon = interior_point(demo.first_grid)
    response = client.post("/worker/report/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "巡查发现井盖缺失",
        "photos": [jpeg()]})
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/{case.tracking_number}/"
    assert (case.status, case.source, case.photos.count()) == ("dispatched", "grid_worker", 1)


def test_a_bad_patrol_report_keeps_what_was_typed(client, cast, demo):
    client.force_login(cast.worker)
    response = client.post("/worker/report/", {"subcategory": demo.manhole.code, "lat": "91",
                                               "lon": "113.1", "description": "保留这段文字"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "保留这段文字" in page and "91" in page
    assert not Case.objects.exists()
