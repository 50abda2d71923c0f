"""Shared fixtures: the demo district is built once per test session (taxonomy, 921 grids,
departments, the duty list, one user per role); each test then runs in a rolled-back transaction,
or, when transactional, deletes the rows it added afterwards (tests/committed.py).

REQUIRE_SERVICES=1 (CI) turns every "needs PostgreSQL/Redis" skip into a failure.
"""

import pytest
from django.contrib.auth import get_user_model

from common import reference
from events.intake.services import forget_reserved_numbers
from org.models import GridAssignment, Role, StaffProfile
from tests.browser.fixtures import (  # noqa: F401 (shared fixtures)
    browser,
    district,
    phone,
)
from tests.helpers import need


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests import committed

    with django_db_blocker.unblock():
        committed.seed()


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_share_the_committed_district():
    """Django's TransactionTestCase, in which pytest-django runs every transactional test,
    flushes the database after each; here it deletes only the rows the test added, and the
    next test finds the demo district still there (tests/committed.py)."""
    from django.test import TransactionTestCase

    from tests import committed

    def take_marks(cls):
        cls.district_marks = committed.take()

    def restore(self):
        committed.restore(self.district_marks)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_setup", classmethod(take_marks))
        patch.setattr(TransactionTestCase, "_fixture_teardown", restore)
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Check the active generation on every lookup, as another process would after its delay.
    settings.GRID_INDEX_CHECK_SECONDS = settings.REFERENCE_CHECK_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    # Reference data read by an earlier test may be gone with its rolled-back transaction,
    # and the tracking numbers a process reserved with the counters an earlier test deleted.
    reference.forget()
    forget_reserved_numbers()


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
def figures(capsys, record_property):
    """Print what a test on real servers measured (also past pytest's capture) and keep it in
    the JUnit XML report."""

    def show(test: str, **values) -> None:
        for name, value in values.items():
            record_property(name, value)
        with capsys.disabled():
            print(f"\n[{test}] " + ", ".join(f"{k}={v}" for k, v in values.items()))

    return show


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


class Cast:
    """The fixed cast of users per role, in and out of the scope of the case under test."""

    def __init__(self):
        users = get_user_model().objects
        self.leader = users.get(username="leader")
        self.dispatcher = users.get(username="dispatcher")
        self.street_dispatcher = users.get(username="zumiao")  # 祖庙街道: in scope
        self.handler = users.get(username="drainage")  # 排水公司 owns manhole covers
        self.other_handler = users.get(username="handler")  # 城管: another department
        self.worker = users.get(username="worker")  # grids of the first community
        other_grid = GridAssignment.objects.exclude(worker=self.worker).order_by(
            "-grid_code").first()
        self.other_worker = other_grid.worker  # a grid in another street
        self.other_dispatcher = users.create_user("shiwan-dispatcher")
        StaffProfile.objects.create(user=self.other_dispatcher, role=Role.DISPATCHER,
                                    scope_code="440604004")
        self.admin = users.get(username="admin")
        # The first community's committee: dispatches its community's level (分级处置) and
        # handles its own matters; the manhole cases above are the district's.
        self.village = users.get(username="village")

    def user(self, username: str):
        """A demo user outside the cast, by name."""
        return get_user_model().objects.get(username=username)

    def everyone(self):
        return {name: user for name, user in vars(self).items()}


@pytest.fixture
def cast(demo):
    return Cast()


@pytest.fixture
def file_case(demo):
    """File a citizen's report straight through intake (the one way tests file a case): a
    missing manhole cover in the demo worker's first grid, with an address and a phone number,
    unless told otherwise; `days_ago` moves its report into the past."""
    from datetime import timedelta

    from django.utils import timezone

    from events.intake.services import Report, case_report
    from events.models import Case
    from tests.helpers import PHONE, interior_point

    here = interior_point(demo.first_grid)

    def file(subcategory=None, lat=None, lon=None, reporter=None, photos=(), days_ago=0,
             **fields) -> Case:
        fields = {"description": "井盖丢失", "address": "祖庙路 1 号", "contact_phone": PHONE,
                  **fields}
        report = Report(subcategory=subcategory or demo.manhole, lat=lat or here[0],
                        lon=lon or here[1], **fields)
        case = case_report(report=report, reporter=reporter, photos=list(photos))
        if days_ago:
            Case.objects.filter(pk=case.pk).update(
                created_at=timezone.now() - timedelta(days=days_ago))
            case.refresh_from_db()
        return case

    return file
