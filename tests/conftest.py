"""Shared fixtures: the demo district is built once per test session (taxonomy, 921 grids,
departments, duty rules, one user per role); each test then runs in a rolled-back transaction.

REQUIRE_SERVICES=1 (CI) turns every "needs PostgreSQL/Redis" skip into a failure.
"""

import pytest
from django.core.management import call_command

from common import reference
from tests.browser.fixtures import browser, district, phone  # noqa: F401 (shared fixtures)
from tests.helpers import PASSWORD, need


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", "--commit", "--cases", "0", "--password", PASSWORD,
                     verbosity=0)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Check the active generation on every lookup, as another process would after its delay.
    settings.GRID_INDEX_CHECK_SECONDS = settings.REFERENCE_CHECK_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    # Reference data read by an earlier test may be gone with its rolled-back transaction.
    reference.forget()


@pytest.fixture(autouse=True)
def _report_rate_limits_out_of_the_way(settings):
    # Abuse limits on citizen reports (events/ratelimit.py) are tested in tests/citizen/,
    # which sets its own; elsewhere they would only trip tests that file many reports. The
    # counters live in the cache, which outlives each test's transaction: start with none.
    from events.intake.ratelimit import reset_all

    settings.REPORT_RATE_PER_IP = settings.REPORT_RATE_PER_PHONE = "100000/h"
    reset_all()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """For requests sent to the real WSGI handler (schema fuzzing): its request signals close
    a connection left in a transaction, the test's own on PostgreSQL. Django's test client
    unhooks them likewise."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def postgres(django_db_blocker):
    from django.db import connection

    need(connection.vendor == "postgresql", "PostgreSQL is needed (set DATABASE_URL)")


@pytest.fixture
def services(postgres, tmp_path):
    """Environment for real worker and server processes sharing this test's database."""
    from tests.helpers import service_env

    return service_env(tmp_path)


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def demo(db):
    """Handy objects of the demo district."""
    from grids.models import Region
    from taxonomy.models import Subcategory

    grids = Region.objects.filter(generation__is_active=True, level="grid")

    class Demo:
        manhole = Subcategory.objects.get(name_zh="井盖丢失")
        vending = Subcategory.objects.get(name_zh="占道经营")
        neighbours = Subcategory.objects.get(name_zh="邻里纠纷")
        first_grid = grids.order_by("code").first()

    return Demo
