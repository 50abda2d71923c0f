"""The 12345 hotline desk from the keyboard alone: a common call (a missing manhole cover at an
address the caller says in words) is filed within 30 seconds of scripted typing."""

import time

import pytest

from events.models import Case, Source
from places.models import Address
from tests.browser.fixtures import ARTIFACTS, login

DESK = {"width": 1280, "height": 900}


@pytest.fixture
def desk(browser, live_server, district):
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_operator_files_a_common_call_by_keyboard_alone(desk):
    address = Address.objects.filter(building="", road__gt="").order_by("code")[30]
    # As a caller says it: the community, the road, the number.
    said = f"{address.community}{address.road}{address.number}号"
    login(desk, "operator")
    assert desk.url.endswith("/hotline/")
    started = time.monotonic()
    keys = desk.keyboard
    keys.type("13912345678", delay=20)  # the caller's number: the field has the focus
    keys.press("Tab")  # request type: 投诉 is already chosen
    keys.press("Tab")
    keys.type(said, delay=40)
    desk.locator("#address-list li[aria-selected=true]").wait_for()
    shot(desk, "hotline-1-address-suggestions")
    keys.press("Enter")
    desk.locator("#address-status", has_text="标准地址").wait_for()
    keys.press("Tab")
    keys.type("窨井盖 丢", delay=40)  # a synonym and a word of the name
    desk.locator("#category-list li", has_text="井盖丢失").first.wait_for()
    keys.press("Enter")
    keys.press("Tab")
    keys.type("小区门口井盖不见了，晚上很危险", delay=20)
    shot(desk, "hotline-2-filled")
    keys.press("Control+Enter")
    desk.locator("#last-number").wait_for()
    elapsed = time.monotonic() - started
    shot(desk, "hotline-3-filed")
    case = Case.objects.get()
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert case.source == Source.HOTLINE and case.subcategory.name_zh == "井盖丢失"
    assert case.grid.code == address.grid_code and case.contact_phone == "13912345678"
    assert desk.locator("#last-number").inner_text() == case.tracking_number
    assert "139****5678" in desk.content()
    # Ready for the next call: the number field has the focus again.
    assert desk.evaluate("document.activeElement.id") == "caller-phone"
