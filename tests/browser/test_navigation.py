"""Finding a place on the report maps (a tap zooms in, the pin drags, 定位 uses the device's
position and, without tiles, the grids around it show) and finding one's way as staff (the
header of each role's pages, the dispatch queue's search, filters, map and thumbnails) — on a
phone and on a desktop screen, in Chromium."""

import re

from events.intake.services import Report, case_report
from events.models import Case
from grids.models import Region
from taxonomy.models import Subcategory
from tests.browser.fixtures import ARTIFACTS, login
from tests.helpers import interior_point, jpeg

DESKTOP = {"width": 1280, "height": 860}


def first_grid():
    return Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code").first()


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def zoom(page, handle: str) -> float:
    return page.evaluate(f"{handle}.map.getZoom()")


def map_centre(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_pin(page, dx: int, dy: int) -> None:
    box = page.locator(".leaflet-marker-icon").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


def settled(page, handle: str) -> None:
    """The map's zoom and pan animations over (Leaflet marks them while they run)."""
    page.wait_for_function(f"!{handle}.map._animatingZoom && !({handle}.map._panAnim "
                           f"&& {handle}.map._panAnim._inProgress)")
    page.wait_for_timeout(300)


def grid_lines_drawn(page) -> int:
    """Paths of drawn boundaries (not pins) inside the visible map."""
    return page.evaluate("""(sel) => {
        const map = document.querySelector(sel).getBoundingClientRect();
        return [...document.querySelectorAll(sel + ' .leaflet-overlay-pane path')].filter(p => {
            const b = p.getBoundingClientRect();
            return b.right > map.left && b.left < map.right && b.bottom > map.top
                && b.top < map.bottom;
        }).length; }""", "#" + page.locator(".leaflet-container").first.get_attribute("id"))


def shaded_grid_in_view(page, selector: str) -> bool:
    """The pin's grid is drawn shaded, all of it inside the map's pane."""
    return page.evaluate("""(sel) => {
        const map = document.querySelector(sel).getBoundingClientRect();
        return [...document.querySelectorAll(sel + ' path[fill-opacity="0.25"]')].some(p => {
            const b = p.getBoundingClientRect();
            return b.width > 20 && b.left >= map.left && b.right <= map.right
                && b.top >= map.top && b.bottom <= map.bottom;
        }); }""", selector)


def desktop_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return page


def shot(page, name: str) -> None:
    page.wait_for_timeout(400)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_citizen_taps_drags_and_locates_the_problem_on_the_report_map(browser, phone):
    lat, lon = interior_point(first_grid())
    phone.goto(f"{phone.base}/report/")
    phone.wait_for_function("window.citizenReport !== undefined")
    phone.wait_for_timeout(500)  # the district's boundaries fit the view
    assert zoom(phone, "citizenReport") < 16
    phone.locator("#report-map").scroll_into_view_if_needed()
    phone.touchscreen.tap(*map_centre(phone, "#report-map"))
    phone.wait_for_function("citizenReport.map.getZoom() >= 17")
    phone.locator("#location-status", has_text="所在位置").wait_for()
    tapped = float(phone.input_value("#lat")), float(phone.input_value("#lon"))
    phone.locator("#nearest-address", has_text="最近的标准地址").wait_for()
    shot(phone, "nav-1-citizen-tap-zoomed")

    before = phone.locator("#nearest-address").inner_text()
    drag_pin(phone, 90, 70)
    phone.wait_for_function(f"+document.getElementById('lat').value !== {tapped[0]}")
    dragged = float(phone.input_value("#lat")), float(phone.input_value("#lon"))
    assert dragged[0] < tapped[0] and dragged[1] > tapped[1]  # down and right: south-east
    phone.wait_for_function(
        "(t) => document.getElementById('nearest-address').textContent !== t", arg=before)
    shot(phone, "nav-2-citizen-pin-dragged")

    # 定位 on the map: the device's position, close in, with the grids around it (no tiles).
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": lat, "longitude": lon})
    phone.evaluate("citizenReport.map.setView([23.02, 113.1], 12, {animate: false})")
    phone.get_by_role("button", name="定位", exact=True).tap()
    phone.wait_for_function("(lat) => document.getElementById('lat').value === lat",
                            arg=f"{lat:.6f}")
    phone.locator("#location-status", has_text="所在位置").wait_for()
    phone.wait_for_function("document.querySelectorAll('#report-map path').length > 50")
    phone.wait_for_timeout(300)
    assert shaded_grid_in_view(phone, "#report-map") and grid_lines_drawn(phone) >= 5
    assert zoom(phone, "citizenReport") >= 15
    assert phone.locator(".leaflet-marker-icon").is_visible()
    shot(phone, "nav-3-citizen-located-no-tiles")

    # A device that may not tell its position: said so, and what to do instead.
    denied = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                 has_touch=True, locale="zh-CN")
    page = denied.new_page()
    page.goto(f"{phone.base}/report/")
    page.wait_for_function("window.citizenReport !== undefined")
    page.get_by_role("button", name="定位", exact=True).tap()
    page.locator("#location-status", has_text="浏览器设置中允许").wait_for()
    denied.close()


def test_the_grid_worker_finds_the_problem_type_by_search_and_places_it_on_the_map(
        browser, live_server, phone):
    lat, lon = interior_point(first_grid())
    for name, page in (("phone", phone), ("desktop", desktop_page(browser, live_server))):
        phone = page
        login(phone, "worker")
        phone.goto(f"{phone.base}/worker/report/")
        bar = phone.locator("nav.staffbar")
        assert bar.locator("a[aria-current=page]").inner_text() == "巡查上报"
        assert fits_the_width(phone)
        phone.fill("#subcategory-search", "窨井")  # a synonym, not the name
        phone.locator("#subcategory-list li", has_text="井盖丢失").first.click()
        phone.locator("#subcategory-status", has_text="井盖丢失").wait_for()
        assert phone.input_value("select[name=subcategory]") == Subcategory.objects.get(
            name_zh="井盖丢失").code
        phone.wait_for_function("window.patrolReport !== undefined")
        phone.evaluate("patrolReport.map.setView([23.02, 113.1], 13, {animate: false})")
        phone.locator("#patrol-map").click(position={"x": 120, "y": 120})
        phone.wait_for_function("patrolReport.map.getZoom() >= 17")
        phone.locator("#location-status", has_text="所在位置").wait_for()
        settled(phone, "patrolReport")  # a pin dragged mid-zoom lands far from where meant
        first = phone.input_value("#lat")
        drag_pin(phone, -60, 40)
        phone.wait_for_function(f"document.getElementById('lat').value !== '{first}'")
        phone.locator("#nearest-address", has_text="最近的标准地址").wait_for()
        assert phone.input_value("#address")  # the nearest address, unless one was typed
        phone.context.grant_permissions(["geolocation"])
        phone.context.set_geolocation({"latitude": lat, "longitude": lon})
        phone.get_by_role("button", name="定位", exact=True).click()
        phone.wait_for_function("(lat) => document.getElementById('lat').value === lat",
                                arg=f"{lat:.6f}")
        phone.locator("#location-status", has_text="所在位置").wait_for()
        phone.wait_for_function("document.querySelectorAll('#patrol-map path').length > 50")
        phone.wait_for_timeout(300)
        assert shaded_grid_in_view(phone, "#patrol-map") and grid_lines_drawn(phone) >= 5
        shot(phone, f"nav-4-patrol-{name}")
    phone.fill("textarea[name=description]", "人行道井盖缺失")
    phone.click("button[type=submit].primary")
    phone.wait_for_url(re.compile(r"/cases/\d{8}-\d{6}/"))
    case = Case.objects.get()
    assert case.subcategory.name_zh == "井盖丢失" and abs(case.lat - lat) < 1e-6
    phone.context.close()


def test_the_dispatcher_finds_cases_by_search_filters_and_map_on_phone_and_desktop(
        browser, live_server, phone):
    grid = first_grid()
    lat, lon = interior_point(grid)
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    vending = Subcategory.objects.get(name_zh="占道经营")
    wanted = case_report(report=Report(subcategory=manhole, lat=lat, lon=lon,
                                       description="桥底井盖丢失，晚上很危险"),
                         photos=[jpeg("hole.jpg", size=(640, 480))])
    other = case_report(report=Report(subcategory=vending, lat=lat + 0.001, lon=lon,
                                      description="路口有人摆摊占道"))
    login(phone, "dispatcher")
    assert "/dispatch/" in phone.url
    bar = phone.locator("nav.staffbar")
    assert bar.locator("a[aria-current=page]").inner_text() == "派遣队列"
    assert [a.inner_text() for a in bar.locator("a").all()] == ["派遣队列", "指挥地图",
                                                               "系统管理"]
    assert fits_the_width(phone)
    phone.click("text=辖区全部")
    phone.wait_for_url(re.compile(r"show=all"))
    thumb = phone.locator(f"li:has(a[href='/cases/{wanted.tracking_number}/']) img")
    assert thumb.get_attribute("loading") == "lazy" and "井盖丢失" in thumb.get_attribute("alt")
    thumb.scroll_into_view_if_needed()
    phone.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                            arg=thumb.element_handle())
    phone.locator("#queue-map .queue-pin").first.wait_for()
    assert phone.locator("#queue-map .queue-pin").count() == 2
    phone.shot("nav-5-queue-phone")

    phone.fill("input[name=q]", "桥底")
    phone.get_by_role("button", name="筛选").click()
    phone.wait_for_url(re.compile(r"q=%E6%A1%A5%E5%BA%95"))
    assert phone.locator(".case-link").count() == 1
    assert phone.locator("#queue-map .queue-pin").count() == 1
    phone.click("text=我的待办")  # the switch keeps the search
    phone.wait_for_url(re.compile(r"/dispatch/\?q="))
    assert phone.input_value("input[name=q]") == "桥底"
    phone.click("text=辖区全部")
    phone.wait_for_url(re.compile(r"show=all"))
    assert phone.input_value("input[name=q]") == "桥底"
    phone.click("text=清除筛选")
    phone.wait_for_url(re.compile(r"/dispatch/\?show=all$"))
    phone.select_option("select[name=category]", label="街面秩序")
    phone.get_by_role("button", name="筛选").click()
    phone.wait_for_url(re.compile(r"category=08"))
    numbers = phone.locator(".case-row .meta span:first-child").all_inner_texts()
    assert numbers == [other.tracking_number]

    phone = desktop_page(browser, live_server)
    login(phone, "dispatcher")
    phone.goto(f"{phone.base}/dispatch/?show=all")
    phone.locator("#queue-map .queue-pin").first.wait_for()
    assert phone.locator("#queue-map .queue-pin").count() == 2
    shot(phone, "nav-6-queue-desktop")
    pin = phone.locator("#queue-map .queue-pin").nth(0)
    pin.click(force=True)
    popup = phone.locator(".leaflet-popup-content a")
    popup.wait_for()
    number = popup.inner_text().split()[0]
    popup.click()
    phone.wait_for_url(re.compile(rf"/cases/{number}/"))
    assert phone.locator("nav.staffbar a[aria-current=page]").count() == 0
    phone.locator("nav.staffbar a", has_text="指挥地图").click()
    phone.wait_for_url(re.compile(r"/command/"))
    assert phone.locator("nav.staffbar a[aria-current=page]").inner_text() == "指挥地图"
    phone.context.close()
