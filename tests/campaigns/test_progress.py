"""Progress per grid, community and street, the Breteau index with known numbers, and the
results export, for whoever runs the campaign."""

import csv
import io
from collections import Counter
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField, Task
from events.campaigns.services import task_result_save
from tests.campaigns.conftest import COMMUNITY, make_campaign


def complete(task, actor, **answers):
    return task_result_save(task=task, actor=actor, data=answers)


def test_progress_per_grid_counts_tasks_done_and_overdue(api, cast, dengue):
    tasks = Task.objects.filter(campaign=dengue).order_by("grid_code", "id")
    first_grid = tasks.first().grid_code
    in_first = list(tasks.filter(grid_code=first_grid))
    for task in in_first[:3]:
        complete(task, cast.worker, positive_containers=0)
    Task.objects.filter(pk__in=[t.pk for t in in_first[3:5]]).update(
        due_at=timezone.now() - timedelta(hours=1))
    api.force_authenticate(cast.dispatcher)
    rows = api.get(f"/api/v1/campaigns/{dengue.pk}/progress?level=grid").json()["rows"]
    per_grid = Counter(tasks.values_list("grid_code", flat=True))
    assert {r["code"]: r["total"] for r in rows} == dict(per_grid)
    first = next(r for r in rows if r["code"] == first_grid)
    assert (first["done"], first["overdue"]) == (3, 2)
    assert first["rate"] == round(3 / len(in_first), 4) and first["name"]
    community = api.get(f"/api/v1/campaigns/{dengue.pk}/progress?level=community").json()
    assert community["rows"] == [{"code": COMMUNITY, "name": community["rows"][0]["name"],
                                  "total": tasks.count(), "done": 3, "overdue": 2,
                                  "rate": round(3 / tasks.count(), 4)}]
    street = api.get(f"/api/v1/campaigns/{dengue.pk}/progress?level=street").json()["rows"]
    assert [(r["code"], r["total"], r["done"]) for r in street] == [
        (COMMUNITY[:9], tasks.count(), 3)]


@pytest.fixture
def street_dengue(cast, demo):
    campaign = make_campaign(name="登革热蚊媒孳生地清查（街道）", target=Campaign.Target.HOUSE,
                             region_code=COMMUNITY[:9], creator=cast.dispatcher, fields=[
                                 ("positive_containers", "阳性容器数", FormField.Kind.NUMBER,
                                  {})])
    campaign_launch(campaign=campaign)
    return campaign


def test_the_breteau_index_per_community_from_known_numbers(api, cast, street_dengue):
    tasks = Task.objects.filter(campaign=street_dengue).order_by("id")
    first, second = sorted(set(tasks.values_list("community_code", flat=True)))[:2]
    for task, containers in zip(tasks.filter(community_code=first), [0, 1, 2, 3]):
        complete(task, cast.worker, positive_containers=containers)
    for task, containers in zip(tasks.filter(community_code=second), [1, 0, 0, 0, ""]):
        complete(task, cast.worker, positive_containers=containers)
    api.force_authenticate(cast.dispatcher)
    rows = api.get(f"/api/v1/campaigns/{street_dengue.pk}/breteau").json()["rows"]
    assert [(r["code"], r["houses"], r["containers"], r["index"]) for r in rows] == [
        (first, 4, 6, 150.0), (second, 5, 1, 20.0)]


def test_the_results_export_as_csv_and_excel(api, cast, dengue):
    task = Task.objects.filter(campaign=dengue).order_by("id").first()
    complete(task, cast.worker, positive_containers=4, standing_water="false")
    api.force_authenticate(cast.dispatcher)
    answer = api.get(f"/api/v1/campaigns/{dengue.pk}/results.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode()
                                       .lstrip("\ufeff"))))
    assert len(rows) == 1 + Task.objects.filter(campaign=dengue).count()
    done = next(r for r in rows[1:] if r[0] == str(task.pk))
    assert done[rows[0].index("阳性容器数")] == "4" and done[rows[0].index("有积水")] == "否"
    book = openpyxl.load_workbook(io.BytesIO(
        api.get(f"/api/v1/campaigns/{dengue.pk}/results.xlsx").content))
    assert book.active.max_row == len(rows)


def test_a_campaign_is_not_there_for_an_outsider(api, cast, dengue):
    for user in (cast.other_dispatcher, cast.handler, cast.worker):
        api.force_authenticate(user)
        for path in ("progress", "breteau", "results.csv", "results.xlsx"):
            assert api.get(f"/api/v1/campaigns/{dengue.pk}/{path}").status_code == 404, path
        assert api.get("/api/v1/campaigns/").json()["results"] == []
    api.force_authenticate(None)
    for path in ("progress", "breteau", "results.csv"):
        assert api.get(f"/api/v1/campaigns/{dengue.pk}/{path}").status_code in (401, 403)


def test_the_command_centres_of_its_district_and_street_watch_a_campaign(api, cast, dengue):
    from events.campaigns.models import Campaign

    Campaign.objects.filter(pk=dengue.pk).update(created_by=cast.admin, department=None)
    for user in (cast.dispatcher, cast.leader, cast.street_dispatcher):
        api.force_authenticate(user)
        assert api.get(f"/api/v1/campaigns/{dengue.pk}/progress").status_code == 200
        assert [c["id"] for c in api.get("/api/v1/campaigns/").json()["results"]] == [dengue.pk]


def test_a_label_with_a_control_character_still_exports_to_excel(api, cast, dengue):
    dengue.fields.filter(key="standing_water").update(label="有\x07积水")
    api.force_authenticate(cast.dispatcher)
    answer = api.get(f"/api/v1/campaigns/{dengue.pk}/results.xlsx")
    assert answer.status_code == 200
    header = [c.value for c in next(openpyxl.load_workbook(io.BytesIO(answer.content))
                                    .active.iter_rows(max_row=1))]
    assert "有积水" in header
