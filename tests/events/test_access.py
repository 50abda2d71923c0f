"""Access matrix: every case endpoint × every role × in-scope and out-of-scope cases."""

import threading

import pytest
from django.db import connection

from events.models import Case
from tests.helpers import client_for

SEES = {"worker", "handler", "dispatcher", "street_dispatcher", "leader", "admin", "village"}
BLIND = {"other_worker", "other_handler", "other_dispatcher"}
FULL_PHONE = {"handler", "dispatcher", "street_dispatcher", "leader", "admin", "village"}


def test_every_role_sees_exactly_the_cases_of_its_scope(cast, file_case):
    case = file_case()
    assert client_for(None).get("/api/v1/cases/").status_code in (401, 403)
    assert client_for(None).get(f"/api/v1/cases/{case.tracking_number}/").status_code in (
        401, 403)
    for name, user in cast.everyone().items():
        client = client_for(user)
        listed = [c["tracking_number"] for c in client.get("/api/v1/cases/").json()["results"]]
        detail = client.get(f"/api/v1/cases/{case.tracking_number}/")
        if name in SEES:
            assert case.tracking_number in listed, name
            assert detail.status_code == 200, name
        else:
            assert name in BLIND
            assert case.tracking_number not in listed, name
            assert detail.status_code == 404, name


def test_only_in_scope_command_staff_may_act_and_outsiders_change_nothing(cast, file_case):
    case = file_case()
    levels = iter(["normal", "yellow", "red"])
    for name, user in [*cast.everyone().items(), ("anonymous", None)]:
        response = client_for(user).post(
            f"/api/v1/cases/{case.tracking_number}/actions/supervise/", {"level": "red"})
        # Supervision follows the area, not the level that owns the case.
        if name in ("dispatcher", "street_dispatcher", "leader", "village"):
            response = client_for(user).post(
                f"/api/v1/cases/{case.tracking_number}/actions/supervise/",
                {"level": next(levels)}) if response.status_code != 200 else response
            assert response.status_code == 200, (name, response.content)
        else:
            assert response.status_code in (403, 404), name
    assert list(case.steps.values_list("action", flat=True)).count("supervise") == 4


def test_phone_numbers_are_masked_for_roles_that_do_not_need_them(cast, file_case):
    case = file_case()
    for name in SEES:
        body = client_for(getattr(cast, name)).get(
            f"/api/v1/cases/{case.tracking_number}/").json()
        expected = "13812345678" if name in FULL_PHONE else "138****5678"
        assert body["contact_phone"] == expected, name
    listed = client_for(cast.dispatcher).get("/api/v1/cases/").json()["results"][0]
    assert "contact_phone" not in listed


def test_the_case_list_filters_and_paginates(cast, file_case, demo):
    cover, vending = file_case(), file_case(subcategory=demo.vending)
    client = client_for(cast.dispatcher)

    def numbers(**params):
        body = client.get("/api/v1/cases/", params).json()
        return {c["tracking_number"] for c in body["results"]}

    both = {cover.tracking_number, vending.tracking_number}
    assert numbers() == both
    assert numbers(category="08") == {vending.tracking_number}
    assert numbers(department="PSG") == {cover.tracking_number}
    assert numbers(grid=demo.first_grid.code) == both
    assert numbers(region=demo.first_grid.parent.parent.code) == both
    assert numbers(region="440604004") == set()
    assert numbers(status="reported") == both
    assert numbers(status="closed") == set()
    assert numbers(q=cover.tracking_number) == {cover.tracking_number}
    assert numbers(overdue="true") == set()
    assert numbers(reported_from="2000-01-01T00:00:00Z") == both
    assert client.get("/api/v1/cases/", {"status": "melted"}).status_code == 400
    body = client.get("/api/v1/cases/", {"page_size": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]


def test_the_case_page_carries_the_full_timeline(cast, file_case):
    case = file_case()
    client_for(cast.leader).post(f"/api/v1/cases/{case.tracking_number}/actions/accept/")
    body = client_for(cast.leader).get(f"/api/v1/cases/{case.tracking_number}/").json()
    assert [s["action"] for s in body["steps"]] == ["report", "accept", "dispatch"]
    assert body["steps"][1]["actor"] == "区指挥中心值班长"
    assert body["allowed_actions"] == ["supervise", "mark_urgent"] or \
        "supervise" in body["allowed_actions"]


@pytest.mark.django_db(transaction=True)
def test_two_handlers_acting_at_once_one_wins_and_the_other_gets_409(postgres):
    from tests.conftest import Cast
    from tests.helpers import interior_point

    cast = Cast()
    from grids.models import Region
    from taxonomy.models import Subcategory

    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()
    lat, lon = interior_point(grid)
    response = client_for(None).post("/api/v1/cases/", {
        "subcategory": Subcategory.objects.get(name_zh="井盖丢失").code, "lat": lat,
        "lon": lon, "description": "并发"}, format="json")
    case = Case.objects.get(tracking_number=response.json()["tracking_number"])
    client_for(cast.leader).post(f"/api/v1/cases/{case.tracking_number}/actions/accept/")
    results, barrier = {}, threading.Barrier(2)

    def act(action, data):
        barrier.wait()
        results[action] = client_for(cast.handler).post(
            f"/api/v1/cases/{case.tracking_number}/actions/{action}/", data, format="json")
        connection.close()

    threads = [threading.Thread(target=act, args=("start", {})),
               threading.Thread(target=act, args=("return", {"reason": "非本单位"}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409], {a: r.content for a, r in results.items()}
    loser = next(r for r in results.values() if r.status_code == 409).json()
    case.refresh_from_db()
    assert loser["status"] == case.status
    after_dispatch = case.steps.filter(action__in=["start", "return"]).count()
    assert after_dispatch == 1


def _open_in_grid(answer) -> int:
    return answer.json()["counts"]["open"] if answer.status_code == 200 else 0


def test_staff_with_a_scope_that_does_not_exist_see_nothing_at_all(cast, file_case, settings):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.stats import refresh as statistics
    from org.models import Role, StaffProfile

    settings.STATS_LAG_SECONDS = 0
    nowhere = get_user_model().objects.create_user("nowhere-dispatcher")
    StaffProfile.objects.create(user=nowhere, role=Role.DISPATCHER, scope_code="999999")
    case = file_case()
    grid = case.grid.code
    statistics.refresh(now=timezone.now() + timedelta(days=1))
    reads = {
        "list": lambda c: c.get("/api/v1/cases/").json()["count"],
        "map": lambda c: c.get("/api/v1/stats/open").json()["total"],
        "kpi": lambda c: c.get("/api/v1/stats/kpi").json()["total"]["reported"],
        # A grid outside the caller's scope is not found at all: nothing seen.
        "grid": lambda c: _open_in_grid(c.get(f"/api/v1/stats/grid/{grid}")),
        "export": lambda c: b"".join(
            c.get("/api/v1/cases/export.csv").streaming_content).count(b"\n") - 1,
    }
    assert {name: read(client_for(cast.dispatcher)) for name, read in reads.items()} == {
        name: 1 for name in reads}, "the district's dispatcher sees the case"
    blind = client_for(nowhere)
    assert {name: read(blind) for name, read in reads.items()} == {name: 0 for name in reads}
    assert blind.get(f"/api/v1/cases/{case.tracking_number}/").status_code == 404
    supervise = blind.post(f"/api/v1/cases/{case.tracking_number}/actions/supervise/",
                           {"level": "red"})
    assert supervise.status_code == 404
