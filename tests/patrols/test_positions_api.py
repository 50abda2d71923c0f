"""The patrol API's scoping and its refusal of positions no phone on foot would record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.patrols import services
from events.patrols.models import Patrol
from tests.patrols.conftest import as_json, point

pytestmark = pytest.mark.django_db


def positions_url(patrol):
    return f"/api/v1/patrols/{patrol.pk}/positions/"


@pytest.fixture
def started(api, patroller):
    api.force_authenticate(patroller)
    answer = api.post("/api/v1/patrols/")
    assert answer.status_code == 201
    return Patrol.objects.get(pk=answer.json()["id"])


def test_starting_twice_finds_the_patrol_already_open(api, started):
    again = api.post("/api/v1/patrols/")
    assert again.status_code == 200 and again.json()["id"] == started.pk


def test_a_batch_of_positions_is_kept_and_sending_it_again_adds_nothing(api, started, grids):
    now = timezone.now()
    batch = as_json([point(grids[0], m, start=now - timedelta(minutes=3)) for m in range(3)])
    Patrol.objects.filter(pk=started.pk).update(started_at=now - timedelta(minutes=5))
    first = api.post(positions_url(started), {"positions": batch}, format="json")
    assert first.status_code == 200
    assert first.json() == {"accepted": 3, "duplicates": 0, "refused": []}
    again = api.post(positions_url(started), {"positions": batch}, format="json")
    assert again.json() == {"accepted": 0, "duplicates": 3, "refused": []}
    assert started.positions.count() == 3


def test_absurd_accuracy_speed_and_timestamps_are_refused_one_by_one(api, started, grids,
                                                                      settings):
    settings.PATROL_MAX_ACCURACY_M, settings.PATROL_MAX_SPEED_KMH = 100, 60
    now = timezone.now()
    Patrol.objects.filter(pk=started.pk).update(started_at=now - timedelta(minutes=10))
    good = point(grids[0], 0, start=now - timedelta(minutes=5))
    blurred = point(grids[0], 1, start=now - timedelta(minutes=5), accuracy=2000)
    # 0.1° of latitude (about 11 km) one minute after the good one: 660 km/h.
    flying = {**point(grids[0], 1, start=now - timedelta(minutes=5)), "lat": good["lat"] + 0.1}
    before_start = point(grids[0], 0, start=now - timedelta(hours=1))
    future = point(grids[0], 0, start=now + timedelta(hours=1))
    answer = api.post(positions_url(started), {"positions": as_json(
        [good, blurred, flying, before_start, future])}, format="json")
    assert answer.json() == {"accepted": 1, "duplicates": 0, "refused": [
        {"index": 1, "reason": "accuracy"}, {"index": 2, "reason": "speed"},
        {"index": 3, "reason": "time"}, {"index": 4, "reason": "time"}]}


def test_a_malformed_batch_is_refused_whole(api, started):
    answer = api.post(positions_url(started), {"positions": [
        {"lat": 123, "lon": 113.1, "accuracy": 5, "recorded_at": "yesterday"}]}, format="json")
    assert answer.status_code == 400
    assert started.positions.count() == 0


def test_positions_are_accepted_only_while_the_patrol_is_open(api, started, grids):
    ended = api.post(f"/api/v1/patrols/{started.pk}/end/")
    assert ended.status_code == 200 and ended.json()["ended_at"]
    late = api.post(positions_url(started), {"positions": as_json([point(
        grids[0], 0, start=timezone.now())])}, format="json")
    assert late.status_code == 409
    assert api.post(f"/api/v1/patrols/{started.pk}/end/").status_code == 409
    assert started.positions.count() == 0


def test_a_worker_cannot_post_positions_to_another_workers_patrol(api, started, cast, grids):
    api.force_authenticate(cast.worker)
    answer = api.post(positions_url(started), {"positions": as_json([point(
        grids[0], 0, start=timezone.now())])}, format="json")
    assert answer.status_code == 404
    assert api.post(f"/api/v1/patrols/{started.pk}/end/").status_code == 404
    assert api.get(f"/api/v1/patrols/{started.pk}/").status_code == 404


def test_only_grid_workers_start_patrols_and_anonymous_callers_are_refused(api, cast):
    api.force_authenticate(cast.dispatcher)
    assert api.post("/api/v1/patrols/").status_code == 403
    api.force_authenticate(None)
    assert api.post("/api/v1/patrols/").status_code in (401, 403)
    assert Patrol.objects.count() == 0


def test_the_log_is_for_the_worker_and_the_command_centre_over_its_grids(api, patroller,
                                                                          cast, grids):
    patrol, _ = services.patrol_start(worker=patroller)
    for user, status in [(patroller, 200), (cast.dispatcher, 200),
                         (cast.street_dispatcher, 200), (cast.village, 200),
                         (cast.other_dispatcher, 404), (cast.other_worker, 404),
                         (cast.handler, 404)]:
        api.force_authenticate(user)
        assert api.get(f"/api/v1/patrols/{patrol.pk}/").status_code == status, user


def test_the_log_lists_the_cases_the_worker_filed_while_the_patrol_was_open(
        api, patroller, grids, demo):
    from events.intake.services import Report, case_report
    from events.models import Source
    from org.models import Role
    from tests.helpers import interior_point

    def report():
        lat, lon = interior_point(grids[0])
        return case_report(report=Report(subcategory=demo.manhole, lat=lat, lon=lon,
                                         description="巡查发现", source=Source.GRID_WORKER),
                           reporter=patroller, role=Role.GRID_WORKER)

    before = report()
    patrol, _ = services.patrol_start(worker=patroller)
    during = report()
    services.patrol_end(patrol=patrol)
    report()  # after the patrol
    api.force_authenticate(patroller)
    log = api.get(f"/api/v1/patrols/{patrol.pk}/").json()
    assert [c["tracking_number"] for c in log["cases"]] == [during.tracking_number]
    assert before.tracking_number != during.tracking_number


def test_the_log_lists_the_task_results_the_worker_saved_while_the_patrol_was_open(
        api, client, patroller, grids, cast):
    from events.campaigns.launch import campaign_launch
    from events.campaigns.models import Campaign, FormField, Task
    from events.campaigns.services import task_result_save
    from tests.campaigns.conftest import make_campaign
    from tests.helpers import PASSWORD

    campaign = make_campaign(name="网格环境巡检", target=Campaign.Target.GRID, fields=[
        ("clean", "环境整洁", FormField.Kind.YES_NO, {})])
    campaign_launch(campaign=campaign)
    before, during, after = (Task.objects.get(campaign=campaign, grid_code=g.code)
                             for g in grids)
    task_result_save(task=before, actor=patroller, data={"clean": "true"})
    patrol, _ = services.patrol_start(worker=patroller)
    task_result_save(task=during, actor=patroller, data={"clean": "false", "finding": "true"})
    services.patrol_end(patrol=patrol)
    task_result_save(task=after, actor=patroller, data={"clean": "true"})

    api.force_authenticate(cast.street_dispatcher)
    (result,) = api.get(f"/api/v1/patrols/{patrol.pk}/").json()["task_results"]
    assert (result["task"], result["campaign"], result["grid"], result["finding"]) == (
        during.pk, "网格环境巡检", grids[1].code, True)
    client.login(username="patroller", password=PASSWORD)
    page = client.get(f"/patrols/{patrol.pk}/").content.decode()
    assert f'href="/worker/tasks/{during.pk}/"' in page
    assert f"/worker/tasks/{before.pk}/" not in page and f"/worker/tasks/{after.pk}/" not in page
