"""A grid worker completes a dengue-campaign task on a phone and files a case from its finding
in one step; the command centre then colours the communities by the Breteau index."""

from events.campaigns.models import Task
from events.models import Case, Source
from tests.browser.fixtures import ARTIFACTS, dengue_campaign, login
from tests.helpers import PASSWORD, jpeg

DESKTOP = {"width": 1280, "height": 800}


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
    phone.wait_for_selector("#finding-case")  # saved through the outbox, with its key
    assert "结果已保存" in phone.locator("#task-result h2").inner_text()
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
    # One house inspected, three positive containers: BI = 100 × 3 ÷ 1.
    desk.locator("path[fill='#c92a2a']").hover()
    assert "BI 300（1 户）" in desk.locator(".leaflet-tooltip").inner_text()
    desk.wait_for_timeout(500)
    desk.screenshot(path=str(ARTIFACTS / "campaign-5-command-breteau.png"))
    context.close()
