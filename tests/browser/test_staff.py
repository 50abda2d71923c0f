"""A grid worker reports from patrol, the department resolves with a photo, the worker checks
on site and closes — in a phone-sized Chromium."""


from events.models import Case
from tests.browser.fixtures import login
from tests.helpers import jpeg


def photo_file(tmp_path):
    path = tmp_path / "scene.jpg"
    path.write_bytes(jpeg(size=(640, 480)).read())
    return str(path)


def sign_out(page):
    page.click("text=退出")
    page.wait_for_load_state("networkidle")


def test_patrol_report_resolved_by_the_department_and_closed_on_site(phone, tmp_path):
    login(phone, "worker")
    assert "/worker/" in phone.url
    phone.click("text=巡查上报")
    phone.fill("#subcategory-search", "井盖丢失")  # the searchable picker (combobox.js)
    phone.locator("#subcategory-list li", has_text="井盖丢失").first.click()
    phone.wait_for_selector("#patrol-map .leaflet-interactive")
    box = phone.locator("#patrol-map").bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert phone.input_value("#lat") and phone.input_value("#lon")
    phone.fill("textarea[name=description]", "人行道井盖缺失，已设临时警示")
    phone.set_input_files("input[name=photos]", photo_file(tmp_path))
    phone.shot("staff-1-patrol-form")
    phone.click("button[type=submit].primary")
    phone.wait_for_selector("text=已派遣")
    case = Case.objects.get()
    assert case.status == "dispatched" and case.department.code == "PSG"
    phone.shot("staff-2-patrol-dispatched")
    sign_out(phone)

    login(phone, "drainage")
    assert case.tracking_number in phone.content()
    phone.click("button.action-start")
    phone.goto(f"{phone.base}/cases/{case.tracking_number}/")
    form = phone.locator("form:has(button.action-resolve)")
    form.locator("textarea[name=note]").fill("已补装同规格井盖")
    form.locator("input[name=photos]").set_input_files(photo_file(tmp_path))
    form.locator("textarea[name=public_reply]").fill("井盖已补装，感谢您的反映")
    form.locator("input[name=publish_photos]").check()
    phone.shot("staff-3-department-resolving")
    form.locator("button.action-resolve").click()
    phone.wait_for_selector("text=已处置")
    sign_out(phone)

    login(phone, "worker")
    assert "现场核查" in phone.content()
    phone.click(f"a[href='/cases/{case.tracking_number}/']")
    phone.locator("form:has(button.action-close) textarea[name=note]").fill("现场核查合格")
    phone.once("dialog", lambda dialog: dialog.accept())  # 核查结案 asks first
    phone.click("button.action-close")
    phone.wait_for_selector(".status-closed")
    phone.shot("staff-4-closed")
    case.refresh_from_db()
    assert case.status == "closed"
    assert list(case.steps.values_list("action", flat=True)) == [
        "report", "accept", "dispatch", "start", "resolve", "close"]
    # What the department wrote for the public, and the photo it published, are the case's
    # public view; the worker's own words and photo are not.
    (shown,) = phone.request.get(
        f"{phone.base}/open311/v2/requests/{case.tracking_number}.json").json()
    assert shown["status_notes"] == "井盖已补装，感谢您的反映"
    assert shown["media_url"].endswith(case.photos.get(is_public=True).image.url)
    assert case.photos.filter(is_public=False).count() == 1


def test_an_assisting_department_signs_for_and_completes_its_task(phone, tmp_path):
    from django.contrib.auth import get_user_model

    from events.intake.services import Report, case_report
    from events.workflow import services as workflow
    from grids.models import Region
    from org.models import Department, Role, StaffProfile
    from taxonomy.models import Subcategory
    from tests.helpers import PASSWORD, interior_point

    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()
    justice = Department.objects.get(level="street", region_code=grid.parent.parent.code,
                                     function="司法所")
    user = get_user_model().objects.create_user("sfs", password=PASSWORD)
    StaffProfile.objects.create(user=user, role=Role.HANDLER, department=justice)
    lat, lon = interior_point(grid)
    case = case_report(report=Report(
        subcategory=Subcategory.objects.get(name_zh="邻里纠纷"), lat=lat, lon=lon,
        description="楼上漏水引发邻里矛盾，双方争执不下"), reporter=None, photos=[])
    workflow.perform(case=case, action="accept",
                     actor=get_user_model().objects.get(username="leader"))
    assert case.tasks.get().department == justice

    login(phone, "sfs")
    assert "/department/" in phone.url and case.tracking_number in phone.content()
    phone.shot("staff-tasks-1-inbox")
    phone.click("#assisting button.action-start")
    phone.wait_for_selector("#assisting button.action-resolve")
    phone.goto(f"{phone.base}/cases/{case.tracking_number}/")
    assert "权责事项" in phone.content() and "协办任务" in phone.content()
    form = phone.locator("form:has(button.action-resolve)")
    form.locator("textarea[name=note]").fill("司法所已组织双方调解，达成协议")
    form.locator("input[name=photos]").set_input_files(photo_file(tmp_path))
    phone.shot("staff-tasks-2-case-page")
    form.locator("button.action-resolve").click()
    phone.wait_for_selector("text=已办结")
    phone.shot("staff-tasks-3-done")
    task = case.tasks.get()
    assert task.status == "done" and task.note == "司法所已组织双方调解，达成协议"
