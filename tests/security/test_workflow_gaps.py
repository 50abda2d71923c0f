"""Holes found by trying the platform as an attacker would: each closed here."""

import pytest
from django.contrib.auth import get_user_model

from events.models import Case, CasePhoto, Status
from events.workflow import services as workflow
from grids.models import Region
from tests.helpers import client_for, interior_point, jpeg


def _resolved_by_the_worker(file_case, cast) -> Case:
    case = file_case()
    case = workflow.perform(case=case, action="accept", actor=cast.dispatcher)
    return workflow.perform(case=case, action="self_resolve", actor=cast.worker,
                            params={"note": "现场已处理"}, photos=[jpeg()])


@pytest.mark.parametrize("action", ["close", "rework"])
def test_whoever_resolved_a_case_can_neither_close_nor_rework_it(file_case, cast, action):
    case = _resolved_by_the_worker(file_case, cast)
    answer = client_for(cast.worker).post(
        f"/api/v1/cases/{case.tracking_number}/actions/{action}/",
        {"note": "自己核查", "reason": "自己返工"}, format="json")
    assert answer.status_code == 409
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED
    assert action not in workflow.allowed_actions(case, cast.worker)
    assert action in workflow.allowed_actions(case, cast.leader)


def test_a_citizens_rating_takes_no_photos(file_case, cast, api):
    from tests.helpers import close

    case = close(file_case())
    before = CasePhoto.objects.filter(case=case).count()
    answer = api.post(f"/api/v1/cases/{case.tracking_number}/actions/rate/",
                      {"token": case.tracking_secret, "rating": "5", "photos": [jpeg()]},
                      format="multipart")
    assert answer.status_code == 400 and "photos" in answer.json()
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    assert CasePhoto.objects.filter(case=case).count() == before


def test_a_grid_workers_report_outside_its_grids_waits_for_acceptance(cast, demo, api):
    mine = set(cast.worker.grid_assignments.values_list("grid_code", flat=True))
    elsewhere = Region.objects.filter(generation__is_active=True, level="grid").exclude(
        code__in=mine).order_by("-code").first()
    lat, lon = interior_point(elsewhere)
    answer = client_for(cast.worker).post("/api/v1/cases/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "路过看到"},
        format="json")
    assert answer.status_code == 201
    case = Case.objects.get(tracking_number=answer.json()["tracking_number"])
    assert case.status == Status.REPORTED and case.grid == elsewhere
    assert not case.steps.filter(action="accept").exists()


def _answers(client, number: str) -> list[tuple[int, bytes]]:
    return [(r.status_code, r.content) for r in (
        client.get(f"/api/v1/cases/{number}/"),
        client.post(f"/api/v1/cases/{number}/actions/accept/", {}, format="json"),
        client.post(f"/api/v1/cases/{number}/actions/no_such_action/", {}, format="json"),
    )]


def test_not_found_and_not_yours_answer_identically(file_case, cast):
    case = file_case()
    for outsider in (cast.other_dispatcher, cast.other_handler, cast.other_worker):
        client = client_for(outsider)
        theirs, missing = _answers(client, case.tracking_number), _answers(client, "20990101-1")
        assert theirs == missing, outsider.username
        assert {status for status, _body in theirs} == {404}
    assert client_for(cast.other_dispatcher).get(
        f"/api/v1/cases/{case.tracking_number}/").json() == {"detail": "案件不存在。"}


def test_a_grid_summary_outside_the_callers_street_names_nobody(cast):
    other_street = Region.objects.filter(generation__is_active=True, level="grid").exclude(
        code__startswith="440604001").order_by("code").first()
    client = client_for(cast.street_dispatcher)
    answer = client.get(f"/api/v1/stats/grid/{other_street.code}")
    assert answer.status_code == 404 and "worker" not in answer.json()
    own = client.get(f"/api/v1/stats/grid/{cast.worker.grid_assignments.first().grid_code}")
    assert own.status_code == 200 and own.json()["worker"]


def test_a_staff_member_whose_scope_does_not_exist_sees_no_grid(file_case, cast):
    lost = get_user_model().objects.create_user("lost-dispatcher")
    from org.models import Role, StaffProfile

    StaffProfile.objects.create(user=lost, role=Role.DISPATCHER, scope_code="999999")
    case = file_case()
    assert client_for(lost).get(f"/api/v1/stats/grid/{case.grid.code}").status_code == 404
    assert client_for(lost).get("/api/v1/cases/").json()["count"] == 0
