"""The worker's 今日任务 on /worker/, a task's form page, and the campaign page with progress and
the Breteau index; pages of others do not exist for a caller."""

from events.campaigns.models import Task
from tests.helpers import PASSWORD


def test_the_worker_page_lists_todays_tasks_and_the_form_saves_a_result(client, cast, dengue):
    client.login(username="worker", password=PASSWORD)
    page = client.get("/worker/").content.decode()
    count = Task.objects.filter(campaign=dengue).count()
    assert "今日任务" in page and f"<small>{count}</small>" in page
    task = Task.objects.filter(campaign=dengue).order_by("due_at", "grid_code", "id").first()
    assert f"/worker/tasks/{task.pk}/" in page
    form = client.get(f"/worker/tasks/{task.pk}/").content.decode()
    assert "阳性容器数" in form and 'name="positive_containers"' in form
    answer = client.post(f"/worker/tasks/{task.pk}/", {"positive_containers": "2",
                                                       "finding": "true"})
    assert answer.status_code == 302
    done = client.get(f"/worker/tasks/{task.pk}/").content.decode()
    assert 'id="finding-case"' in done
    assert Task.objects.get(pk=task.pk).answers["positive_containers"] == 2


def test_the_task_form_goes_through_the_offline_outbox_and_today_s_tasks_are_cached(
        client, cast, dengue):
    client.login(username="worker", password=PASSWORD)
    task = Task.objects.filter(campaign=dengue).order_by("due_at", "grid_code", "id").first()
    home = client.get("/worker/").content.decode()
    assert f'href="/worker/tasks/{task.pk}/" data-offline-page' in home
    form = client.get(f"/worker/tasks/{task.pk}/").content.decode()
    assert f'data-outbox-api="/api/v1/tasks/{task.pk}/result/"' in form
    assert f'data-outbox-done="/worker/tasks/{task.pk}/"' in form
    for linked in ('rel="manifest"', 'id="offline-outbox"', "/static/offline/outbox.js",
                   "/static/offline/report_form.js"):
        assert linked in form, linked


def test_a_wrong_answer_shows_the_form_again_with_the_error(client, cast, dengue):
    client.login(username="worker", password=PASSWORD)
    task = Task.objects.filter(campaign=dengue).first()
    answer = client.post(f"/worker/tasks/{task.pk}/", {"positive_containers": "many"})
    assert answer.status_code == 400 and 'role="alert"' in answer.content.decode()


def test_the_campaign_page_shows_progress_and_the_breteau_index(client, cast, dengue):
    from events.campaigns.services import task_result_save

    task = Task.objects.filter(campaign=dengue).first()
    task_result_save(task=task, actor=cast.worker, data={"positive_containers": 3})
    client.login(username="dispatcher", password=PASSWORD)
    page = client.get(f"/campaigns/{dengue.pk}/").content.decode()
    assert 'id="breteau"' in page and "<td>300.0</td>" in page
    assert "/results.csv" in page and "/results.xlsx" in page
    command = client.get("/command/").content.decode()
    assert 'id="breteau-campaign"' in command and dengue.name in command


def test_campaign_and_task_pages_do_not_exist_for_outsiders(client, cast, dengue):
    task = Task.objects.filter(campaign=dengue).first()
    for user in ("handler", "zumiao"):
        client.login(username=user, password=PASSWORD)
        assert client.get(f"/worker/tasks/{task.pk}/").status_code == 404
        assert client.post(f"/worker/tasks/{task.pk}/case/").status_code == 404
    client.login(username="handler", password=PASSWORD)
    assert client.get(f"/campaigns/{dengue.pk}/").status_code == 404
    assert 'id="breteau-campaign"' not in client.get("/command/").content.decode()
    client.logout()
    assert client.get(f"/campaigns/{dengue.pk}/").status_code == 302
