"""改派, 退回审核, 改类/改址, 核实 and 直接办结 through the HTTP API with the demo users: each
action by the roles allowed, refused to every other, and the log replaying after each step."""

from datetime import timedelta

from django.utils import timezone

from events.models import Case, Notification, StageRecord
from events.workflow.replay import log_matches
from org.models import GridAssignment
from tests.events.test_workflow import actions, post, step
from tests.helpers import client_for, interior_point

DISPATCHERS = "dispatcher", "leader", "street_dispatcher"


def by_dispatchers(cast, but=None):
    """The command-centre users in scope of the demo case, all but `but`."""
    return [getattr(cast, name) for name in DISPATCHERS if getattr(cast, name) is not but]


def dispatched(cast, case) -> Case:
    return step(cast, case, "accept", cast.leader, by_dispatchers(cast, cast.leader))


def sees(user, case) -> bool:
    return client_for(user).get(f"/api/v1/cases/{case.tracking_number}/").status_code == 200


# --- 改派 reassign --------------------------------------------------------------------------


def test_a_reassigned_case_leaves_the_first_department_and_reaches_the_second(cast, file_case):
    case = dispatched(cast, file_case())
    assert case.department.code == "PSG" and sees(cast.handler, case)
    case = step(cast, case, "reassign", cast.dispatcher, by_dispatchers(cast, cast.dispatcher),
                department="CGJ", reason="井盖位于人行道，属城管管养")
    assert (case.status, case.department.code, case.stage) == ("dispatched", "CGJ", "handle")
    assert not sees(cast.handler, case) and sees(cast.other_handler, case)
    assert post(cast.handler, case, "start").status_code == 404
    handling = StageRecord.objects.filter(case=case, stage="handle").order_by("id")
    assert [(r.department.code, r.ended_at is None) for r in handling] == [
        ("PSG", False), ("CGJ", True)], "the old clock ended, the new one runs"
    assert Notification.objects.filter(case=case, department__code="CGJ").exists()
    assert case.steps.last().data == {"from": "PSG", "to": "CGJ"}
    step(cast, case, "start", cast.other_handler)


def test_a_case_in_hand_can_be_reassigned_and_must_be_signed_for_again(cast, file_case):
    case = dispatched(cast, file_case())
    case = step(cast, case, "start", cast.handler)
    case = step(cast, case, "reassign", cast.leader, by_dispatchers(cast, cast.leader),
                department="CGJ", reason="改由城管处置")
    assert (case.status, case.assignee) == ("dispatched", None)


def test_reassigning_needs_a_reason_and_another_department(cast, file_case):
    case = dispatched(cast, file_case())
    assert post(cast.dispatcher, case, "reassign", department="CGJ").status_code == 400
    same = post(cast.dispatcher, case, "reassign", department="PSG", reason="x")
    assert same.status_code == 400 and "department" in same.json()
    assert post(cast.dispatcher, case, "reassign", department="NOPE", reason="x"
                ).status_code == 400
    assert post(cast.other_dispatcher, case, "reassign", department="CGJ", reason="x"
                ).status_code == 404, "another street's dispatcher does not see the case"
    assert post(cast.dispatcher, file_case(), "reassign", department="CGJ", reason="x"
                ).status_code == 409, "a case not dispatched yet is dispatched, not reassigned"
    case.refresh_from_db()
    assert case.department.code == "PSG" and actions(case) == ["report", "accept", "dispatch"]


# --- 退回 return, approve_return, reject_return ---------------------------------------------


def test_a_return_waits_for_the_dispatchers_approval(cast, file_case):
    case = dispatched(cast, file_case())
    case = step(cast, case, "return", cast.handler, reason="非本单位井盖，属通信管线")
    assert (case.status, case.department.code, case.due_at) == ("return_requested", "PSG", None)
    assert case.paused_at is not None, "the handling clock waits with the decision"
    assert post(cast.handler, case, "start").status_code == 409
    case = step(cast, case, "approve_return", cast.leader, by_dispatchers(cast, cast.leader))
    assert (case.status, case.department, case.stage) == ("returned", None, "dispatch")
    handling = StageRecord.objects.get(case=case, stage="handle")
    assert handling.ended_at is not None and handling.met is True
    assert handling.paused > timedelta(0), "the wait is not handling time"
    case = step(cast, case, "dispatch", cast.dispatcher, by_dispatchers(cast, cast.dispatcher),
                department="TXG")
    assert case.department.code == "TXG" and log_matches(case)


def test_a_rejected_return_goes_back_to_the_department_with_the_time_it_had_left(
        cast, file_case):
    case = dispatched(cast, file_case())
    due = case.due_at
    step(cast, case, "return", cast.handler, reason="非本单位")
    assert post(cast.dispatcher, case, "reject_return").status_code == 400, "reason required"
    case = step(cast, case, "reject_return", cast.dispatcher,
                by_dispatchers(cast, cast.dispatcher), reason="井盖属排水管网，请处置")
    assert (case.status, case.department.code, case.paused_at) == ("dispatched", "PSG", None)
    assert due <= case.due_at < due + timedelta(minutes=1), "returning bought no time"
    assert StageRecord.objects.filter(case=case, stage="handle").count() == 1
    step(cast, case, "start", cast.handler)


# --- 改类/改址 reclassify -------------------------------------------------------------------


def expected_route(subcategory, lat, lon):
    from grids.index import locate_grid
    from org.routing import route_case

    return route_case(subcategory=subcategory, grid=locate_grid(lat, lon), lat=lat, lon=lon)


def test_a_reclassified_case_goes_where_routing_sends_its_new_kind(cast, file_case, demo):
    case = file_case()
    assert case.department.code == "PSG"
    route = expected_route(demo.vending, case.lat, case.lon)
    assert route.department is not None and route.department.code != "PSG"
    case = step(cast, case, "reclassify", cast.dispatcher,
                by_dispatchers(cast, cast.dispatcher), subcategory=demo.vending.code,
                reason="现场为流动摊贩占道，非井盖问题")
    assert (case.status, case.subcategory, case.department) == (
        "reported", demo.vending, route.department)
    assert case.matter == route.matter and case.level == route.level
    data = case.steps.last().data
    assert (data["before"]["subcategory"], data["after"]["subcategory"]) == (
        demo.manhole.code, demo.vending.code)
    assert (data["before"]["department"], data["after"]["department"]) == (
        "PSG", route.department.code)
    case = step(cast, case, "accept", cast.leader, by_dispatchers(cast, cast.leader))
    assert case.department == route.department and case.status == "dispatched"


def test_a_relocated_case_takes_the_grid_and_street_of_its_new_place(cast, file_case, demo):
    case = file_case(subcategory=demo.vending)
    elsewhere = GridAssignment.objects.get(worker=cast.other_worker).grid_code
    from grids.models import Region

    grid = Region.objects.get(generation__is_active=True, code=elsewhere)
    lat, lon = interior_point(grid)
    route = expected_route(demo.vending, lat, lon)
    answer = post(cast.street_dispatcher, case, "reclassify", lat=lat, lon=lon,
                  reason="市民定位有误，实际在石湾")
    assert answer.json() == {"tracking_number": case.tracking_number, "status": "reported"}, \
        "the street's dispatcher may send it on but sees no more of it"
    case.refresh_from_db()
    assert (case.grid, case.lat, case.lon) == (grid, lat, lon)
    assert case.street_code == grid.parent.parent.code != "440604001"
    assert case.department == route.department and case.owner_region in {
        r.code for r in grid.path()}
    assert not sees(cast.street_dispatcher, case), "out of the first street's scope now"
    assert sees(cast.other_worker, case) and not sees(cast.worker, case)
    assert log_matches(case)


def test_reclassify_needs_a_reason_and_a_real_change(cast, file_case, demo):
    case = file_case()
    for bad in [{"reason": "x"}, {"subcategory": demo.manhole.code, "reason": "x"},
                {"subcategory": "99999", "reason": "x"}, {"lat": 23.0, "reason": "x"},
                {"subcategory": demo.vending.code}]:
        assert post(cast.dispatcher, case, "reclassify", **bad).status_code == 400, bad
    accepted = dispatched(cast, file_case())
    assert post(cast.dispatcher, accepted, "reclassify", subcategory=demo.vending.code,
                reason="x").status_code == 409, "a dispatched case is reassigned instead"
    case.refresh_from_db()
    assert case.subcategory == demo.manhole and actions(case) == ["report"]


def test_a_returned_case_is_reclassified_and_then_dispatched_where_routing_says(
        cast, file_case, demo):
    case = dispatched(cast, file_case())
    step(cast, case, "return", cast.handler, reason="非井盖问题")
    case = step(cast, case, "approve_return", cast.dispatcher,
                by_dispatchers(cast, cast.dispatcher))
    case = step(cast, case, "reclassify", cast.dispatcher,
                by_dispatchers(cast, cast.dispatcher), subcategory=demo.vending.code,
                reason="实为占道经营")
    route = expected_route(demo.vending, case.lat, case.lon)
    assert (case.status, case.department) == ("returned", route.department)
    # 占道经营 is the street's matter: the case now belongs to the street's dispatcher.
    assert (case.level, case.owner_region) == ("street", case.street_code)
    assert post(cast.dispatcher, case, "dispatch").status_code == 403
    case = step(cast, case, "dispatch", cast.street_dispatcher,
                by_dispatchers(cast, cast.street_dispatcher))
    assert case.department == route.department


def test_the_heat_map_counts_a_reclassified_case_under_its_new_kind(
        cast, file_case, demo, settings):
    from events.models import HeatCell
    from events.stats import refresh as statistics

    settings.STATS_LAG_SECONDS = 0
    case = file_case()
    statistics.refresh(now=timezone.now() + timedelta(days=1))
    post(cast.dispatcher, case, "reclassify", subcategory=demo.vending.code, reason="实为占道")
    statistics.refresh(now=timezone.now() + timedelta(days=1))

    def counted(subcategory):
        return sum(HeatCell.objects.filter(subcategory=subcategory).values_list("count",
                                                                                flat=True))

    assert (counted(demo.manhole), counted(demo.vending)) == (0, 1)


# --- 核实 request_check, check_ok, check_reject -------------------------------------------


def test_an_on_site_check_by_the_grid_worker_makes_the_case_ready_for_acceptance(
        cast, file_case):
    from org.models import StaffProfile

    StaffProfile.objects.filter(user=cast.worker).update(phone="13900001111")
    case = file_case()
    case = step(cast, case, "request_check", cast.dispatcher,
                by_dispatchers(cast, cast.dispatcher), note="请核实井盖是否缺失")
    assert case.status == "checking" and case.stage == "accept"
    assert case.due_at > timezone.now(), "the check has a deadline of its own"
    sms = Notification.objects.get(case=case, channel="sms")
    assert sms.recipient == "13900001111"
    assert post(cast.leader, case, "accept").status_code == 409, "not while being checked"
    case = step(cast, case, "check_ok", cast.worker, [cast.leader], note="现场确认井盖缺失",
                photos="yes")
    assert case.status == "reported" and case.photos.count() == 1
    case = step(cast, case, "accept", cast.leader, by_dispatchers(cast, cast.leader))
    assert case.status == "dispatched" and case.department.code == "PSG"


def test_a_check_that_finds_nothing_flags_the_case_for_the_shift_leader_to_void(
        cast, file_case):
    case = file_case()
    step(cast, case, "request_check", cast.dispatcher, by_dispatchers(cast, cast.dispatcher))
    assert post(cast.worker, case, "check_reject", reason="现场无此井盖").status_code == 400, \
        "the citizen must be told why"
    case = step(cast, case, "check_reject", cast.worker, [cast.leader],
                reason="现场井盖完好，属重复上报", public_reply="经网格员现场核实，井盖完好。")
    assert case.status == "reported" and case.steps.last().data == {"invalid": True}
    assert case.public_reply == "经网格员现场核实，井盖完好。"
    case = step(cast, case, "void", cast.leader, reason="核实不实")
    assert case.status == "voided"


def test_a_grid_without_a_worker_cannot_be_checked(cast, file_case):
    case = file_case()
    GridAssignment.objects.filter(grid_code=case.grid.code).delete()
    refused = post(cast.dispatcher, case, "request_check")
    assert refused.status_code == 409 and "request_check" not in refused.json()[
        "allowed_actions"]


def test_a_check_left_undone_is_warned_and_breached_by_the_sweep(cast, file_case):
    from events.sla import escalation

    case = file_case()
    step(cast, case, "request_check", cast.dispatcher, by_dispatchers(cast, cast.dispatcher))
    escalation.sweep(now=timezone.now() + timedelta(days=3))
    case.refresh_from_db()
    assert case.breached_at is not None and case.status == "checking"
    assert {"warn", "breach"} <= set(actions(case)) and log_matches(case)


def test_a_changed_time_limit_leaves_the_deadline_of_a_check_alone(cast, file_case, demo):
    from events.sla.deadlines import recalculate
    from taxonomy.models import TimeLimit

    case = file_case()
    step(cast, case, "request_check", cast.dispatcher, by_dispatchers(cast, cast.dispatcher))
    due = Case.objects.get(pk=case.pk).due_at
    TimeLimit.objects.filter(subcategory=demo.manhole, stage="accept").update(amount=40)
    recalculate(subcategory_id=demo.manhole.pk)
    assert Case.objects.get(pk=case.pk).due_at == due


# --- 直接办结 answer ------------------------------------------------------------------------


def test_a_consultation_is_answered_and_closed_at_intake(cast, file_case):
    case = file_case(request_type="consult", description="请问井盖丢失找哪个部门？")
    assert post(cast.dispatcher, case, "answer").status_code == 400, "the answer is required"
    case = step(cast, case, "answer", cast.dispatcher, by_dispatchers(cast, cast.dispatcher),
                public_reply="井盖问题由区排水公司负责，已为您登记。")
    assert case.status == "closed" and case.closed_at is not None and case.due_at is None
    assert case.public_reply.startswith("井盖问题")
    rated = client_for(None).post(f"/api/v1/cases/{case.tracking_number}/actions/rate/",
                                  {"rating": 5, "token": case.tracking_secret})
    assert rated.status_code == 200


def test_only_a_consultation_can_be_answered(cast, file_case):
    case = file_case()
    refused = post(cast.dispatcher, case, "answer", public_reply="已答复")
    assert refused.status_code == 409 and "answer" not in refused.json()["allowed_actions"]
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_answered_consultations_are_counted_apart_in_the_kpis(cast, file_case, settings):
    from events.stats import refresh as statistics

    settings.STATS_LAG_SECONDS = 0
    answered = file_case(request_type="consult")
    post(cast.dispatcher, answered, "answer", public_reply="已答复")
    dispatched(cast, file_case())
    statistics.refresh(now=timezone.now() + timedelta(days=1))
    total = client_for(cast.leader).get("/api/v1/stats/kpi").json()["total"]
    assert (total["reported"], total["answered_at_intake"], total["accepted"]) == (2, 1, 1)
    assert total["accept_rate"] == 1.0, "an answered consultation needs no 立案"


# --- praise, replay -------------------------------------------------------------------------


def test_praise_is_filed_through_the_api_and_public_like_a_complaint(demo):
    from events.workflow.selectors import public_cases

    lat, lon = interior_point(demo.first_grid)
    answer = client_for(None).post("/api/v1/cases/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "request_type": "praise",
        "description": "排水公司抢修及时，表扬！"}, format="json")
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(tracking_number=answer.json()["tracking_number"])
    assert case.request_type == "praise" and public_cases().filter(pk=case.pk).exists()


def test_every_new_action_leaves_a_log_that_check_integrity_replays(cast, file_case, demo):
    from io import StringIO

    from django.core.management import call_command

    test_a_reassigned_case_leaves_the_first_department_and_reaches_the_second(cast, file_case)
    test_a_return_waits_for_the_dispatchers_approval(cast, file_case)
    test_a_rejected_return_goes_back_to_the_department_with_the_time_it_had_left(
        cast, file_case)
    test_a_returned_case_is_reclassified_and_then_dispatched_where_routing_says(
        cast, file_case, demo)
    test_an_on_site_check_by_the_grid_worker_makes_the_case_ready_for_acceptance(
        cast, file_case)
    test_a_check_that_finds_nothing_flags_the_case_for_the_shift_leader_to_void(
        cast, file_case)
    test_a_consultation_is_answered_and_closed_at_intake(cast, file_case)
    logged = set(Case.objects.values_list("steps__action", flat=True))
    assert {"reassign", "return", "approve_return", "reject_return", "reclassify",
            "request_check", "check_ok", "check_reject", "answer"} <= logged
    out = StringIO()
    call_command("check_integrity", "--skip-photos", stdout=out)
    assert "every log replays" in out.getvalue()


# --- staff pages ----------------------------------------------------------------------------


def test_the_case_page_offers_the_new_actions_with_their_fields(client, cast, file_case):
    case = file_case(request_type="consult")
    client.force_login(cast.dispatcher)
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    for action in ("reclassify", "request_check", "answer"):
        assert f"/act/{action}/" in page, action
    assert 'name="subcategory"' in page and 'name="lat"' in page and "data-confirm" in page
    assert f'value="{case.lat!r}"' in page, "the point as stored, not localised"
    complaint = file_case()
    page = client.get(f"/cases/{complaint.tracking_number}/").content.decode()
    assert "/act/answer/" not in page, "only a consultation is answered at intake"


def test_the_page_forms_reassign_and_reclassify(client, cast, file_case, demo):
    case = dispatched(cast, file_case())
    client.force_login(cast.leader)
    client.post(f"/cases/{case.tracking_number}/act/reassign/",
                {"department": "CGJ", "reason": "属城管"})
    case.refresh_from_db()
    assert case.department.code == "CGJ"
    other = file_case()
    point = (other.lat, other.lon)
    client.post(f"/cases/{other.tracking_number}/act/reclassify/", {  # the point as prefilled
        "subcategory": demo.vending.code, "lat": repr(other.lat), "lon": repr(other.lon),
        "reason": "实为占道经营"})
    other.refresh_from_db()
    assert other.subcategory == demo.vending and (other.lat, other.lon) == point


def test_queues_show_return_requests_checks_and_reports_not_confirmed(client, cast, file_case):
    returned = dispatched(cast, file_case())
    post(cast.handler, returned, "return", reason="非本单位")
    checking, rejected, confirmed, new = file_case(), file_case(), file_case(), file_case()
    for case in (checking, rejected, confirmed):
        post(cast.dispatcher, case, "request_check")
    post(cast.worker, rejected, "check_reject", reason="重复", public_reply="已有同一问题的上报")
    post(cast.worker, confirmed, "check_ok")
    client.force_login(cast.leader)
    page = client.get("/dispatch/").content.decode()
    sections = {title: page.index(title) for title in (
        "新上报（待立案）", "核实不实：待值班长作废", "现场核实中", "部门退回申请")}
    assert sections["新上报（待立案）"] < page.index(new.tracking_number) \
        < sections["核实不实：待值班长作废"]
    assert sections["新上报（待立案）"] < page.index(confirmed.tracking_number) \
        < sections["核实不实：待值班长作废"] < page.index(rejected.tracking_number) \
        < sections["现场核实中"] < page.index(checking.tracking_number) \
        < sections["部门退回申请"] < page.index(returned.tracking_number)
    client.force_login(cast.handler)
    assert "已申请退回，等待指挥中心审核" in client.get("/department/").content.decode()
    client.force_login(cast.worker)
    page = client.get("/worker/").content.decode()
    assert page.index("待现场核实的上报") < page.index(checking.tracking_number)


def test_the_citizens_timeline_tells_of_a_reassignment_without_naming_anyone(
        client, cast, file_case):
    case = dispatched(cast, file_case())
    post(cast.dispatcher, case, "reassign", department="CGJ", reason="内部原因：属城管")
    page = client.get(f"/track/{case.tracking_number}/?token={case.tracking_secret}")
    text = page.content.decode()
    assert "已改派其他部门办理" in text and "内部原因" not in text
