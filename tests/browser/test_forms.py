"""The forms in Chromium, on a phone and on a desktop: the citizen's errors beside their fields,
立案 with another department than routing's, confirmations on the page the action came from,
and the on-site check's 返工 and 核查结案 as two different, confirmed, actions."""

import pytest

from events.intake.services import Report, case_report
from events.models import Case
from taxonomy.models import Subcategory
from tests.browser.fixtures import ARTIFACTS, PHONE, login
from tests.browser.test_citizen import first_grid
from tests.browser.test_staff import photo_file, sign_out
from tests.helpers import interior_point

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser, live_server, district):
    """A phone-sized touch page, or a desktop window; `page.shot(name)` saves a screenshot."""
    size = request.param
    options = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True,
               "has_touch": True} if size == "phone" else {"viewport": DESKTOP}
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations say yes

    def shot(name: str):
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"forms-{size}-{name}.png"), full_page=True)

    page.shot = shot
    yield page
    context.close()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tap(page, selector: str) -> None:
    page.locator(selector).click()


def pick(page, category: str, subcategory: str) -> None:
    """The citizen form's category picker, clicked (a desktop has no touch)."""
    page.get_by_role("button", name=category, exact=True).click()
    page.locator("#picker-subs-list button", has_text=subcategory).first.click()
    page.wait_for_selector("#picker-chosen:not([hidden])")


def test_the_citizen_form_shows_each_error_beside_its_field(page):
    cases = Case.objects.count()
    page.goto(f"{page.base}/report/")
    page.wait_for_function("window.citizenReport !== undefined")
    tap(page, "#submit")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "请修改以下内容" in summary.inner_text()
    assert page.locator("#subcategory-error").is_visible()
    assert page.locator("#description-error").is_visible()
    assert page.get_attribute("#picker-search", "aria-invalid") == "true"
    assert page.get_attribute("#description", "aria-describedby") == "description-error"
    assert focused_id(page) == "picker-search"  # the first wrong field, not the page's end
    assert page.locator("#lat-error").is_visible()  # where: beside the coordinates, unfolded
    page.shot("1-citizen-missing")

    pick(page, "市政公用设施", "井盖丢失")
    page.fill("#description", "井盖不见了")
    page.fill("#lat", "91")
    page.fill("#lon", "113.1")
    # Past the page's own checks (which want a point, not its range): the server's answer.
    page.evaluate("HTMLFormElement.prototype.submit.call(document.getElementById('report-form'))")
    page.locator("#lat-error").wait_for()
    assert "纬度" in page.locator("#lat-error").inner_text()
    assert page.evaluate("document.getElementById('coords').open")  # not folded away
    assert page.get_attribute("#lat", "aria-invalid") == "true"
    assert focused_id(page) == "lat"
    assert page.input_value("#description") == "井盖不见了"
    page.locator(".error-summary a[href='#lat']").wait_for()
    page.shot("2-citizen-wrong-latitude")
    assert Case.objects.count() == cases, "nothing filed"


def test_dispatch_to_another_department_then_rework_and_close_on_site(page, tmp_path):
    lat, lon = interior_point(first_grid())
    case = case_report(report=Report(subcategory=Subcategory.objects.get(name_zh="井盖丢失"),
                                     lat=lat, lon=lon, description="人行道井盖缺失"))
    number = case.tracking_number
    assert case.department.code == "PSG"

    login(page, "dispatcher")
    form = page.locator(f"form.accept-form:has(#why-{number})")
    why = form.locator(f"#why-{number}").inner_text()
    assert case.matter.code in why and "排水公司" in why
    form.locator("select[name=department]").select_option("CGJ")
    page.shot("3-queue-picker")
    form.locator("button.action-accept").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/dispatch/")
    assert number in page.locator(".messages").inner_text()
    page.shot("4-accepted-message-on-queue")
    case.refresh_from_db()
    assert (case.status, case.department.code) == ("dispatched", "CGJ")
    sign_out(page)

    login(page, "handler")  # 城管, the department chosen at 立案
    page.locator(f"form[action='/cases/{number}/act/start/'] button").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/department/") and "签收" in page.locator(".messages").inner_text()
    page.shot("5-signed-message-on-inbox")
    page.goto(f"{page.base}/cases/{number}/")
    resolve = page.locator("#resolve-form")
    assert "结案标准" in resolve.locator(".requirements").inner_text()
    assert "必须上传处置结果照片" in resolve.inner_text()
    assert page.get_attribute("#resolve-photos", "required") is not None
    resolve.scroll_into_view_if_needed()
    page.shot("6-resolve-requirements")
    resolve_case(page, tmp_path, "已补装井盖")
    sign_out(page)

    login(page, "worker")
    page.goto(f"{page.base}/cases/{number}/")
    rework, close = page.locator("#rework-form"), page.locator("#close-form")
    assert "danger" in rework.locator("button").get_attribute("class")
    assert "primary" in close.locator("button").get_attribute("class")
    rework.locator("button").click()  # no reason: the browser keeps the form
    assert page.evaluate("document.getElementById('rework-reason').validity.valueMissing")
    rework.scroll_into_view_if_needed()
    page.shot("7-check-forms")
    page.fill("#rework-reason", "井盖未固定，仍有晃动")
    rework.locator("button").click()
    page.locator(".status-processing").wait_for()
    sign_out(page)

    login(page, "handler")
    page.goto(f"{page.base}/cases/{number}/")
    resolve_case(page, tmp_path, "已加固井盖")
    sign_out(page)
    login(page, "worker")
    page.goto(f"{page.base}/cases/{number}/")
    page.locator("#close-form button").click()
    page.locator(".status-closed").wait_for()
    page.shot("8-closed")
    case.refresh_from_db()
    assert list(case.steps.values_list("action", flat=True)) == [
        "report", "accept", "dispatch", "start", "resolve", "rework", "resolve", "close"]
    assert case.steps.get(action="accept").data == {"chosen": "CGJ", "suggested": "PSG"}


def resolve_case(page, tmp_path, note: str) -> None:
    form = page.locator("#resolve-form")
    form.locator("textarea[name=note]").fill(note)
    form.locator("input[name=photos]").set_input_files(photo_file(tmp_path))
    form.locator("button.action-resolve").click()
    page.locator(".status-resolved").wait_for()
