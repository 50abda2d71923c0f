"""A grid worker without signal, in a phone-sized Chromium: the worker's pages, visited once
online, come from the service worker's cache; two reports with photos filed offline wait on
the phone ("待发送 2 条"); when the signal returns each arrives exactly once, even though the
first one's answer was lost on the way and the phone sent it again with the same key.

No signal is simulated by aborting every request, the service worker's included
(PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS in fixtures.py): context.set_offline() does
not reach a service worker's requests."""

import io

from django.contrib.auth import get_user_model
from PIL import Image

from events.models import Case
from grids.models import Region
from tests.browser.fixtures import login
from tests.helpers import interior_point

DESCRIPTIONS = ("地下室积水，离线上报一", "楼道堆放杂物，离线上报二")


def photo(shade: int) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (shade, 90, 90)).save(buffer, format="JPEG")
    return {"name": f"p{shade}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def wait_until_installed(page) -> None:
    """The service worker is active and has cached the report form. (It controls the pages
    loaded from then on; this one only if it activated while the page was open.)"""
    # Installing fetches some thirty files: slow on a loaded CI machine.
    page.wait_for_function("""navigator.serviceWorker.getRegistration().then(r =>
        !!(r && r.active && r.active.state === 'activated'))""", polling=200, timeout=60_000)
    page.wait_for_function("""async () => {
        for (const name of await caches.keys()) {
            if (await (await caches.open(name)).match('/worker/report/')) return true;
        }
        return false; }""", polling=200, timeout=60_000)


def file_report(page, *, lat: float, lon: float, text: str, shade: int):
    page.fill("#subcategory-search", "井盖丢失")  # the searchable picker, from the page itself
    page.locator("#subcategory-list li", has_text="井盖丢失").first.click()
    page.fill("#lat", f"{lat:.6f}")
    page.fill("#lon", f"{lon:.6f}")
    page.fill("#description", text)
    page.set_input_files("#photos", files=[photo(shade), photo(shade + 40)])
    page.click("#patrol-form button[type=submit]")


def test_reports_filed_without_signal_are_queued_and_arrive_once_each_when_it_returns(phone):
    worker = get_user_model().objects.get(username="worker")
    grid = Region.objects.get(generation__is_active=True, level="grid",
                              code=worker.grid_assignments.order_by("grid_code")[0].grid_code)
    lat, lon = interior_point(grid)
    before = Case.objects.count()
    login(phone, "worker")
    phone.goto(f"{phone.base}/worker/")
    wait_until_installed(phone)
    phone.goto(f"{phone.base}/worker/report/")
    for _ in range(5):  # a page loaded while the worker activates may stay uncontrolled
        if phone.evaluate("!!navigator.serviceWorker.controller"):
            break
        phone.wait_for_timeout(300)
        phone.reload()
    assert phone.evaluate("!!navigator.serviceWorker.controller")

    # No signal. The first report knows it (the `offline` event); the second page, reloaded
    # from the cache, believes it is online and finds out when its request fails.
    context = phone.context
    context.route("**/*", lambda route: route.abort("internetdisconnected"))
    phone.reload()
    phone.evaluate("dispatchEvent(new Event('offline'))")
    phone.locator("#offline-outbox .outbox-state").wait_for()
    file_report(phone, lat=lat, lon=lon, text=DESCRIPTIONS[0], shade=30)
    phone.wait_for_function("document.querySelector('#offline-outbox .outbox-count')"
                            ".textContent.includes('待发送 1 条')")
    phone.reload()
    assert phone.title()  # the page came from the service worker's cache
    file_report(phone, lat=lat, lon=lon, text=DESCRIPTIONS[1], shade=50)
    phone.wait_for_function("document.querySelector('#offline-outbox .outbox-count')"
                            ".textContent.includes('待发送 2 条')")
    phone.shot("offline-1-two-reports-queued")
    assert Case.objects.count() == before

    # The signal returns, but the answer to the first report is lost on the way back: the
    # server filed it, the phone never heard, and sends it again with the same key.
    keys, lost = [], []

    def lose_the_first_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # reaches the server, which files the report
            route.abort("timedout")
            return lost.append(True)
        return route.continue_()

    context.unroute("**/*")
    context.route("**/api/v1/cases/", lose_the_first_answer)
    phone.evaluate("dispatchEvent(new Event('online'))")
    for _ in range(150):  # the route handler runs while Playwright waits
        if lost:
            break
        phone.wait_for_timeout(100)
    phone.wait_for_function("!document.querySelector('#offline-outbox .outbox-item.sending')")
    assert len(keys) == 1 and Case.objects.count() == before + 1  # filed, the answer lost
    phone.evaluate("dispatchEvent(new Event('online'))")  # or the minute's retry, or a reload
    phone.wait_for_function("!document.querySelector('#offline-outbox .outbox-item')",
                            timeout=30_000)
    phone.shot("offline-2-all-sent")

    assert Case.objects.count() == before + 2
    for text in DESCRIPTIONS:
        case = Case.objects.get(description=text)
        assert case.photos.count() == 2
        assert case.reporter == worker
    assert keys[1] == keys[0], "the retry carries the first request's key"
    assert len(set(keys)) == 2
