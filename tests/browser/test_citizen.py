"""A citizen on a phone: report a missing manhole cover by tapping the map, follow it with the
private link, and add a voice to an earlier report instead of filing it again."""

import io
import re

import pytest
from PIL import Image

from events.citizen.tracking import tracking_path
from events.intake.services import Report, case_report
from events.models import Case, Notification
from events.workflow import services as workflow
from taxonomy.models import Subcategory
from tests.browser.fixtures import ARTIFACTS, PHONE
from tests.helpers import interior_point, jpeg, staff

METRES_PER_DEGREE = 111_195
NARROW_PHONE = {"width": 360, "height": 740}  # the narrowest phones still common


def photo_file(name="manhole.jpg") -> dict:
    buffer = io.BytesIO()
    image = Image.new("RGB", (1200, 900), (70, 70, 70))
    image.paste((20, 20, 20), (400, 250, 800, 650))  # an open hole in grey tarmac
    image.save(buffer, format="JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def first_grid():
    from grids.models import Region

    return Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()


def tap_map_at(page, lat: float, lon: float) -> None:
    """Bring the spot to the middle of the map (as a person pans and zooms there), then tap."""
    page.wait_for_function("window.citizenReport !== undefined")
    page.evaluate("([lat, lon]) => citizenReport.map.setView([lat, lon], 17, {animate: false})",
                  [lat, lon])
    box = page.locator("#report-map").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def pick(page, category: str, subcategory: str) -> None:
    page.get_by_role("button", name=category, exact=True).tap()
    page.locator("#picker-subs-list button", has_text=subcategory).first.tap()
    page.wait_for_selector("#picker-chosen:not([hidden])")


def test_a_citizen_reports_a_missing_manhole_cover_by_tapping_the_map(phone):
    lat, lon = interior_point(first_grid())
    phone.set_viewport_size(NARROW_PHONE)
    phone.goto(f"{phone.base}/report/")
    assert phone.locator("h1").first.inner_text() == "我要反映问题"
    assert fits_the_width(phone)
    phone.wait_for_function("window.citizenReport !== undefined")
    phone.shot("citizen-1-form")

    pick(phone, "市政公用设施", "井盖丢失")
    assert phone.locator("#chosen-path").inner_text() == "市政公用设施 › 井盖丢失"
    assert "井盖不见了" in phone.locator("#chosen-description").inner_text()
    tap_map_at(phone, lat, lon)
    phone.wait_for_function("document.getElementById('lat').value !== ''")
    phone.locator("#location-status", has_text="所在位置").wait_for()
    phone.fill("#description", "人行道上的井盖不见了，晚上很危险")
    phone.set_input_files("#photos", files=[photo_file()])
    phone.fill("input[name=contact_phone]", "13812345678")
    phone.locator("#photo-previews img").wait_for()
    phone.shot("citizen-2-filled")

    phone.locator("#submit").tap()
    phone.wait_for_url(re.compile(r"/track/\d{8}-\d{6}/\?token="))
    number = phone.locator("#tracking-number").inner_text()
    assert fits_the_width(phone)
    assert re.fullmatch(r"\d{8}-\d{6}", number)
    phone.shot("citizen-3-receipt")

    case = Case.objects.get(tracking_number=number)
    assert case.subcategory.name_zh == "井盖丢失" and case.photos.count() == 1
    assert case.grid == first_grid() and case.contact_phone == "13812345678"
    assert abs(case.lat - lat) < 1e-4 and abs(case.lon - lon) < 1e-4

    link = phone.locator("#tracking-link").get_attribute("href")
    phone.goto(link)
    assert phone.locator("#case-status").inner_text() == "待受理"
    assert "排水公司" in phone.content() and "13812345678" not in phone.content()
    phone.shot("citizen-4-track")


def staff_close(case, reply: str):
    """The department signs for the case and resolves it with a public reply and a published
    after-photo; the grid worker verifies on site and closes it."""
    case = workflow.perform(case=case, action="start", actor=staff("drainage"))
    case = workflow.perform(case=case, action="resolve", actor=staff("drainage"), params={
        "note": "班组长王师傅已处理", "public_reply": reply, "publish_photos": True},
        photos=[jpeg("after.jpg", size=(640, 480))])
    return workflow.perform(case=case, action="close", actor=staff("worker"),
                            params={"note": "网格员现场核查合格"})


def sms_texts(case) -> list[str]:
    return list(Notification.objects.filter(case=case, channel="sms", payload__to="reporter")
                .order_by("id").values_list("subject", flat=True))


def test_the_citizens_full_loop_from_report_to_not_satisfied_to_satisfied(phone):
    lat, lon = interior_point(first_grid())
    phone.goto(f"{phone.base}/report/")
    pick(phone, "市政公用设施", "井盖丢失")
    tap_map_at(phone, lat, lon)
    phone.locator("#location-status", has_text="所在位置").wait_for()
    phone.fill("#description", "人行道上的井盖不见了，晚上很危险")
    phone.fill("input[name=contact_phone]", "13812345678")
    phone.locator("#submit").tap()
    phone.wait_for_url(re.compile(r"/track/\d{8}-\d{6}/\?token="))
    assert "短信" in phone.locator(".receipt").inner_text()
    link = phone.locator("#tracking-link").get_attribute("href")
    case = Case.objects.get(tracking_number=phone.locator("#tracking-number").inner_text())

    # 受理 (routed and dispatched at once), then 办结: one SMS each, with the private link.
    case = workflow.perform(case=case, action="accept", actor=staff("dispatcher"))
    case = staff_close(case, "已更换新井盖，并在周边设置了警示标志。")
    texts = sms_texts(case)
    assert [t.split("）")[1][:3] for t in texts] == ["已受理", "已办结"]
    assert all(tracking_path(case) in t for t in texts)

    phone.goto(link)
    assert phone.locator("#case-status").inner_text() == "已结案"
    assert "已更换新井盖" in phone.locator("#public-reply").inner_text()
    phone.locator("#result-photos img").first.wait_for()
    phone.wait_for_function("window.citizenTrack !== undefined")
    assert phone.locator("#progress li.current").inner_text() == "已办结"
    assert "班组长王师傅" not in phone.content() and fits_the_width(phone)
    phone.shot("citizen-10-closed-with-reply")

    phone.locator(".verdict label", has_text="不满意").tap()
    phone.get_by_role("button", name="提交评价").tap()  # no comment yet: refused, kept
    phone.locator(".error", has_text="请说明还有什么问题没有解决").wait_for()
    phone.fill("textarea[name=comment]", "井盖是松的，踩上去会晃")
    phone.locator("label", has_text="2 ★").tap()
    phone.locator("#rate").scroll_into_view_if_needed()
    phone.shot("citizen-11-not-satisfied")
    phone.get_by_role("button", name="提交评价").tap()
    phone.locator("#thanks", has_text="感谢您的反馈").wait_for()
    assert phone.locator("#case-status").inner_text() == "已立案"
    assert "井盖是松的" in phone.locator("#feedback").inner_text()
    assert phone.locator("#rate").count() == 0
    phone.shot("citizen-12-reopened")
    case.refresh_from_db()
    assert case.status == "accepted" and "已重新交办" in sms_texts(case)[-1]

    # The dispatcher sends it to the same department again; done properly this time.
    case = workflow.perform(case=case, action="dispatch", actor=staff("dispatcher"))
    case = staff_close(case, "已重新安装并固定井盖，经复查稳固。")
    phone.goto(link)
    assert "重新安装" in phone.locator("#public-reply").inner_text()
    phone.locator(".verdict label", has_text="满意").first.tap()
    phone.locator("label", has_text="5 ★").tap()
    phone.fill("textarea[name=comment]", "这次修好了，谢谢")
    phone.get_by_role("button", name="提交评价").tap()
    phone.locator("#thanks", has_text="感谢您的评价").wait_for()
    assert phone.locator("#case-status").inner_text() == "已评价"
    feedback = phone.locator("#feedback").inner_text()
    assert feedback.index("井盖是松的") < feedback.index("这次修好了") and "5 / 5" in feedback
    phone.shot("citizen-13-satisfied")
    case.refresh_from_db()
    assert (case.status, case.rating) == ("rated", 5)
    assert len(sms_texts(case)) == 5  # 受理, 办结, 重办, 派遣, 办结


def test_a_spot_outside_the_district_is_told_and_needs_confirming(phone):
    phone.goto(f"{phone.base}/report/")
    pick(phone, "市政公用设施", "井盖丢失")
    tap_map_at(phone, 22.5431, 114.0579)  # Shenzhen
    phone.locator("#location-status", has_text="不在本区范围内").wait_for()
    assert "12345" in phone.locator("#location-status").inner_text()
    phone.fill("#description", "深圳的井盖丢了")
    phone.locator("#submit").tap()
    phone.locator("#lat-error", has_text="请勾选").wait_for()
    assert Case.objects.count() == 0
    phone.locator("#outside-confirm").scroll_into_view_if_needed()
    phone.shot("citizen-14-outside-district")
    phone.locator("#outside-confirm label").tap()
    phone.locator("#submit").tap()
    phone.wait_for_url(re.compile(r"/track/"))
    assert "12345" in phone.locator(".receipt").inner_text()
    assert Case.objects.get().grid is None


def test_a_second_report_near_the_first_offers_it_and_me_too_counts(phone):
    lat, lon = interior_point(first_grid())
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    first = case_report(report=Report(subcategory=manhole, lat=lat, lon=lon,
                                      description="路口井盖丢失，已经有电动车差点掉进去"))
    phone.goto(f"{phone.base}/report/")
    phone.fill("#picker-search", "窨井盖")  # a synonym, not the name
    phone.locator("#picker-results button", has_text="井盖丢失").first.tap()
    tap_map_at(phone, lat + 12 / METRES_PER_DEGREE, lon)  # 12 m north of the first report

    offer = phone.locator("#duplicates")
    offer.locator(".dup-item", has_text=first.tracking_number).wait_for()
    assert "附近已有人反映过" in offer.inner_text()
    assert re.search(r"相距 1[0-4] 米", offer.inner_text())  # a tap is a pixel or two off
    offer.scroll_into_view_if_needed()
    phone.shot("citizen-5-duplicate")

    offer.get_by_role("button", name="我也遇到了（附议）").tap()
    phone.locator("#me-too-message", has_text="您的附议已记录").wait_for()
    phone.shot("citizen-6-me-too")
    first.refresh_from_db()
    assert first.me_too_count == 1 and Case.objects.count() == 1


def test_the_form_still_files_when_location_is_denied_and_tiles_are_unreachable(phone,
                                                                               settings):
    settings.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens there
    lat, lon = interior_point(first_grid())
    phone.context.clear_permissions()
    phone.goto(f"{phone.base}/report/")
    phone.locator("#locate").tap()
    phone.locator("#location-status", has_text="无法获取您的位置").wait_for()
    phone.shot("citizen-7-location-denied")
    pick(phone, "市政公用设施", "井盖丢失")
    tap_map_at(phone, lat, lon)
    phone.locator("#location-status", has_text="所在位置").wait_for()
    phone.fill("#description", "井盖丢失")
    phone.shot("citizen-7-no-tiles-filled")
    phone.locator("#submit").tap()
    phone.wait_for_url(re.compile(r"/track/"))
    assert Case.objects.count() == 1


def test_without_javascript_the_plain_form_files_a_report(browser, live_server, district):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, java_script_enabled=False)
    page = context.new_page()
    lat, lon = interior_point(first_grid())
    page.goto(f"{live_server.url}/report/")
    page.select_option("select[name=subcategory]", label="井盖丢失")
    page.fill("#lat", f"{lat:.6f}")
    page.fill("#lon", f"{lon:.6f}")
    page.fill("#description", "井盖丢失")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "citizen-8-no-javascript.png"), full_page=True)
    page.click("#submit")
    assert re.search(r"/track/\d{8}-\d{6}/", page.url)
    assert Case.objects.count() == 1
    context.close()


def test_the_form_switches_to_english(phone):
    phone.goto(f"{phone.base}/report/")
    phone.get_by_role("button", name="English").tap()
    phone.locator("h1", has_text="Report a problem").wait_for()
    phone.shot("citizen-9-english")


def test_the_citizen_form_finds_an_address_by_search_and_puts_the_pin_there(phone):
    from places.models import Address

    address = Address.objects.filter(building="", road__gt="").order_by("code")[12]
    phone.goto(f"{phone.base}/report/")
    phone.wait_for_function("window.citizenReport !== undefined")
    phone.fill("#address-search", f"{address.road}{address.number}号")
    phone.locator("#address-search-list li", has_text=address.text).first.tap()
    phone.locator("#nearest-address", has_text=address.text).wait_for()
    assert abs(float(phone.input_value("#lat")) - address.lat) < 1e-5
    assert abs(float(phone.input_value("#lon")) - address.lon) < 1e-5
    assert phone.input_value("input[name=address]") == address.text
    phone.shot("citizen-12-address-search")
    # The map script's GCJ-02 port (MAP_TILE_CRS=gcj02) agrees with common/gcj02.py.
    from common.gcj02 import wgs84_to_gcj02

    shifted = phone.evaluate("([a, b]) => govMap.wgs84ToGcj02(a, b)", [address.lat, address.lon])
    assert shifted == pytest.approx(wgs84_to_gcj02(address.lat, address.lon), abs=1e-9)
    back = phone.evaluate("([a, b]) => govMap.gcj02ToWgs84(a, b)", shifted)
    assert back == pytest.approx([address.lat, address.lon], abs=1e-7)  # ≈ 1 cm


def test_on_gcj02_tiles_a_tapped_point_is_stored_in_wgs84(phone, settings):
    settings.MAP_TILE_CRS = "gcj02"
    lat, lon = interior_point(first_grid())
    phone.goto(f"{phone.base}/report/")
    phone.locator("#report-map").scroll_into_view_if_needed()
    tap_map_at(phone, lat, lon)  # the view is centred on the WGS84 point, drawn shifted
    phone.wait_for_function("document.getElementById('lat').value !== ''")
    assert phone.evaluate("citizenReport.map.options.crs.code") == "GCJ02"
    picked = float(phone.input_value("#lat")), float(phone.input_value("#lon"))
    assert abs(picked[0] - lat) * METRES_PER_DEGREE < 2  # a tap is a pixel off at most
    assert abs(picked[1] - lon) * METRES_PER_DEGREE < 2


def test_a_citizen_picks_the_manhole_cover_from_those_offered_near_the_pin(phone):
    from org.models import Component

    cover = Component.objects.filter(kind__name="燃气井盖").order_by("code").first()
    phone.set_viewport_size(NARROW_PHONE)
    phone.goto(f"{phone.base}/report/")
    pick(phone, "市政公用设施", "井盖破损")
    tap_map_at(phone, cover.lat + 8 / METRES_PER_DEGREE, cover.lon)  # 8 m north of it
    offer = phone.locator("#components")
    offer.locator("button", has_text=cover.code).wait_for()
    assert "附近的井盖" in offer.inner_text() and "燃气公司" in offer.inner_text()
    offer.locator("button", has_text=cover.code).tap()
    phone.locator(f"#components button[data-code='{cover.code}'][aria-pressed=true]").wait_for()
    assert phone.input_value("#component") == cover.code
    assert abs(float(phone.input_value("#lat")) - cover.lat) < 1e-6  # the pin is on it
    assert fits_the_width(phone)
    offer.scroll_into_view_if_needed()
    phone.shot("citizen-12-components")

    phone.fill("#description", "燃气井盖裂了，车一压就响")
    phone.locator("#submit").tap()
    phone.wait_for_url(re.compile(r"/track/"))
    case = Case.objects.get()
    assert case.department.code == "RQG"
    assert case.steps.get().data["routing"]["component"] == cover.code
