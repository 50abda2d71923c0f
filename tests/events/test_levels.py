"""Levels of handling (分级处置), through the API with the demo users: a case is owned by a
community, a street or the district; the owner's dispatchers have it in their queue and act on
it; report_up (上报) and hand_down (下派) move it between levels."""

import pytest
from django.contrib.auth import get_user_model

from events.models import Case
from events.workflow.replay import log_matches
from org.models import Role, StaffProfile
from tests.helpers import client_for, interior_point

COMMUNITY = "440604001001"  # the demo worker's community, village's scope
NEIGHBOUR = "440604001002"  # another community of the same street
STREET = "440604001"  # zumiao's scope


def patrol_report(cast, demo, subcategory=None) -> Case:
    lat, lon = interior_point(demo.first_grid)
    response = client_for(cast.worker).post("/api/v1/cases/", {
        "subcategory": (subcategory or demo.neighbours).code, "lat": lat, "lon": lon,
        "description": "楼上楼下因漏水争吵"}, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()["tracking_number"])


def queue(user) -> set[str]:
    response = client_for(user).get("/api/v1/cases/", {"queue": "mine"})
    assert response.status_code == 200, response.content
    return {c["tracking_number"] for c in response.json()["results"]}


def act(user, case, action, **data):
    return client_for(user).post(
        f"/api/v1/cases/{case.tracking_number}/actions/{action}/", data, format="json")


def refused_to_all_but(cast, case, action, allowed, **data) -> None:
    """Everyone else gets a 403, 404 or 409 and changes nothing."""
    before = (case.status, case.level, case.owner_region, case.steps.count())
    for name, user in [*cast.everyone().items(), ("anonymous", None)]:
        if name in allowed:
            continue
        response = act(user, case, action, **data)
        assert response.status_code in (403, 404, 409), (action, name, response.content)
        case.refresh_from_db()
        assert (case.status, case.level, case.owner_region, case.steps.count()) == before


def dispatcher_for(code: str):
    user = get_user_model().objects.create_user(f"dispatcher-{code}")
    StaffProfile.objects.create(user=user, role=Role.DISPATCHER, scope_code=code)
    return user


def test_a_patrol_report_of_a_neighbour_dispute_waits_at_the_community_not_the_district(
        cast, demo):
    case = patrol_report(cast, demo)
    assert (case.status, case.level, case.owner_region) == ("dispatched", "community", COMMUNITY)
    assert case.department.code == "SQ001001", "the committee handles it (属地村居)"
    assert case.tracking_number in queue(cast.village)
    assert case.tracking_number not in queue(cast.dispatcher)
    assert case.tracking_number not in queue(cast.street_dispatcher)
    body = client_for(cast.village).get(f"/api/v1/cases/{case.tracking_number}/").json()
    assert (body["level"], body["owner_region"]) == ("community", COMMUNITY)
    assert [(p["level"], p["region"], p["actor_role"]) for p in body["level_path"]] == [
        ("community", COMMUNITY, "grid_worker")]
    assert body["level_path"][0]["region_name"] == demo.first_grid.parent.name
    assert {"report_up", "start"} <= set(body["allowed_actions"])


def test_a_case_without_a_matter_is_the_districts(cast, demo, file_case):
    case = file_case()  # a missing manhole cover: the drainage company by default
    assert (case.level, case.owner_region) == ("district", "440604")
    assert case.tracking_number in queue(cast.dispatcher)
    assert case.tracking_number not in queue(cast.village) | queue(cast.street_dispatcher)
    vending = file_case(subcategory=demo.vending)  # 属地街道:城管中队, a street matter
    assert (vending.level, vending.owner_region) == ("street", STREET)
    assert vending.tracking_number in queue(cast.street_dispatcher)
    assert vending.tracking_number not in queue(cast.dispatcher)


def test_reported_up_by_the_community_and_handed_down_by_the_street(cast, demo):
    case = patrol_report(cast, demo)
    refused_to_all_but(cast, case, "report_up", {"village", "leader"}, reason="双方情绪激动")
    assert act(cast.village, case, "report_up").status_code == 400, "a reason is required"
    answer = act(cast.village, case, "report_up", reason="调解不成，需司法所介入")
    assert answer.status_code == 200, answer.content
    case.refresh_from_db()
    assert (case.level, case.owner_region, case.status) == ("street", STREET, "accepted")
    assert case.department.code == "JD001", "suggested to the street office"
    assert log_matches(case)
    assert case.tracking_number in queue(cast.street_dispatcher)
    assert case.tracking_number not in queue(cast.village) | queue(cast.dispatcher)

    refused_to_all_but(cast, case, "hand_down", {"street_dispatcher", "leader"},
                       region=NEIGHBOUR)
    answer = act(cast.street_dispatcher, case, "hand_down", region=NEIGHBOUR, note="请协助")
    assert answer.status_code == 400, "the neighbouring community is not where the case is"
    answer = act(cast.street_dispatcher, case, "hand_down", region=COMMUNITY, note="再调解")
    assert answer.status_code == 200, answer.content
    case.refresh_from_db()
    assert (case.level, case.owner_region, case.department.code) == (
        "community", COMMUNITY, "SQ001001")
    assert case.tracking_number in queue(cast.village) and log_matches(case)
    bottom = act(cast.village, case, "hand_down", region=COMMUNITY)
    assert bottom.status_code == 409, "no level below a community: grids own no cases"
    path = client_for(cast.village).get(f"/api/v1/cases/{case.tracking_number}/").json()[
        "level_path"]
    assert [(p["level"], p["region"], p["actor_role"]) for p in path] == [
        ("community", COMMUNITY, "grid_worker"), ("street", STREET, "dispatcher"),
        ("community", COMMUNITY, "dispatcher")]


def in_neighbour() -> tuple[float, float]:
    from grids.models import Region

    return interior_point(Region.objects.filter(
        generation__is_active=True, parent__code=NEIGHBOUR).order_by("code").first())


def test_a_community_without_a_dispatcher_passes_its_queue_to_the_street(
        cast, demo, file_case):
    case = file_case(demo.neighbours, *in_neighbour())
    assert (case.level, case.owner_region) == ("community", NEIGHBOUR)
    assert case.tracking_number in queue(cast.street_dispatcher)
    assert act(cast.street_dispatcher, case, "accept").status_code == 200
    assert act(cast.village, case, "report_up", reason="x").status_code == 404, "not its area"
    own = dispatcher_for(NEIGHBOUR)
    assert case.tracking_number in queue(own)
    assert case.tracking_number not in queue(cast.street_dispatcher)
    refused = act(cast.street_dispatcher, case, "report_up", reason="x")
    assert refused.status_code == 403, "the community acts on it now"


def test_the_street_hands_down_to_a_community_and_the_top_cannot_report_up(
        cast, demo, file_case):
    vending = file_case(demo.vending, *in_neighbour())
    assert act(cast.street_dispatcher, vending, "hand_down", region="440604004001"
               ).status_code == 400, "another street's community"
    assert act(cast.street_dispatcher, vending, "hand_down").status_code == 400
    answer = act(cast.street_dispatcher, vending, "hand_down", region=NEIGHBOUR)
    assert answer.status_code == 200, answer.content
    vending.refresh_from_db()
    assert (vending.level, vending.owner_region) == ("community", NEIGHBOUR)
    assert vending.tracking_number in queue(cast.street_dispatcher), "no dispatcher there"
    assert vending.tracking_number in queue(dispatcher_for(NEIGHBOUR))
    assert vending.tracking_number not in queue(cast.street_dispatcher)
    # The district's shift leader may act at any level: up to the street, then the district.
    for level, region in (("street", STREET), ("district", "440604")):
        assert act(cast.leader, vending, "report_up", reason="超出能力").status_code == 200
        vending.refresh_from_db()
        assert (vending.level, vending.owner_region) == (level, region)
    top = act(cast.leader, vending, "report_up", reason="again")
    assert top.status_code == 409 and "report_up" not in top.json()["allowed_actions"]
    assert log_matches(vending)


def test_the_district_dispatcher_supervises_a_community_case_but_does_not_dispatch_it(
        cast, demo):
    case = patrol_report(cast, demo)
    refused = act(cast.dispatcher, case, "report_up", reason="x")
    assert refused.status_code == 403
    assert demo.first_grid.parent.name in refused.json()["detail"], "says who owns it"
    assert act(cast.dispatcher, case, "supervise", level="yellow").status_code == 200
    assert act(cast.street_dispatcher, case, "mark_urgent").status_code == 200
    body = client_for(cast.dispatcher).get(f"/api/v1/cases/{case.tracking_number}/").json()
    assert "report_up" not in body["allowed_actions"] and "supervise" in body["allowed_actions"]


def test_the_committee_handles_its_own_matters_with_the_dispatchers_account(cast, demo):
    case = patrol_report(cast, demo)
    assert act(cast.village, case, "start").status_code == 200
    late = act(cast.leader, case, "hand_down", region=COMMUNITY)
    assert late.status_code == 409, "a case in hand is not handed down"
    # The street's 司法所 assists (the demo list's 协办); its part done, the committee closes.
    task = case.tasks.get()
    assert act(cast.village, case, "resolve", note="调解").status_code == 409
    assert act(cast.village, case, "release_task", department=task.department.code,
               reason="当事人已和解，无需司法所介入").status_code == 200
    answer = act(cast.village, case, "resolve", note="双方达成调解协议")
    assert answer.status_code == 200, answer.content
    case.refresh_from_db()
    assert case.status == "resolved" and case.resolved_by == cast.village
    roles = list(case.steps.values_list("action", "role"))
    assert roles[-1] == ("resolve", "handler") and ("start", "handler") in roles
    manhole = patrol_report(cast, demo, subcategory=demo.manhole)  # the drainage company's
    assert act(cast.village, manhole, "start").status_code == 403



def check_integrity() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("check_integrity", "--skip-photos", stdout=out)
    return out.getvalue()


def test_the_log_replays_through_every_move_and_tampering_is_reported(cast, demo):
    import pytest
    from django.core.management import CommandError

    from events.models import CaseStep

    moved, untouched = patrol_report(cast, demo), patrol_report(cast, demo)
    assert act(cast.village, moved, "report_up", reason="调解不成").status_code == 200
    assert act(cast.street_dispatcher, moved, "hand_down", region=COMMUNITY).status_code == 200
    assert "every log replays" in check_integrity()

    CaseStep.objects.filter(case=moved, action="report_up").update(
        data={"level": "street", "region": "440604002"})
    with pytest.raises(CommandError, match=moved.tracking_number) as failure:
        check_integrity()
    assert untouched.tracking_number not in str(failure.value)
    CaseStep.objects.filter(case=moved, action="report_up").update(
        data={"level": "street", "region": STREET})
    assert "every log replays" in check_integrity()

    Case.objects.filter(pk=untouched.pk).update(level="street", owner_region=STREET)
    with pytest.raises(CommandError, match=untouched.tracking_number):
        check_integrity()


def race(*attempts) -> list[int]:
    """Run the (user, case, action, data) attempts at the same moment; their status codes."""
    import threading

    from django.db import connection

    barrier, codes = threading.Barrier(len(attempts)), {}

    def attempt(i, user, case, action, data):
        barrier.wait()
        codes[i] = act(user, case, action, **data).status_code
        connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes.values())


@pytest.mark.django_db(transaction=True)
def test_two_levels_moving_the_same_case_at_once_one_wins(postgres):
    from grids.models import Region
    from tests.conftest import Cast

    class Demo:
        first_grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
            "code").first()
        neighbours = demo_subcategory("邻里纠纷")

    cast = Cast()
    for _ in range(3):
        case = patrol_report(cast, Demo)
        assert race((cast.village, case, "report_up", {"reason": "调解不成"}),
                    (cast.leader, case, "report_up", {"reason": "区里直接处理"})) == [200, 409]
        case.refresh_from_db()
        assert (case.level, case.owner_region) == ("street", STREET)
        assert case.steps.filter(action="report_up").count() == 1 and log_matches(case)
        assert race((cast.street_dispatcher, case, "hand_down", {"region": COMMUNITY}),
                    (cast.leader, case, "report_up", {"reason": "区里直接处理"})) == [200, 409]
        case.refresh_from_db()
        assert case.steps.filter(action__in=["hand_down", "report_up"]).count() == 2
        assert log_matches(case)
        if case.level == "community":
            assert race((cast.village, case, "report_up", {"reason": "a"}),
                        (cast.village, case, "report_up", {"reason": "b"})) == [200, 409]
            case.refresh_from_db()
            assert case.steps.filter(action="report_up").count() == 2 and log_matches(case)


def demo_subcategory(name: str):
    from taxonomy.models import Subcategory

    return Subcategory.objects.get(name_zh=name)


def test_each_levels_queue_page_shows_its_own_cases_and_the_moves_it_may_make(
        client, cast, demo, file_case):
    case, citizens = patrol_report(cast, demo), file_case(demo.neighbours)
    client.force_login(cast.village)
    page = client.get("/dispatch/").content.decode()
    assert case.tracking_number in page and citizens.tracking_number in page
    assert "action-report_up" in page
    assert "action-start" in page, "the committee signs for its own matters here"
    client.force_login(cast.dispatcher)
    assert citizens.tracking_number not in client.get("/dispatch/").content.decode()
    assert citizens.tracking_number in client.get("/dispatch/?show=all").content.decode()

    client.force_login(cast.village)
    response = client.post(f"/cases/{case.tracking_number}/act/report_up/",
                           {"reason": "调解不成", "next": "/dispatch/"})
    assert response.status_code == 302
    client.force_login(cast.street_dispatcher)
    page = client.get("/dispatch/").content.decode()
    assert case.tracking_number in page and "action-hand_down" in page
    assert f'<option value="{COMMUNITY}">' in page
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    assert "level-path" in page and page.count("<li><time>") >= 2
    assert 'name="region"' in page, "the case page offers the hand-down too"
