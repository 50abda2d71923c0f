"""The production Content-Security-Policy, enforced, in Chromium: every page still works (maps
draw, scripts run) and the browser blocks nothing. Catches a policy that is too tight for the
pages, or a page that starts loading something from elsewhere."""

import pytest

from governance.security import csp_directives
from tests.browser.fixtures import login
from tests.security.conftest import close

# Uses the browser tests' fixtures (tests/conftest.py): one Chromium for the whole session.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def enforced(settings):
    """What production sends (test_production_settings checks production builds it)."""

    def enforce(unsafe_inline_scripts: bool = settings.CSP_SCRIPT_UNSAFE_INLINE) -> None:
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": csp_directives(
            tile_url=settings.MAP_TILE_URL, unsafe_inline_scripts=unsafe_inline_scripts)}
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None

    enforce()
    return enforce


@pytest.fixture
def violations(phone, enforced):
    """Every CSP violation the browser reports, and every script error."""
    seen = []
    phone.on("console", lambda m: seen.append(m.text) if m.type == "error" and (
        "Content Security Policy" in m.text or "Refused" in m.text) else None)
    phone.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_the_pages_work_under_the_enforced_policy(phone, violations, file_case):
    case = close(file_case())
    phone.goto(f"{phone.base}/")
    phone.wait_for_selector("#grid-map .leaflet-interactive")  # grids drawn by the inline script
    assert phone.evaluate("document.contentType") == "text/html"
    phone.goto(f"{phone.base}/report/")
    phone.wait_for_selector("html.js")  # the inline class switch ran
    login(phone, "dispatcher")
    phone.goto(f"{phone.base}/cases/{case.tracking_number}/")
    phone.wait_for_selector("#case-map .leaflet-marker-icon")
    phone.goto(f"{phone.base}/command/")
    phone.wait_for_selector(".leaflet-interactive")
    assert violations == []


def test_the_inline_script_allowance_is_still_needed(phone, violations, enforced):
    """When this fails, every inline script carries the nonce: set CSP_SCRIPT_UNSAFE_INLINE's
    default to False in governance/settings.py and delete this test (README, "Reliability
    and security")."""
    enforced(unsafe_inline_scripts=False)
    phone.goto(f"{phone.base}/")
    phone.wait_for_load_state("load")
    assert any("inline script" in v for v in violations), violations
