"""The production Content-Security-Policy, enforced, in Chromium: every page we serve still works
(maps draw, scripts run) and the browser blocks nothing. Catches a policy that is too tight for
the pages, and a page that gains an inline script, an event-handler attribute or something
loaded from elsewhere. Screenshots: test-artifacts/screenshots/csp-*.png."""

import json

import pytest
from django.conf import settings as django_settings

from common.security import csp_directives
from events.citizen.tracking import tracking_path
from tests.browser.fixtures import ARTIFACTS, login
from tests.helpers import close

# Uses the browser tests' fixtures (tests/conftest.py): one Chromium for the whole session.
pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's init scripts and bindings come in through the DevTools protocol, which the
# page's policy does not govern: the listener sees every violation, from the first byte.
LISTEN = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                      + (e.sourceFile ? " at " + e.sourceFile + ":" + e.lineNumber : ""));
});
"""


@pytest.fixture
def enforced(settings):
    """What production sends (test_production_settings checks production builds it)."""
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": csp_directives(
        tile_url=settings.MAP_TILE_URL)}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None


@pytest.fixture
def visit(phone, enforced):
    """`visit(name, path, works)`: open the page, wait until `works` (a selector or a
    JavaScript condition) holds, take a screenshot; `visit.seen` maps each page to what the
    browser blocked or what failed in its scripts while it was open."""
    seen, current = {}, ["(start)"]

    def record(text: str) -> None:
        seen.setdefault(current[0], []).append(text)

    phone.context.expose_function("cspViolation", record)
    phone.context.add_init_script(LISTEN)
    phone.on("console", lambda m: record(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Refused" in m.text) else None)
    phone.on("pageerror", lambda error: record(f"script error: {error}"))

    def go(name: str, path: str, works: str) -> None:
        current[0] = name
        seen[name] = []
        response = phone.goto(f"{phone.base}{path}")
        assert response.ok, (name, response.status)
        assert "script-src 'self'" in response.header_value("Content-Security-Policy"), name
        if works.startswith("js:"):  # a function: an expression would need eval()
            phone.wait_for_function(f"() => {works[3:]}")
        else:
            phone.wait_for_selector(works)
        phone.shot(f"csp-{name}")

    def sign_in(username: str) -> None:
        current[0] = "login"  # what the sign-in form itself trips counts against /login/
        login(phone, username)

    go.seen, go.sign_in = seen, sign_in
    return go


def test_every_page_works_under_the_enforced_policy_with_nothing_blocked(visit, phone,
                                                                         file_case):
    from grids.models import Region

    case = close(file_case())
    grid = Region.objects.filter(generation__is_active=True, level="grid",
                                 geometry__isnull=False).order_by("code").first()
    number = case.tracking_number

    visit("home", "/", "#grid-map .leaflet-interactive")  # grids drawn by home.js
    visit("citizen-report", "/report/", "js:window.citizenReport !== undefined")
    assert phone.evaluate("document.documentElement.classList.contains('js')")
    visit("citizen-track", tracking_path(case), "html.js #case-status")
    visit("api-docs", "/api/v1/docs/", ".swagger-ui .info")
    visit("login", "/login/", "input[name=username]")

    visit.sign_in("dispatcher")
    visit("staff-queue", "/dispatch/", "h1")
    visit("staff-case", f"/cases/{number}/", "#case-map .leaflet-marker-icon")
    visit("command", "/command/", "#command-map .leaflet-interactive")

    visit.sign_in("drainage")
    visit("staff-inbox", "/department/", "h1")

    visit.sign_in("worker")
    visit("staff-worker", "/worker/", "h1")
    visit("staff-patrol", "/worker/report/", "#patrol-map .leaflet-interactive")
    box = phone.locator("#patrol-map").bounding_box()
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert phone.input_value("#lat"), "patrol.js fills the position from a tap"

    visit.sign_in("admin")
    admin = "/" + django_settings.ADMIN_URL
    visit("admin-index", admin, "#content-main")
    visit("admin-region-map", f"{admin}grids/region/{grid.pk}/change/",
          "#region-map .leaflet-interactive")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "csp-violations.json").write_text(
        json.dumps(visit.seen, ensure_ascii=False, indent=2))
    assert len(visit.seen) == 13
    assert {page: found for page, found in visit.seen.items() if found} == {}


def test_redoc_works_but_its_search_worker_and_logo_stay_blocked(visit):
    """ReDoc's bundle starts its search in a worker made from a blob: URL (worker-src falls
    back to script-src, which allows no blob:) and shows Redocly's logo from cdn.redoc.ly.
    Blocking both costs ReDoc's search box and a logo; Swagger UI (/api/v1/docs/) searches
    nothing and needs neither. Allowing them would be `worker-src 'self' blob:` and that host
    in img-src. When this fails, ReDoc changed: see what it needs now."""
    visit("api-redoc", "/api/v1/redoc/", "js:document.querySelector('.api-content h1')")
    blocked = sorted({v.split(" blocked ")[0] for v in visit.seen["api-redoc"]
                      if " blocked " in v})
    assert blocked == ["img-src", "worker-src"], visit.seen["api-redoc"]
    assert not [v for v in visit.seen["api-redoc"] if v.startswith("script error")]
