"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Screenshots go to test-artifacts/screenshots/ (look at them). A live server needs committed
data, so these tests are transactional and build the demo district themselves.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

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
def committed_district(django_db_setup, django_db_blocker):
    """The demo district committed for a live server, and after the test only the rows the
    test added deleted: flushing and seeding the whole district again after every test (as
    pytest-django's transactional_db would) costs a quarter of a minute each."""
    with django_db_blocker.unblock():
        marks = _district_marks()
        yield
        _delete_rows_added_since(marks)


@pytest.fixture
def district(committed_district, settings):
    """The demo district in the live server's database, with no map tiles to fetch."""
    settings.MAP_TILE_URL = ""
    settings.LEAFLET_CONFIG = {**settings.LEAFLET_CONFIG, "TILES": []}


_marks: dict = {}


def _district_marks() -> dict:
    """Each table's highest id once the district is seeded, taken again whenever something
    else changed the database since (a test elsewhere flushed it and the district was seeded
    anew, or a module built a busier district of its own)."""
    from django.db import connections

    from grids.models import Region

    if not Region.objects.exists():
        connections.close_all()  # as TransactionTestCase gives each test a fresh connection
        call_command("seed_demo", "--commit", "--password", PASSWORD, verbosity=0)
    now = _table_marks()
    if now != _marks:  # after this fixture's own clean-up every table ends where it was
        _marks.clear()
        _marks.update(now)
    return _marks


def _table_marks() -> dict:
    from django.apps import apps

    marks = {}
    for model in apps.get_models(include_auto_created=True):
        numeric = model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField",
                                                         "SmallAutoField"}
        rows = model._base_manager.all()
        marks[model] = (rows.order_by("-pk").values_list("pk", flat=True).first() or 0
                        if numeric else rows.exists())
    return marks


def _delete_rows_added_since(marks: dict) -> None:
    """One transaction: foreign keys are checked at commit (Django declares them deferred),
    so the order of the deletes does not matter."""
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model, mark in marks.items():
            table = quote(model._meta.db_table)
            if mark is True:
                continue  # rows keyed by text that were there before: left as they are
            if mark is False:
                cursor.execute(f"DELETE FROM {table}")
            else:
                cursor.execute(f"DELETE FROM {table} WHERE {quote(model._meta.pk.column)} > %s",
                               [mark])


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
