"""Reference data kept per process (common.reference): read once, dropped when any
process saves a change, re-read from the database while the cache is down."""

import pytest
from django.core.cache.backends.locmem import LocMemCache

from common import reference
from common.cache import state
from events.sla.calendar import stage_limit
from grids.models import Region
from org.models import Department, DutyList, Matter
from org.routing import activate, route_case
from taxonomy.loader import subcategory_by_code
from taxonomy.models import Subcategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid():
    return Region.objects.filter(generation__is_active=True, level="grid").select_related(
        "parent__parent__parent").first()


@pytest.fixture
def sub():
    return Subcategory.objects.get(name_zh="暴露垃圾")


def _rule(grid, sub, code) -> Matter:
    """A matter for this grid alone in a new active list, whose lead is a new department."""
    department = Department.objects.create(code=code, name=code, kind=Department.Kind.BUREAU)
    listed = DutyList.objects.create(name=code)
    matter = Matter.objects.create(duty_list=listed, code=code, name=code, subcategory=sub,
                                   level="district", lead=code, region_code=grid.code)
    activate(listed)
    matter.department = department
    return matter


def test_a_second_report_reads_no_reference_data_from_the_database(
        grid, sub, django_assert_num_queries):
    route_case(subcategory=subcategory_by_code(sub.code), grid=grid)
    stage_limit(sub, "normal", "accept")
    with django_assert_num_queries(0):
        route_case(subcategory=subcategory_by_code(sub.code), grid=grid)
        assert stage_limit(sub, "normal", "accept") is not None


def test_an_activated_duty_list_routes_the_next_report_at_once(grid, sub):
    assert route_case(subcategory=sub, grid=grid).department.code != "NEW"
    _rule(grid, sub, "NEW")
    assert route_case(subcategory=sub, grid=grid).department.code == "NEW"


def test_a_change_saved_by_another_process_is_seen_after_the_check_interval(
        grid, sub, settings, monkeypatch):
    settings.REFERENCE_CHECK_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(reference.time, "monotonic", lambda: now[0])
    reference.forget()
    before = route_case(subcategory=sub, grid=grid).department.code
    rule = _rule(grid, sub, "OTHER")
    # As another process's save would: the rows and the shared version change, this process's
    # copy does not.
    reference._state["values"]["matters"] = {}
    reference._state["checked"] = now[0]
    state().set(reference.KEY, "another process's version", None)
    assert route_case(subcategory=sub, grid=grid).department.code == before
    now[0] += 61
    assert route_case(subcategory=sub, grid=grid).department == rule.department


def test_writes_that_send_no_signal_are_seen_after_changed(grid, sub):
    _rule(grid, sub, "A")
    assert route_case(subcategory=sub, grid=grid).department.code == "A"
    Matter.objects.filter(region_code=grid.code).update(is_default=False)
    assert route_case(subcategory=sub, grid=grid).department.code == "A"  # kept copy
    reference.changed()
    assert route_case(subcategory=sub, grid=grid).department.code != "A"


class DownCache(LocMemCache):
    def get(self, *args, **kwargs):
        raise ConnectionError("cache is down")

    set = add = get


def test_with_the_cache_down_reference_data_comes_from_the_database(grid, sub, settings):
    down = {"BACKEND": f"{__name__}.DownCache"}
    settings.CACHES = {"default": down, "state": down}
    route_case(subcategory=sub, grid=grid)
    Matter.objects.filter(region_code=grid.code).delete()  # signals fail quietly too
    rule = _rule(grid, sub, "DB")
    assert route_case(subcategory=sub, grid=grid).department == rule.department
