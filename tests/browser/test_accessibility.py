"""Accessibility: axe-core (from the npm registry at set-up: `make install`, .ci/run) run in
Chromium on the citizen's pages and the dispatcher's queue at a phone's size finds no serious
or critical violation. And the admin's boundary editor, seen once on a desktop screen."""

import json
from pathlib import Path

from events.citizen.tracking import tracking_path
from events.intake.services import Report, case_report
from grids.models import Generation, Region
from taxonomy.models import Subcategory
from tests.browser.fixtures import ARTIFACTS, login
from tests.browser.test_citizen import METRES_PER_DEGREE, first_grid, tap_map_at
from tests.helpers import interior_point, need

AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" \
    / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""


def violations(page) -> list[dict]:
    """The page's serious and critical axe violations (the script is evaluated through the
    browser's debugging protocol, which the page's CSP does not govern)."""
    need(AXE.exists(), f"axe-core is missing at {AXE} (make install fetches it with npm)")
    page.wait_for_load_state("load")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    print(json.dumps(found, ensure_ascii=False, indent=1))  # what to fix, when it fails
    return found


def test_the_citizen_pages_have_no_serious_accessibility_violations(phone):
    lat, lon = interior_point(first_grid())
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    case = case_report(report=Report(subcategory=manhole, lat=lat, lon=lon,
                                     description="路口井盖丢失", contact_phone="13812345678"))
    phone.goto(f"{phone.base}/report/")
    assert violations(phone) == []
    phone.goto(f"{phone.base}{tracking_path(case)}")
    assert violations(phone) == []
    phone.shot("a11y-1-tracking")

    phone.goto(f"{phone.base}/report/")
    phone.fill("#picker-search", "窨井盖")
    phone.locator("#picker-results button", has_text="井盖丢失").first.tap()
    tap_map_at(phone, lat + 12 / METRES_PER_DEGREE, lon)
    phone.locator("#duplicates .dup-item", has_text=case.tracking_number).wait_for()
    assert violations(phone) == []  # the form with the offer of the earlier report
    phone.locator("#duplicates").get_by_role("button", name="我也遇到了（附议）").tap()
    phone.locator("#me-too-message").wait_for()
    assert violations(phone) == []
    phone.shot("a11y-2-me-too")


def test_the_dispatch_queue_is_accessible_and_the_admin_edits_boundaries_on_a_map(phone):
    lat, lon = interior_point(first_grid())
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    case_report(report=Report(subcategory=manhole, lat=lat, lon=lon, description="井盖丢失"))
    login(phone, "dispatcher")
    phone.goto(f"{phone.base}/dispatch/")
    assert violations(phone) == []
    phone.shot("a11y-3-dispatch-queue")

    draft = Generation.objects.create(name="draft")
    grid = first_grid()
    Region.objects.create(generation=draft, code=grid.code, name=grid.name, level="grid",
                          geometry=grid.geometry, min_lon=grid.min_lon, min_lat=grid.min_lat,
                          max_lon=grid.max_lon, max_lat=grid.max_lat)
    editing = Region.objects.get(generation=draft)
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.context.clear_cookies()
    login(phone, "admin")
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{phone.base}/admin/grids/region/{editing.pk}/change/")
    phone.locator("#boundary-map path.leaflet-interactive").first.wait_for()
    text = phone.locator("textarea#id_geometry")
    before = text.input_value()
    phone.locator("#boundary-map .leaflet-draw-edit-edit").click()  # the toolbar's edit tool
    corner = phone.locator("#boundary-map .leaflet-editing-icon").first.bounding_box()
    x, y = corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2
    phone.mouse.move(x, y)
    phone.mouse.down()
    phone.mouse.move(x + 40, y + 25, steps=5)
    phone.mouse.up()
    assert text.input_value() != before  # the text follows the map: saving sends the new shape
    assert json.loads(text.input_value())["type"] == "Polygon" and errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "a11y-4-admin-boundary-editor.png"), full_page=True)
