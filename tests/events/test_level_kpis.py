"""KPIs per level (分级处置): 就地解决率 and the moves between levels, per street and community,
with known numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Case, CaseStep, Status
from events.stats import reads as stats
from grids.models import Region
from org.models import Department
from tests.helpers import client_for, interior_point

TODAY = timezone.localdate()
PERIOD = {"date_from": TODAY - timedelta(days=29), "date_to": TODAY}


def grid_in(community=None, *, not_street=None):
    grids = Region.objects.filter(generation__is_active=True, level="grid")
    if community is not None:
        grids = grids.filter(parent=community)
    if not_street is not None:
        grids = grids.exclude(parent__parent=not_street)
    return grids.order_by("code").first()


def closed(case, *, by=None, department=None, days_ago=1):
    Case.objects.filter(pk=case.pk).update(
        status=Status.CLOSED, resolved_by=by, department=department or case.department,
        closed_at=timezone.now() - timedelta(days=days_ago))
    return case


def step(case, action, days_ago=1):
    CaseStep.objects.create(case=case, action=action, role="dispatcher",
                            from_status=case.status, to_status=case.status,
                            created_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def district(demo, cast, file_case):
    """Seven cases in two communities of 祖庙街道 (A1, A2) and one of another street (B)."""
    a1 = demo.first_grid.parent
    street = a1.parent
    a2 = Region.objects.filter(parent=street).exclude(pk=a1.pk).order_by("code").first()
    b = grid_in(not_street=street)

    def file_in(grid):
        lat, lon = interior_point(grid)
        return file_case(lat=lat, lon=lon)

    committee = Department.objects.get(kind="community", region_code=a1.code)
    psg = Department.objects.get(code="PSG")
    c1 = closed(file_in(demo.first_grid), by=cast.worker)  # the grid worker: local
    closed(file_in(demo.first_grid), department=committee)  # the committee: local
    c3 = closed(file_in(demo.first_grid), by=cast.handler, department=psg)
    c4 = closed(file_in(grid_in(a2)), by=cast.handler, department=psg)
    closed(file_in(b), by=cast.other_worker)  # local, in street B
    c6 = file_in(demo.first_grid)  # still open: not closed, its steps count
    closed(file_in(demo.first_grid), by=cast.worker, days_ago=40)  # closed before the period
    step(c1, "report_up")
    step(c3, "report_up")
    step(c3, "hand_down")
    step(c6, "hand_down")
    step(c4, "reassign")
    step(c4, "reassign")
    step(c4, "report_up", days_ago=40)  # before the period
    step(c4, "dispatch")  # not a move between levels
    return {"street": street.code, "other": b.parent.parent.code, "a1": a1.code,
            "a2": a2.code, "b": b.parent.code}


def figures(result):
    return {row["key"]: (row["closed"], row["solved_locally"], row["local_rate"],
                         row["reported_up"], row["handed_down"], row["reassigned"])
            for row in result["rows"]}


def test_the_local_resolution_rate_and_moves_per_street(cast, district):
    result = stats.level_kpis(user=cast.leader, group_by="street", **PERIOD)
    assert figures(result) == {district["street"]: (4, 2, 0.5, 2, 2, 2),
                               district["other"]: (1, 1, 1.0, 0, 0, 0)}
    assert result["total"] == {"closed": 5, "solved_locally": 3, "local_rate": 0.6,
                               "reported_up": 2, "handed_down": 2, "reassigned": 2}
    assert result["rows"][0]["name"] == "祖庙街道"


def test_the_local_resolution_rate_and_moves_per_community(cast, district):
    result = stats.level_kpis(user=cast.leader, group_by="community", **PERIOD)
    assert figures(result) == {district["a1"]: (3, 2, 0.6667, 2, 2, 0),
                               district["a2"]: (1, 0, 0.0, 0, 0, 2),
                               district["b"]: (1, 1, 1.0, 0, 0, 0)}


def test_a_street_dispatcher_sees_the_figures_of_their_street_only(cast, district):
    result = stats.level_kpis(user=cast.street_dispatcher, group_by="street", **PERIOD)
    assert list(figures(result)) == [district["street"]]


def test_the_level_api_answers_command_staff_in_json_and_csv(cast, district):
    from events.stats.refresh import bump_version

    bump_version()  # answers are cached per statistics version: not one of an earlier test
    url = "/api/v1/stats/levels"
    assert client_for(None).get(url).status_code in (401, 403)
    for outsider in (cast.handler, cast.worker):
        assert client_for(outsider).get(url).status_code == 403
    client = client_for(cast.leader)
    body = client.get(url, {"group_by": "community"}).json()
    assert body == stats.level_kpis(user=cast.leader, group_by="community", **PERIOD)
    text = b"".join(client.get(url, {"output": "csv"}).streaming_content).decode()
    assert text.startswith("\ufeffkey,name,closed,solved_locally,local_rate") and "祖庙街道" in text
    assert client.get(url, {"group_by": "grid"}).status_code == 400
