"""A grid worker completes a dengue-campaign task on a phone and files a case from its finding
in one step; the command centre then colours the communities by the Breteau index."""

import pytest
from django.contrib.auth import get_user_model

from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField, Task
from events.models import Case, Source
from taxonomy.models import Subcategory
from tests.browser.fixtures import ARTIFACTS, login
from tests.campaigns.conftest import COMMUNITY, make_campaign
from tests.helpers import PASSWORD, jpeg

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = {"width": 1280, "height": 800}


def dengue_campaign() -> Campaign:
    users = get_user_model().objects
    campaign = make_campaign(
        name="登革热蚊媒孳生地清查", target=Campaign.Target.HOUSE, region_code=COMMUNITY,
        creator=users.get(username="dispatcher"),
        finding_subcategory=Subcategory.objects.get(name_zh="暴露垃圾"), fields=[
            ("positive_containers", "阳性容器数", FormField.Kind.NUMBER, {"required": True}),
            ("standing_water", "有积水", FormField.Kind.YES_NO, {}),
            ("photo", "现场照片", FormField.Kind.PHOTO, {}),
        ])
    campaign_launch(campaign=campaign)
    return campaign


def test_a_worker_completes_a_task_and_files_a_case_from_the_finding(phone, browser,
                                                                     live_server, tmp_path):
    campaign = dengue_campaign()
    photo = tmp_path / "water.jpg"
    photo.write_bytes(jpeg(size=(640, 480)).read())
    login(phone, "worker")
    today = phone.locator("#today-tasks")
    assert "今日任务" in today.inner_text()
    phone.shot("campaign-1-worker-today")
    today.locator("a.case-link").first.click()
    phone.wait_for_selector("#task-form")
    phone.fill("input[name=positive_containers]", "3")
    phone.check("input[name=standing_water][value=true]")
    phone.set_input_files("input[name=photo]", str(photo))
    phone.fill("textarea[name=note]", "天台花盆积水，有孑孓")
    phone.check("input[name=finding]")
    phone.shot("campaign-2-task-form")
    phone.click("#task-form button[type=submit]")
    phone.wait_for_selector("#finding-case")
    assert "结果已保存。" in phone.locator(".message").inner_text()
    assert phone.input_value("#finding-case select[name=subcategory]") \
        == campaign.finding_subcategory.code
    phone.shot("campaign-3-result-and-finding")
    phone.click("#finding-case button[type=submit]")
    phone.wait_for_url("**/cases/**")
    task = Task.objects.get(campaign=campaign, status=Task.Status.DONE)
    case = Case.objects.get(pk=task.case_id)
    assert case.source == Source.GRID_WORKER and case.subcategory.name_zh == "暴露垃圾"
    assert (case.lat, case.lon) == (task.address.lat, task.address.lon)
    assert case.photos.count() == 1 and "天台花盆积水" in case.description
    assert case.tracking_number in phone.content() and "结果已保存" not in phone.content()
    phone.shot("campaign-4-case-filed")

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    desk = context.new_page()
    desk.set_default_timeout(20_000)
    desk.base = live_server.url
    login(desk, "dispatcher", PASSWORD)
    desk.goto(f"{live_server.url}/command/")
    desk.wait_for_function("window.govCommand !== undefined")
    desk.select_option("#breteau-campaign", str(campaign.pk))
    desk.wait_for_selector("#breteau-campaign[data-state=shown]")
    assert desk.get_attribute("#breteau-campaign", "data-communities") == "1"
    # The community inspected is coloured by its index (300: the red grade).
    assert desk.locator("path[fill='#c92a2a']").count() == 1
    desk.wait_for_timeout(500)
    desk.screenshot(path=str(ARTIFACTS / "campaign-5-command-breteau.png"))
    context.close()
