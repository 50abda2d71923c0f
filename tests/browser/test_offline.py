"""A grid worker without signal, in a phone-sized Chromium: the worker's pages, visited once
online (and the campaign task pages /worker/ lists), come from the service worker's cache;
two reports with photos and a task result with its photo, filed offline, wait on the phone
("待发送 3 条"); when the signal returns each arrives exactly once, even though the first
one's answer was lost on the way and the phone sent it again with the same key.

No signal is simulated by aborting every request, the service worker's included
(PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS in fixtures.py): context.set_offline() does
not reach a service worker's requests."""

import io

from django.contrib.auth import get_user_model
from PIL import Image

from events.campaigns.models import Task
from events.models import Case
from grids.models import Region
from tests.browser.fixtures import dengue_campaign, login
from tests.helpers import interior_point

DESCRIPTIONS = ("地下室积水，离线上报一", "楼道堆放杂物，离线上报二")


def photo(shade: int) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (shade, 90, 90)).save(buffer, format="JPEG")
    return {"name": f"p{shade}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def wait_until_installed(page, *paths: str) -> None:
    """The service worker is active and has cached these pages. (It controls the pages
    loaded from then on; this one only if it activated while the page was open.)"""
    # Installing fetches some thirty files: slow on a loaded CI machine.
    page.wait_for_function("""navigator.serviceWorker.getRegistration().then(r =>
        !!(r && r.active && r.active.state === 'activated'))""", polling=200, timeout=60_000)
    page.wait_for_function("""async paths => {
        for (const name of await caches.keys()) {
            const cache = await caches.open(name), hits = await Promise.all(
                paths.map(path => cache.match(path)));
            if (hits.every(Boolean)) return true;
        }
        return false; }""", arg=list(paths), polling=200, timeout=60_000)


def file_report(page, *, lat: float, lon: float, text: str, shade: int):
    page.fill("#subcategory-search", "井盖丢失")  # the searchable picker, from the page itself
    page.locator("#subcategory-list li", has_text="井盖丢失").first.click()
    page.fill("#lat", f"{lat:.6f}")
    page.fill("#lon", f"{lon:.6f}")
    page.fill("#description", text)
    page.set_input_files("#photos", files=[photo(shade), photo(shade + 40)])
    page.click("#patrol-form button[type=submit]")


def waiting(page, n: int) -> None:
    page.wait_for_function("document.querySelector('#offline-outbox .outbox-count')"
                           f".textContent.includes('待发送 {n} 条')")


def test_reports_and_a_task_result_filed_without_signal_arrive_once_each_when_it_returns(
        phone):
    worker = get_user_model().objects.get(username="worker")
    campaign = dengue_campaign()
    grid = Region.objects.get(generation__is_active=True, level="grid",
                              code=worker.grid_assignments.order_by("grid_code")[0].grid_code)
    lat, lon = interior_point(grid)
    before = Case.objects.count()
    login(phone, "worker")
    phone.goto(f"{phone.base}/worker/")
    task_page = phone.locator("#today-tasks a.case-link").first.get_attribute("href")
    task = Task.objects.get(pk=task_page.strip("/").split("/")[-1])
    wait_until_installed(phone, "/worker/report/", task_page)
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
    waiting(phone, 1)
    phone.reload()
    assert phone.title()  # the page came from the service worker's cache
    file_report(phone, lat=lat, lon=lon, text=DESCRIPTIONS[1], shade=50)
    waiting(phone, 2)
    phone.shot("offline-1-two-reports-queued")
    # The task, opened from the cache, takes its result and a photo on the doorstep.
    phone.goto(f"{phone.base}{task_page}")
    phone.fill("input[name=positive_containers]", "2")
    phone.set_input_files("input[name=photo]", files=[photo(70)])
    phone.fill("textarea[name=note]", "离线填报的任务结果")
    phone.click("#task-form button[type=submit]")
    waiting(phone, 3)
    phone.shot("offline-2-task-result-queued")
    assert Case.objects.count() == before
    assert Task.objects.filter(campaign=campaign, status=Task.Status.DONE).count() == 0

    # The signal returns, but the answer to the first report is lost on the way back: the
    # server filed it, the phone never heard, and sends it again with the same key.
    keys, lost = [], []

    def lose_the_first_answer(route):
        if route.request.method != "POST":
            return route.continue_()
        keys.append((route.request.url, route.request.headers.get("idempotency-key")))
        if len(keys) == 1:
            route.fetch()  # reaches the server, which files the report
            route.abort("timedout")
            return lost.append(True)
        return route.continue_()

    context.unroute("**/*")
    context.route("**/api/v1/**", lose_the_first_answer)
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
    phone.wait_for_selector("#task-result")  # the task page shows the result it now has
    phone.shot("offline-3-all-sent")

    # Three rows, not four: the retried report was answered from its key, not filed again.
    assert Case.objects.count() == before + 2
    for text in DESCRIPTIONS:
        case = Case.objects.get(description=text)
        assert case.photos.count() == 2
        assert case.reporter == worker
    (done,) = Task.objects.filter(campaign=campaign, status=Task.Status.DONE)
    assert (done.pk, done.answers["positive_containers"], done.done_by) == (task.pk, 2, worker)
    assert done.note == "离线填报的任务结果" and done.photos.count() == 1
    assert len(keys) == 4 and keys[1] == keys[0], "the retry carries the first request's key"
    assert len({key for _, key in keys}) == 3
    assert keys[-1][0].endswith(f"/api/v1/tasks/{task.pk}/result/")
