"""Every path of the workflow table, each step by the right role, every other role refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Case
from events.workflow import services as workflow
from events.workflow.replay import log_matches
from tests.helpers import client_for, jpeg


def url(case, action):
    return f"/api/v1/cases/{case.tracking_number}/actions/{action}/"


def post(user, case, action, **data):
    fmt = "multipart" if "photos" in data else "json"
    return client_for(user).post(url(case, action), data, format=fmt)


def step(cast, case, action, by, allowed=(), **data) -> Case:
    """Refuse `action` to everyone not allowed, then perform it as `by`."""
    allowed = {id(u) for u in (by, *allowed)}
    before = (case.status, case.steps.count())
    for name, user in [*cast.everyone().items(), ("anonymous", None)]:
        if id(user) in allowed:
            continue
        response = post(user, case, action, **{k: v for k, v in data.items() if k != "photos"})
        assert response.status_code in (403, 404, 409), (action, name, response.content)
        case.refresh_from_db()
        assert (case.status, case.steps.count()) == before, (action, name)
    if "photos" in data:
        data["photos"] = [jpeg()]
    response = post(by, case, action, **data)
    assert response.status_code == 200, (action, response.content)
    case.refresh_from_db()
    assert log_matches(case)
    return case


def actions(case):
    return list(case.steps.values_list("action", flat=True))


# The manhole cases here are the district's (no duty-list matter): the street's and the
# community's dispatchers see them but do not act on them, except to supervise.


def accept_and_start(cast, case) -> Case:
    step(cast, case, "accept", cast.leader, [cast.dispatcher])
    return step(cast, case, "start", cast.handler)


def test_the_happy_path_from_report_to_rating(cast, file_case):
    case = file_case()
    case = step(cast, case, "accept", cast.leader, [cast.dispatcher])
    assert case.status == "dispatched" and case.department.code == "PSG"
    assert actions(case) == ["report", "accept", "dispatch"]
    case = step(cast, case, "start", cast.handler)
    assert case.status == "processing" and case.assignee == cast.handler
    case = step(cast, case, "resolve", cast.handler, note="已补装井盖", photos="yes")
    assert case.status == "resolved" and case.photos.count() == 1
    case = step(cast, case, "close", cast.worker, [cast.leader], note="现场核查合格")
    assert case.status == "closed" and case.closed_at is not None
    response = client_for(None).post(url(case, "rate"), {"rating": 5, "comment": "很快",
                                                         "token": case.tracking_secret})
    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.status, case.rating) == ("rated", 5) and log_matches(case)


def test_a_misrouted_case_is_returned_with_a_reason_and_dispatched_again(cast, file_case):
    case = file_case()
    step(cast, case, "accept", cast.leader, [cast.dispatcher])
    assert post(cast.handler, case, "return").status_code == 400, "a reason is required"
    case = step(cast, case, "return", cast.handler, reason="非本单位井盖，属通信管线")
    assert case.status == "return_requested" and case.department.code == "PSG"
    case = step(cast, case, "approve_return", cast.dispatcher,
                [cast.leader, cast.street_dispatcher])
    assert case.status == "returned" and case.department is None
    case = step(cast, case, "dispatch", cast.dispatcher, [cast.leader],
                department="TXG")
    assert case.status == "dispatched" and case.department.code == "TXG"
    assert case.steps.last().from_department is None


def test_a_failed_check_sends_the_case_back_for_rework(cast, file_case):
    case = accept_and_start(cast, file_case())
    assert post(cast.handler, case, "resolve", note="已处理").status_code == 400, "photo needed"
    case = step(cast, case, "resolve", cast.handler, note="已处理", photos="yes")
    case = step(cast, case, "rework", cast.worker, [cast.leader], reason="井盖尺寸不符")
    assert case.status == "processing" and case.stage == "handle"
    case = step(cast, case, "resolve", cast.handler, note="已更换", photos="yes")
    case = step(cast, case, "close", cast.worker, [cast.leader])
    assert actions(case).count("rework") == 1


def test_an_approved_extension_moves_the_deadline(cast, file_case):
    case = accept_and_start(cast, file_case())
    due = case.due_at
    case = step(cast, case, "request_extension", cast.handler, hours=8, reason="需订制井盖")
    assert case.status == "extension_requested" and case.due_at is None
    case = step(cast, case, "approve_extension", cast.leader, [cast.dispatcher])
    assert case.status == "processing" and case.due_at > due + timedelta(hours=7)


def test_an_extension_above_the_maximum_is_refused_and_the_maximum_itself_is_not(
        cast, file_case, settings):
    settings.EXTENSION_MAX_HOURS = 48
    case = accept_and_start(cast, file_case())
    due = case.due_at
    refused = post(cast.handler, case, "request_extension", hours=49, reason="需订制井盖")
    assert refused.status_code == 400 and "hours" in refused.json(), refused.content
    case.refresh_from_db()
    assert (case.status, case.due_at) == ("processing", due)
    assert actions(case).count("request_extension") == 0
    step(cast, case, "request_extension", cast.handler, hours=48, reason="需订制井盖")


def test_a_rejected_extension_keeps_the_deadline(cast, file_case):
    case = accept_and_start(cast, file_case())
    due = case.due_at
    step(cast, case, "request_extension", cast.handler, hours=8, reason="需订制井盖")
    case = step(cast, case, "reject_extension", cast.dispatcher,
                [cast.leader], reason="普通井盖，库存充足")
    assert case.status == "processing"
    assert abs(case.due_at - due) < timedelta(minutes=1)


def test_a_shelved_case_stops_its_clock_until_restored(cast, file_case):
    case = accept_and_start(cast, file_case())
    case = step(cast, case, "shelve", cast.dispatcher, [cast.leader],
                reason="涉及产权争议，待区政府协调")
    assert case.status == "shelved" and case.due_at is None and case.time_left
    case = step(cast, case, "restore", cast.leader, [cast.dispatcher])
    assert case.status == "processing" and case.due_at > timezone.now()


def test_a_shift_leader_voids_a_false_report_with_a_reason(cast, file_case):
    case = file_case()
    assert post(cast.leader, case, "void").status_code == 400
    case = step(cast, case, "void", cast.leader, reason="重复测试数据")
    assert case.status == "voided" and case.due_at is None


def test_a_duplicate_is_merged_into_the_first_report(cast, file_case):
    first, second = file_case(), file_case()
    second = step(cast, second, "merge", cast.dispatcher, [cast.leader],
                  target=first.tracking_number)
    first.refresh_from_db()
    assert second.status == "voided" and second.duplicate_of == first
    assert first.me_too_count == 1


def test_a_wrong_status_answers_409_naming_the_allowed_actions(cast, file_case):
    case = file_case()
    response = post(cast.handler, case, "resolve", note="x")
    assert response.status_code in (403, 409)
    response = post(cast.leader, case, "close")
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "reported"
    assert set(body["allowed_actions"]) >= {"accept", "void", "supervise"}
    unknown = post(cast.leader, case, "teleport")
    assert unknown.status_code == 400 and "accept" in str(unknown.json())


def test_supervision_and_urgency_are_flags_not_statuses(cast, file_case, demo):
    case = file_case(subcategory=demo.vending)
    assert case.urgency == "normal"
    everyone_in_the_area = [cast.dispatcher, cast.street_dispatcher, cast.village]
    case = step(cast, case, "supervise", cast.leader, everyone_in_the_area, level="red")
    case = step(cast, case, "mark_urgent", cast.dispatcher, [cast.leader,
                                                            *everyone_in_the_area])
    assert (case.status, case.supervision, case.urgency) == ("reported", "red", "urgent")
    assert post(cast.leader, case, "mark_urgent").status_code == 409


def test_a_closed_case_reopens_within_the_window_only(cast, file_case, settings):
    case = accept_and_start(cast, file_case())
    step(cast, case, "resolve", cast.handler, note="已处理", photos="yes")
    case = step(cast, case, "close", cast.worker, [cast.leader])
    case = step(cast, case, "reopen", cast.leader, reason="市民反映井盖再次丢失")
    assert case.status == "dispatched" and case.closed_at is None
    step(cast, case, "start", cast.handler)
    step(cast, case, "resolve", cast.handler, note="已处理", photos="yes")
    case = step(cast, case, "close", cast.worker, [cast.leader])
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=30))
    assert post(cast.leader, case, "reopen", reason="again").status_code == 409


def test_a_grid_workers_patrol_report_is_accepted_and_dispatched_at_once(cast, demo):
    from tests.helpers import interior_point

    lat, lon = interior_point(demo.first_grid)
    response = client_for(cast.worker).post("/api/v1/cases/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "巡查发现"})
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    assert case.source == "grid_worker" and case.status == "dispatched"
    assert actions(case) == ["report", "accept", "dispatch"] and log_matches(case)


def test_a_grid_worker_resolves_on_the_spot_but_someone_else_verifies(cast, demo):
    from tests.helpers import interior_point

    lat, lon = interior_point(demo.first_grid)
    response = client_for(cast.worker).post("/api/v1/cases/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "巡查发现"})
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    case = step(cast, case, "self_resolve", cast.worker, note="已临时围蔽并补盖",
                photos="yes")
    assert case.status == "resolved" and case.resolved_by == cast.worker
    refused = post(cast.worker, case, "close")
    assert refused.status_code == 409 and "verify" in refused.json()["detail"].lower() \
        or "核查" in refused.json()["detail"]
    step(cast, case, "close", cast.leader)


def test_the_second_of_two_dispatchers_accepting_the_same_case_loses_with_a_conflict(
        cast, file_case):
    """Both read the case as reported; the leader accepts first. The dispatcher's accept, on
    what it read, must touch nothing: the UPDATE is conditional on the status it read."""
    case = file_case()
    stale = Case.objects.get(pk=case.pk)
    workflow.perform(case=case, action="accept", actor=cast.leader)
    with pytest.raises(workflow.Conflict) as lost:
        workflow.perform(case=stale, action="accept", actor=cast.dispatcher)
    assert lost.value.status_code == 409
    assert lost.value.extra["status"] == "dispatched"
    case.refresh_from_db()
    assert case.status == "dispatched"
    assert actions(case) == ["report", "accept", "dispatch"] and log_matches(case)
