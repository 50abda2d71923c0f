"""Races on PostgreSQL: each new action, raced against a rival on the same reading of the case,
ends with exactly one winner; the loser gets a 409 and the log still replays."""

import threading

import pytest
from django.db import connection

from events.models import Case
from events.workflow import services as workflow
from events.workflow.replay import log_matches
from tests.helpers import client_for, interior_point

# (what the case is brought to first, the racing pair: (user, action, body) each)
RACES = {
    "reassign": (["accept"], ("dispatcher", "reassign", {"department": "CGJ", "reason": "改派"}),
                 ("leader", "reassign", {"department": "TXG", "reason": "改派"})),
    "return decided": (["accept", "return"], ("dispatcher", "approve_return", {}),
                       ("leader", "reject_return", {"reason": "属排水"})),
    "reclassify": ([], ("dispatcher", "reclassify", {"subcategory": "vending", "reason": "改类"}),
                   ("leader", "reclassify", {"lat": "moved", "lon": "moved", "reason": "改址"})),
    "request_check": ([], ("dispatcher", "request_check", {}), ("leader", "accept", {})),
    "check": (["request_check"], ("worker", "check_ok", {}),
              ("leader", "check_reject", {"reason": "不实", "public_reply": "经核实不属实"})),
    "answer": ([], ("dispatcher", "answer", {"public_reply": "已答复"}),
               ("leader", "void", {"reason": "无效"})),
}
BEFORE = {"accept": ("leader", {}), "return": ("drainage", {"reason": "非本单位"}),
          "request_check": ("dispatcher", {})}


def _file(request_type: str) -> Case:
    from events.intake.services import Report, case_report
    from grids.models import Region
    from taxonomy.models import Subcategory

    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()
    lat, lon = interior_point(grid)
    return case_report(report=Report(subcategory=Subcategory.objects.get(name_zh="井盖丢失"),
                                     lat=lat, lon=lon, description="并发",
                                     request_type=request_type))


def _body(body: dict, case: Case) -> dict:
    from taxonomy.models import Subcategory

    filled = dict(body)
    if filled.get("subcategory") == "vending":
        filled["subcategory"] = Subcategory.objects.get(name_zh="占道经营").code
    if filled.get("lat") == "moved":
        filled["lat"], filled["lon"] = case.lat + 0.0001, case.lon + 0.0001
    return filled


def _race(case: Case, rivals) -> dict:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    results, barrier = {}, threading.Barrier(2)

    def act(username, action, body):
        barrier.wait()
        results[action + username] = client_for(users.get(username=username)).post(
            f"/api/v1/cases/{case.tracking_number}/actions/{action}/", body, format="json")
        connection.close()

    threads = [threading.Thread(target=act, args=(u, a, _body(b, case))) for u, a, b in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("race", list(RACES))
def test_each_new_action_raced_on_the_same_case_has_exactly_one_winner(postgres, race):
    from django.contrib.auth import get_user_model

    before, *rivals = RACES[race]
    case = _file("consult" if race == "answer" else "complaint")
    for action in before:
        username, params = BEFORE[action]
        case = workflow.perform(case=case, action=action, params=params,
                                actor=get_user_model().objects.get(username=username))
    steps = case.steps.count()
    results = _race(case, rivals)
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409], {k: r.content for k, r in results.items()}
    case.refresh_from_db()
    loser = next(r for r in results.values() if r.status_code == 409).json()
    assert loser["status"] == case.status
    new = list(case.steps.order_by("id").values_list("action", flat=True)[steps:])
    raced = {action for _user, action, _body in rivals}
    assert len([a for a in new if a in raced]) == 1, new
    assert set(new) <= raced | {"dispatch"}, new  # an accept dispatches at once
    assert log_matches(case)
