"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Screenshots go to test-artifacts/screenshots/ (look at them). A live server needs committed
data, so these tests are transactional: they share the committed demo district.
"""

import os
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, need

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Requests a service worker makes go through context.route() only with this (read when
# Playwright starts): test_offline.py cuts the signal by aborting them.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    need(Path(CHROMIUM).exists(), "Debian's chromium is needed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def district(transactional_db, settings):
    """The demo district committed for the live server (every transactional test finds it and
    leaves it: tests/committed.py), with no map tiles to fetch."""
    settings.MAP_TILE_URL = ""
    settings.LEAFLET_CONFIG = {**settings.LEAFLET_CONFIG, "TILES": []}


@pytest.fixture
def phone(browser, live_server, district):
    """A phone-sized page on the live server; `phone.shot(name)` saves a screenshot."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url

    def shot(name: str) -> Path:
        page.wait_for_load_state("load")
        page.wait_for_timeout(400)  # maps settle a tick after load
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    page.shot = shot
    yield page
    context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def dengue_campaign():
    """A dengue campaign launched over the demo worker's community: a task for each house."""
    from django.contrib.auth import get_user_model

    from events.campaigns.launch import campaign_launch
    from events.campaigns.models import Campaign, FormField
    from taxonomy.models import Subcategory
    from tests.campaigns.conftest import COMMUNITY, make_campaign

    users = get_user_model().objects
    campaign = make_campaign(
        name="登革热蚊媒孳生地清查", target=Campaign.Target.HOUSE, region_code=COMMUNITY,
        creator=users.get(username="dispatcher"),
        finding_subcategory=Subcategory.objects.get(name_zh="暴露垃圾"), fields=[
            ("positive_containers", "阳性容器数", FormField.Kind.NUMBER, {"required": True}),
            ("standing_water", "有积水", FormField.Kind.YES_NO, {}),
            ("photo", "现场照片", FormField.Kind.PHOTO, {}),
        ])
    campaign_launch(campaign=campaign)
    return campaign
