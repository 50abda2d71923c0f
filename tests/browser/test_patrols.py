"""A grid worker patrols with a faked phone location across two of its grids, in a
phone-sized Chromium: starts (after consenting), the page records positions, ends, and the
patrol log shows the track over its grids and the time per grid."""

from django.contrib.auth import get_user_model

from events.patrols.models import GridTime, Patrol
from grids.models import Region
from tests.browser.fixtures import login
from tests.helpers import interior_point


def test_a_patrol_records_positions_and_its_log_shows_the_track_and_time_per_grid(
        phone, settings):
    settings.PATROL_INTERVAL_SECONDS = 1  # a position a second, so that the test is short
    # The faked phone jumps between the two grids' middles in a second: no walk is that fast.
    settings.PATROL_MAX_SPEED_KMH = 100_000
    worker = get_user_model().objects.get(username="worker")
    a, b = Region.objects.filter(generation__is_active=True, level="grid",
                                 code__in=worker.grid_assignments.values("grid_code")
                                 ).order_by("code")[:2]
    context = phone.context
    context.grant_permissions(["geolocation"], origin=phone.base)
    (lat, lon) = interior_point(a)
    context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 8})

    login(phone, "worker")
    phone.click("text=开始巡查")
    phone.shot("patrol-1-consent")
    phone.check("input[name=consent]")
    phone.click("#patrol-start button[type=submit]")
    phone.wait_for_selector("#patrol-recording")
    for region in (a, a, a, b, b, b):
        lat, lon = interior_point(region)
        context.set_geolocation({"latitude": lat + 0.00001 * phone.evaluate("Math.random()"),
                                 "longitude": lon, "accuracy": 8})
        phone.wait_for_timeout(1300)
    phone.wait_for_function("document.getElementById('patrol-status').textContent"
                            ".match(/\\d+/) && +document.getElementById('patrol-status')"
                            ".textContent.match(/\\d+/)[0] >= 4")
    phone.shot("patrol-2-recording")
    phone.click("#patrol-end button[type=submit]")
    phone.wait_for_selector("table.grid-times")
    phone.wait_for_selector("#patrol-log-map[data-grids] path.leaflet-interactive")
    phone.shot("patrol-3-log")

    patrol = Patrol.objects.get(worker=worker)
    assert patrol.ended_at is not None and patrol.positions.count() >= 4
    kept = dict(GridTime.objects.filter(patrol=patrol).values_list("grid_code", "seconds"))
    assert set(kept) == {a.code, b.code} and all(seconds > 0 for seconds in kept.values())
    rows = phone.locator("table.grid-times tbody tr")
    assert rows.count() == 2
    assert {rows.nth(i).get_attribute("data-grid") for i in range(2)} == {a.code, b.code}
    # Nine grids of the worker drawn, and the track over them.
    assert phone.get_attribute("#patrol-log-map", "data-grids") == "9"
