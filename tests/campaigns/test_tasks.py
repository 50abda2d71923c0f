"""A grid worker fills a task's form through the API, and a finding files a case in one step."""

from pathlib import Path

import pytest
from django.db import DatabaseError

from events.campaigns.models import Task
from events.models import Case, Source
from tests.helpers import jpeg


def first_task(campaign) -> Task:
    return Task.objects.filter(campaign=campaign).select_related("house", "address").order_by(
        "id").first()


def test_the_worker_sees_todays_tasks_with_the_form(api, cast, dengue):
    api.force_authenticate(cast.worker)
    listed = api.get("/api/v1/tasks/").json()
    assert listed["count"] == Task.objects.filter(campaign=dengue).count()
    task = first_task(dengue)
    form = api.get(f"/api/v1/tasks/{task.pk}/").json()
    assert [f["key"] for f in form["fields"]] == ["positive_containers", "standing_water",
                                                  "rented", "residents", "photo"]
    assert form["prefill"]["residents"] == task.house.registered_residents


def test_a_worker_saves_a_result_with_a_photo_and_it_is_kept_once(api, cast, dengue):
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    answer = api.post(f"/api/v1/tasks/{task.pk}/result/", {
        "positive_containers": "3", "standing_water": "true", "photo": jpeg(),
        "finding": "true", "note": "天台积水"}, format="multipart")
    assert answer.status_code == 201, answer.content
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.done_by == cast.worker
    assert task.answers["positive_containers"] == 3 and task.answers["standing_water"] is True
    assert task.photos.count() == 1 and task.answers["photo"] == task.photos.get().image.name
    again = api.post(f"/api/v1/tasks/{task.pk}/result/", {"positive_containers": "1"},
                     format="json")
    assert again.status_code == 409


def test_a_result_that_fails_after_its_photo_was_written_leaves_no_file(api, cast, dengue,
                                                                          settings, monkeypatch):
    """The register write fails after the photo is on disk: the task stays open and the
    file goes with the rolled-back row."""
    def failing_write(**_):
        raise DatabaseError("the register's table is locked")

    monkeypatch.setattr("events.campaigns.services.register_write", failing_write)
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    with pytest.raises(DatabaseError):
        api.post(f"/api/v1/tasks/{task.pk}/result/", {
            "positive_containers": "3", "photo": jpeg()}, format="multipart")
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN and not task.photos.exists()
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))


def test_a_result_sent_again_with_its_key_is_answered_as_before_not_refused(api, cast, dengue):
    """An offline phone that never heard the answer sends the same result again."""
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    result = {"positive_containers": "2", "photo": jpeg(), "note": "花盆积水"}
    first = api.post(f"/api/v1/tasks/{task.pk}/result/", result, format="multipart",
                     HTTP_IDEMPOTENCY_KEY="task-result-1")
    result["photo"] = jpeg()
    again = api.post(f"/api/v1/tasks/{task.pk}/result/", result, format="multipart",
                     HTTP_IDEMPOTENCY_KEY="task-result-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert task.photos.count() == 1
    other = api.post(f"/api/v1/tasks/{task.pk}/result/", {"positive_containers": "5"},
                     format="json", HTTP_IDEMPOTENCY_KEY="task-result-1")
    assert other.status_code == 422


def test_a_result_with_a_wrong_answer_names_the_field(api, cast, dengue):
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    answer = api.post(f"/api/v1/tasks/{task.pk}/result/", {"standing_water": "maybe"},
                      format="json")
    assert answer.status_code == 400
    assert set(answer.json()) == {"positive_containers", "standing_water"}
    assert Task.objects.get(pk=task.pk).status == Task.Status.OPEN


def test_a_finding_files_a_case_in_one_step_with_place_subcategory_and_photo(api, cast, dengue,
                                                                             demo):
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    api.post(f"/api/v1/tasks/{task.pk}/result/", {"positive_containers": "2", "photo": jpeg(),
                                                  "finding": "true"}, format="multipart")
    answer = api.post(f"/api/v1/tasks/{task.pk}/case/", {}, format="json")
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(tracking_number=answer.json()["tracking_number"])
    assert case.subcategory == demo.vending and case.source == Source.GRID_WORKER
    assert (case.lat, case.lon) == (task.address.lat, task.address.lon)
    assert case.grid.code == task.grid_code and case.reporter == cast.worker
    assert case.photos.count() == 1 and dengue.name in case.description
    assert Task.objects.get(pk=task.pk).case == case
    assert api.post(f"/api/v1/tasks/{task.pk}/case/", {}, format="json").status_code == 409


def test_a_result_without_a_finding_files_no_case(api, cast, dengue):
    api.force_authenticate(cast.worker)
    task = first_task(dengue)
    api.post(f"/api/v1/tasks/{task.pk}/result/", {"positive_containers": 0}, format="json")
    assert api.post(f"/api/v1/tasks/{task.pk}/case/", {}, format="json").status_code == 400


@pytest.mark.parametrize("who", ["other_worker", "handler", "dispatcher"])
def test_a_task_outside_the_callers_grids_does_not_exist_for_it(api, cast, dengue, who):
    api.force_authenticate(getattr(cast, who))
    task = first_task(dengue)
    expected = 404 if who == "other_worker" else 403
    listed = api.get("/api/v1/tasks/")
    assert listed.status_code == 200 if who == "other_worker" else 403
    assert who != "other_worker" or listed.json()["count"] == 0
    assert api.get(f"/api/v1/tasks/{task.pk}/").status_code == expected
    assert api.post(f"/api/v1/tasks/{task.pk}/result/", {"positive_containers": 1},
                    format="json").status_code == expected
    assert api.post(f"/api/v1/tasks/{task.pk}/case/", {}, format="json").status_code == expected
    assert Task.objects.get(pk=task.pk).status == Task.Status.OPEN


def test_a_stranger_is_refused_every_task_endpoint(api, dengue):
    task = first_task(dengue)
    for path in ("/api/v1/tasks/", f"/api/v1/tasks/{task.pk}/"):
        assert api.get(path).status_code in (401, 403)
    for path in (f"/api/v1/tasks/{task.pk}/result/", f"/api/v1/tasks/{task.pk}/case/"):
        assert api.post(path, {}, format="json").status_code in (401, 403)
