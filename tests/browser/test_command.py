"""The command centre's live map in Chromium, over the demo district with 3,000 cases: the heat
layer, open cases per grid and one by one, the category filter, the KPI panel against the API,
a grid's card, live refresh, and the phone layout."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from events.intake.services import Report, case_report
from events.models import Case, Status
from events.stats import refresh as statistics
from events.workflow import services as workflow
from grids.models import Region
from org.models import GridAssignment
from places.models import GridTally
from taxonomy.models import Subcategory
from tests import committed
from tests.browser.fixtures import ARTIFACTS, login
from tests.helpers import PASSWORD, interior_point, jpeg

DESKTOP = {"width": 1440, "height": 900}
CASES = 3_000


def a_mornings_work() -> None:
    """Real cases through the closed loop in one grid, and some supervision, beside the
    generated history: a hot spot and red cards the panel must show."""
    users = {u.username: u for u in get_user_model().objects.all()}
    grid = Region.objects.get(generation__is_active=True, level="grid", code=GridAssignment
                              .objects.filter(worker=users["worker"]).order_by("grid_code")
                              .first().grid_code)
    lat, lon = interior_point(grid)
    manhole = Subcategory.objects.get(name_zh="井盖丢失")
    for i in range(12):
        case = case_report(report=Report(subcategory=manhole, lat=lat, lon=lon,
                                         description="井盖丢失"))
        case = workflow.perform(case=case, action="accept", actor=users["leader"])
        if i % 4 == 3:
            continue  # still waiting for the department
        case = workflow.perform(case=case, action="start", actor=users["drainage"])
        case = workflow.perform(case=case, action="resolve", actor=users["drainage"],
                                params={"note": "已补装"}, photos=[jpeg()])
        if i % 4 != 2:
            workflow.perform(case=case, action="close", actor=users["worker"])
    unsupervised = Case.objects.filter(status=Status.PROCESSING, supervision="none")
    for i, case in enumerate(unsupervised.order_by("pk")[:30]):
        workflow.perform(case=case, action="supervise", actor=users["leader"],
                         params={"level": "red" if i % 3 == 0 else "yellow"})


@pytest.fixture(scope="module")
def busy_district(django_db_setup, django_db_blocker):
    """The demo district with 3,000 cases, built once for this module into an emptied
    database (a live server needs committed data; generating it takes half a minute) and
    flushed again at the end, as every transactional test leaves the database."""
    with django_db_blocker.unblock():
        # A fresh connection, as Django's TransactionTestCase (which this module does without)
        # gives each test: one left open by earlier tests stops PostgreSQL dropping the
        # test database at the end.
        connections.close_all()
        call_command("flush", interactive=False, verbosity=0)
        call_command("seed_demo", "--commit", "--cases", str(CASES), "--password", PASSWORD,
                     verbosity=0)
        a_mornings_work()
        statistics.rebuild(now=timezone.now() + timedelta(minutes=1))
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        connections.close_all()


@pytest.fixture
def transactional_db(busy_district, django_db_blocker):
    """This module's stand-in for pytest-django's fixture of the same name (which the live
    server asks for): the database as `busy_district` built it, not flushed after each test
    but rid of the rows the test added (what it changed stays, for this module only)."""
    with django_db_blocker.unblock():
        marks = committed.take(check_changes=False)
        yield
        committed.restore(marks)


def shot(page, name: str) -> Path:
    page.wait_for_timeout(400)  # let the map finish drawing
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture
def desk(browser, live_server, district):
    """A wall-screen-ish desktop page signed in as the shift leader. The browser asks for
    English: the page must be Chinese all the same."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    login(page, "leader")
    yield page
    context.close()
    assert not errors, errors


def open_command(page, query: str = "") -> None:
    page.goto(f"{page.base}/command/{query}")
    wait_for_refresh(page, 1)


def refreshes(page) -> int:
    return int(page.get_attribute("#command", "data-refreshes") or 0)


def wait_for_refresh(page, count: int) -> None:
    page.wait_for_function(
        f"Number(document.getElementById('command').dataset.refreshes) >= {count}")


def grid_fills(page) -> list[str]:
    return page.eval_on_selector_all("path.grid-cell",
                                     "paths => paths.map(p => p.getAttribute('fill'))")


def choose(page, name: str, value: str) -> None:
    before = refreshes(page)
    page.select_option(f"#filters select[name={name}]", value)
    wait_for_refresh(page, before + 1)


def test_the_map_shows_every_grid_by_heat_and_the_open_cases_on_it(desk):
    assert Case.objects.count() >= CASES
    open_command(desk)
    assert desk.locator("path.grid-cell").count() == 921
    assert len(set(grid_fills(desk))) >= 2  # not one flat colour
    assert desk.locator(".open-grid").count() > 50
    assert desk.get_attribute("#command", "data-open-mode") == "grids"
    legend = desk.inner_text(".legend")
    assert "近 7 天上报案件数" in legend and "红牌督办" in legend
    desk.locator("path.street-line").first.wait_for()  # drawn after the first refresh
    assert desk.locator("path.street-line").count() == 4
    assert desk.locator("path.community-line").count() == 139
    assert re.search(r"未结案件 [\d,]+ 件", desk.inner_text("#map-status"))
    for chart in ("#daily-chart", "#kpi-chart"):
        desk.wait_for_function(f"document.querySelector('{chart}').naturalWidth > 0")
    assert 1 <= desk.locator("#overdue li a").count() <= 20  # the longest overdue first
    assert desk.locator("#hotspots li button").count() >= 1
    shot(desk, "command-1-desktop")
    # A week of the 3,000-case demo fills three classes or four, by the hour it was generated
    # (three early on a weekday morning); a month fills them all.
    choose(desk, "window", "30")
    assert len(set(grid_fills(desk))) >= 4  # a choropleth


def test_choosing_a_category_recolours_the_map(desk):
    open_command(desk)
    everything = grid_fills(desk)
    choose(desk, "category", "01")
    manholes = grid_fills(desk)
    assert len(manholes) == len(everything) == 921
    changed = sum(a != b for a, b in zip(everything, manholes, strict=True))
    assert changed > 100, changed
    assert "市政公用设施" in desk.inner_text(".legend")
    assert "category=01" in desk.url  # kept in the address for "back" from a case
    shot(desk, "command-2-category-recoloured")
    choose(desk, "measure", "per_1000_residents")
    # Busy grids are often the populous ones, so fewer grids change class than with a
    # category, and how many depends on the hour the district was generated: some do.
    assert sum(a != b for a, b in zip(manholes, grid_fills(desk), strict=True)) > 0
    legend = desk.inner_text(".legend")
    assert "近 7 天每千人案件" in legend and "无案件或无人口" in legend
    assert re.search(r"\d+\.\d–\d+\.\d", legend)  # classes of a rate, not of a count
    shot(desk, "command-2b-per-1000-residents")


def open_total(page) -> int:
    return int(re.search(r"未结案件 ([\d,]+) 件", page.inner_text("#map-status")).group(1)
               .replace(",", ""))


def test_choosing_a_street_and_a_status_narrows_the_map_and_the_panel(desk):
    open_command(desk)
    everywhere = open_total(desk)
    street = Region.objects.get(generation__is_active=True, level="street", name="祖庙街道")
    choose(desk, "street", street.code)
    kpis = desk.locator("#kpis")
    api = desk.request.get(f"{desk.base}/api/v1/stats/kpi?group_by=street&from="
                           f"{kpis.get_attribute('data-from')}&to={kpis.get_attribute('data-to')}")
    row = next(r for r in api.json()["rows"] if r["key"] == street.code)
    assert desk.inner_text("[data-kpi=reported]") == f"{row['reported']:,}"
    assert "祖庙街道" in desk.inner_text("#kpi-scope")
    outside = Region.objects.filter(generation__is_active=True, level="grid").exclude(
        code__startswith=street.code).count()
    assert desk.locator("path.grid-cell[fill-opacity='0.12']").count() == outside
    assert all(code.startswith(street.code) for code in desk.eval_on_selector_all(
        "#hotspots button", "buttons => buttons.map(b => b.dataset.grid)"))
    in_street = open_total(desk)
    choose(desk, "status", "resolved")
    assert 0 < open_total(desk) < in_street < everywhere
    assert Case.objects.filter(street_code=street.code, status=Status.RESOLVED).count() \
        == open_total(desk)


def test_on_a_wall_screen_the_panel_grows_with_it(desk):
    desk.set_viewport_size({"width": 2560, "height": 1440})
    open_command(desk)
    assert desk.locator("#command-panel").bounding_box()["width"] >= 520
    shot(desk, "command-7-wall-screen")


def test_class_breaks_are_quantiles_of_the_busy_grids_with_ties_merged(desk):
    open_command(desk)
    counts = "[0, 0, 1, 1, 1, 1, 2, 3, 5, 40]"
    assert desk.evaluate(f"govChoropleth.classBreaks({counts}, 5)") == [1, 2, 5, 40]
    labels = desk.evaluate(f"govChoropleth.classes(govChoropleth.classBreaks({counts}, 5), '无')"
                           ".map(row => row.label)")
    assert labels == ["无", "1", "2", "3–5", "6–40"]
    assert desk.evaluate("govChoropleth.colourOf(0, [1, 2, 5, 40])") == "#e9ecef"
    assert desk.evaluate("govChoropleth.colourOf(3, [1, 2, 5, 40])") == "#f03b20"


def shown(text: str) -> float | None:
    """A KPI as the panel shows it, back as a number (rates as shares)."""
    if text == "—":
        return None
    number = float(text.rstrip("%").replace(",", ""))
    return number / 100 if text.endswith("%") else number


@pytest.mark.parametrize("window", ["7", "30"])
def test_the_kpi_panel_shows_what_the_api_answers(desk, window):
    open_command(desk)
    if window != "7":
        choose(desk, "window", window)
    kpis = desk.locator("#kpis")
    date_from, date_to = kpis.get_attribute("data-from"), kpis.get_attribute("data-to")
    assert date_to == f"{timezone.localdate():%Y-%m-%d}"
    api = desk.request.get(f"{desk.base}/api/v1/stats/kpi?group_by=department"
                           f"&from={date_from}&to={date_to}").json()["total"]
    figures = {node.get_attribute("data-kpi"): node.inner_text()
               for node in desk.locator("#kpis [data-kpi]").all()}
    assert len(figures) == 11 and api["reported"] > 0 and api["handle_on_time_rate"] is not None
    for key, text in figures.items():
        value = shown(text)
        if api[key] is None:
            assert value is None, key
        else:
            rounding = 0.0005 if text.endswith("%") else 0.05
            assert abs(value - api[key]) <= rounding + 1e-9, (key, text, api[key])
    if window == "30":  # the demo opens on a district that works, not one in collapse
        assert shown(figures["overdue_rate"]) <= 0.10 and shown(figures["close_rate"]) >= 0.70
        shot(desk, "command-3b-kpis-30-days")


# The on-screen point of the case marker nearest the middle of the map (away from the controls).
NEAREST_CASE_MARKER = """() => {
  const map = govCommand.map;
  const middle = map.getSize().divideBy(2);
  let best = null;
  map.eachLayer((layer) => {
    if (layer instanceof L.CircleMarker && layer.options.renderer instanceof L.Canvas) {
      const point = map.latLngToContainerPoint(layer.getLatLng());
      if (!best || point.distanceTo(middle) < best.distanceTo(middle)) { best = point; }
    }
  });
  return [best.x, best.y];
}"""


def test_zoomed_in_single_cases_show_and_a_click_opens_one(desk):
    open_command(desk)
    grid = Region.objects.get(generation__is_active=True, code=Case.objects.filter(
        supervision="red").order_by("pk").first().grid.code)
    lat, lon = interior_point(grid)
    desk.evaluate(f"govCommand.map.setView([{lat}, {lon}], 16)")
    desk.wait_for_function("document.getElementById('command').dataset.openMode === 'cases'")
    desk.wait_for_function("Number(document.getElementById('command').dataset.markers) > 0")
    assert "视野内" in desk.inner_text("#map-status")
    shot(desk, "command-3-zoomed-in-cases")
    target = desk.evaluate(NEAREST_CASE_MARKER)
    box = desk.locator("#command-map").bounding_box()
    desk.mouse.click(box["x"] + target[0], box["y"] + target[1])
    desk.wait_for_url(re.compile(r"/cases/\d{8}-\d{6}/$"))


def test_a_hot_spot_leads_to_its_grid_with_worker_counts_and_recent_cases(desk):
    open_command(desk)
    desk.click("#hotspots li button")
    popup = desk.locator(".grid-popup")
    popup.locator(".grid-counts").wait_for()
    text = popup.inner_text()
    assert "网格员" in text and "近7天" in text and "最近案件" in text
    assert popup.locator(".grid-recent a").count() >= 1
    # The grid's 四标四实 counts and its cases per 1,000 residents, as the register has them.
    code = desk.get_attribute("#hotspots li button", "data-grid")
    tally = GridTally.objects.get(grid_code=code)
    register = popup.locator(".grid-register").inner_text()
    for label, value in (("标准地址", tally.addresses), ("实有房屋", tally.houses),
                         ("出租屋", tally.rented_houses), ("实有单位", tally.units),
                         ("实有人口", tally.residents)):
        assert re.search(rf"{label}\s+{value:,}\b", register), (label, value, register)
    assert tally.addresses > 0 and tally.residents > 0
    assert re.search(r"每千人\s+\d+\.\d", popup.locator(".grid-kpis").inner_text())
    shot(desk, "command-4-grid-card")


def poll_every_two_seconds(route):
    response = route.fetch()
    route.fulfill(response=response, body=response.text().replace(
        'data-poll-seconds="30"', 'data-poll-seconds="2"'))


def test_the_page_refreshes_itself_without_reloading(desk):
    desk.route(re.compile(r".*/command/(\?.*)?$"), poll_every_two_seconds)
    open_command(desk)
    desk.evaluate("window.stillTheSamePage = true")
    before = desk.inner_text("#map-status")
    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by("code").last()
    lat, lon = interior_point(grid)
    case_report(report=Report(subcategory=Subcategory.objects.get(name_zh="暴露垃圾"), lat=lat,
                              lon=lon, description="垃圾暴露"))
    wait_for_refresh(desk, 3)
    assert desk.evaluate("window.stillTheSamePage") is True
    count = int(re.search(r"未结案件 ([\d,]+) 件", before).group(1).replace(",", ""))
    assert f"{count + 1:,}" in desk.inner_text("#map-status")


def test_on_a_phone_the_panel_folds_away_over_the_map(phone):
    login(phone, "dispatcher")
    open_command(phone)
    assert not phone.is_visible("#command-panel")
    assert phone.locator("path.grid-cell").count() == 921
    shot(phone, "command-5-phone-map")
    phone.click("#panel-toggle")
    assert phone.is_visible("#command-panel") and phone.is_visible("#kpis")
    shot(phone, "command-6-phone-panel")
    phone.locator("#daily-chart").scroll_into_view_if_needed()
    phone.wait_for_function("document.querySelector('#kpi-chart').naturalWidth > 0")
    shot(phone, "command-8-phone-charts")


def test_a_province_map_colours_communities_zoomed_out_and_loads_grids_by_tile(desk,
                                                                                monkeypatch):
    from grids import tiles

    # The demo district drawn as a province's 100,000 grids would be (on a canvas: the
    # screenshots show the colours).
    monkeypatch.setattr(tiles, "WHOLE_MAP_GRIDS", 900)
    open_command(desk)
    grid_zoom = int(desk.get_attribute("#command", "data-grid-zoom"))
    desk.evaluate(f"void govCommand.map.setZoom({grid_zoom - 1}, {{animate: false}})")
    desk.wait_for_function("document.getElementById('command').dataset.heatLevel === "
                           "'community' && document.getElementById('command').dataset.openMode"
                           " === 'grids'")
    communities = Region.objects.filter(generation__is_active=True, level="community").count()
    desk.wait_for_function(f"document.getElementById('command').dataset.heatRegions === "
                           f"'{communities}'")
    assert 10 < desk.locator(".open-grid").count() <= communities
    shot(desk, "command-7-province-communities")
    # A hot spot's grid is in no tile yet: the map zooms in on its community, loads the tiles
    # there and opens the grid's card.
    desk.click("#hotspots li button")
    desk.locator(".grid-popup .grid-counts").wait_for()
    assert desk.get_attribute("#command", "data-heat-level") == "grid"
    loaded = int(desk.get_attribute("#command", "data-heat-regions"))
    assert 0 < loaded < 921, "only the grids of the tiles in view"
    assert desk.get_attribute("#command", "data-open-mode") == "cases"
    shot(desk, "command-8-province-grid-card")
