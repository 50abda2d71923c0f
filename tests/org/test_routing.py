"""Routing by the duty list: matter → region (属地) → component."""

import pytest

from grids.models import Region
from org.models import Component, ComponentKind, DefaultOwner, Department, DutyList, Matter
from org.routing import (
    OwnerError,
    activate,
    default_department,
    resolve_owner,
    route_case,
)
from taxonomy.models import Subcategory

pytestmark = pytest.mark.django_db


def _grid_with_ancestors():
    grid = Region.objects.filter(generation__is_active=True, level="grid").select_related(
        "parent__parent__parent").order_by("-code").first()
    community, street, district = grid.parent, grid.parent.parent, grid.parent.parent.parent
    return grid, community, street, district


def _department(code, **fields):
    return Department.objects.create(code=code, name=code, kind=Department.Kind.BUREAU,
                                     **fields)


def _list(*matters, activate_it=True):
    listed = DutyList.objects.create(name="test")
    for matter in matters:
        matter.duty_list = listed
        matter.save()
    if activate_it:
        activate(listed)
    return listed


def _matter(sub, code, lead, **fields):
    return Matter(code=code, name=code, subcategory=sub, level=fields.pop("level", "district"),
                  lead=lead, **fields)


def test_local_references_resolve_for_every_street_and_community():
    regions = Region.objects.filter(generation__is_active=True)
    streets = regions.filter(level="street")
    communities = regions.filter(level="community").select_related("parent")
    assert streets.count() == 4 and communities.count() == 139
    for street in streets:
        office = resolve_owner("属地街道", {"street": street.code})
        assert (office.level, office.region_code, office.function) == ("street", street.code, "")
        for function in ("司法所", "爱卫办", "城管中队"):
            body = resolve_owner(f"属地街道:{function}", {"street": street.code})
            assert (body.region_code, body.function) == (street.code, function)
    for community in communities:
        committee = resolve_owner("属地村居", {"community": community.code,
                                           "street": community.parent.code})
        assert committee.level == "community" and committee.region_code == community.code


def test_a_reference_naming_no_department_or_several_is_an_error():
    _grid, _community, street, _ = _grid_with_ancestors()
    with pytest.raises(OwnerError):
        resolve_owner("属地街道:无此职能", {"street": street.code})
    _department("DUP", level="street", region_code=street.code, function="司法所")
    with pytest.raises(OwnerError):
        resolve_owner("属地街道:司法所", {"street": street.code})
    with pytest.raises(OwnerError):
        resolve_owner("NOSUCH", {})


def test_the_most_specific_region_wins_and_a_street_row_overrides_the_list_row():
    grid, community, street, _district = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    _department("S")
    _department("C")
    _list(_matter(sub, "M-ALL", "属地街道", level="street"),
          _matter(sub, "M-S", "S", region_code=street.code),
          _matter(sub, "M-OTHER", "C", region_code="440604999"))
    route = route_case(subcategory=sub, grid=grid)
    assert route.department.code == "S" and route.matter.code == "M-S"
    assert route.details == {"matched": "matter", "matter": "M-S", "region": street.code}
    other = Region.objects.filter(generation__is_active=True, level="grid").exclude(
        parent__parent=street).select_related("parent__parent").first()
    route = route_case(subcategory=sub, grid=other)
    assert route.matter.code == "M-ALL"
    assert route.department.region_code == other.parent.parent.code
    assert route.level == "street"


def test_only_default_matters_in_force_route_and_a_dispatcher_may_pick_another():
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    for code in ("OLD", "ALT", "NOW"):
        _department(code)
    import datetime
    _list(_matter(sub, "M-OLD", "OLD", effective_to=datetime.date(2020, 1, 1)),
          _matter(sub, "M-ALT", "ALT", is_default=False),
          _matter(sub, "M-NOW", "NOW", effective_from=datetime.date(2020, 1, 2)))
    assert route_case(subcategory=sub, grid=grid).department.code == "NOW"
    alternative = Matter.objects.get(code="M-ALT")
    assert route_case(subcategory=sub, grid=grid, matter=alternative).department.code == "ALT"


def test_assisting_owners_are_resolved_and_the_lead_is_not_repeated():
    grid, community, street, _ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="邻里纠纷")
    route = route_case(subcategory=sub, grid=grid)  # the demo list: 属地村居 + 司法所
    assert route.department.region_code == community.code
    assert [d.function for d in route.assisting] == ["司法所"]
    assert route.assisting[0].region_code == street.code
    assert route.level == "community"


def test_an_inactive_list_is_ignored_until_activated():
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    _department("NEW")
    listed = _list(_matter(sub, "M-NEW", "NEW"), activate_it=False)
    assert route_case(subcategory=sub, grid=grid).department.code != "NEW"
    activate(listed)
    assert route_case(subcategory=sub, grid=grid).department.code == "NEW"


def test_with_no_matter_the_default_department_applies():
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="路灯不亮")
    Matter.objects.filter(subcategory=sub).delete()  # the demo list has one for every kind
    route = route_case(subcategory=sub, grid=grid)
    assert route.department == default_department(sub)
    assert route.details == {"matched": "default_department"}


def test_with_no_matter_and_no_default_the_case_needs_manual_dispatch():
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="路灯不亮")
    DefaultOwner.objects.filter(subcategory=sub).delete()
    Matter.objects.filter(subcategory=sub).delete()
    route = route_case(subcategory=sub, grid=grid)
    assert route.is_manual and route.details == {"matched": "none"}


def test_an_unresolvable_matter_goes_to_manual_dispatch_and_says_why():
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    _list(_matter(sub, "M-BAD", "属地街道:无此职能"))
    route = route_case(subcategory=sub, grid=grid)
    assert route.is_manual and route.details["matched"] == "unresolved"
    assert "M-BAD" in route.reason


def test_outside_every_grid_the_case_needs_manual_dispatch():
    route = route_case(subcategory=Subcategory.objects.first(), grid=None)
    assert route.is_manual and "outside" in route.details["matched"]


def test_the_demo_list_sends_disputes_to_the_street_office():
    grid, _c, street, _d = _grid_with_ancestors()
    dispute = Subcategory.objects.filter(category__code="10").exclude(name_zh="邻里纠纷").first()
    route = route_case(subcategory=dispute, grid=grid)
    assert route.department.region_code == street.code
    assert route.department.kind == Department.Kind.STREET


def test_a_component_decides_a_manhole_report_within_the_distance_and_not_beyond(settings):
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="井盖丢失")
    Component.objects.all().delete()  # the demo register: this cover alone
    kind = ComponentKind.objects.get(name="燃气井盖")
    gas = Department.objects.get(code="RQG")
    lat, lon = 23.0200, 113.1100
    Component.objects.create(code="RQ-1", kind=kind, lat=lat, lon=lon, owner=gas)
    metre = 1 / 110_574  # degrees of latitude per metre
    near = route_case(subcategory=sub, grid=grid, lat=lat + 12 * metre, lon=lon)
    assert near.department == gas
    assert near.details["component"] == "RQ-1" and 11 < near.details["metres"] < 13
    assert "RQ-1" in near.reason
    far = route_case(subcategory=sub, grid=grid, lat=lat + 20 * metre, lon=lon)
    assert far.department != gas and "component" not in far.details
    elsewhere = route_case(subcategory=Subcategory.objects.get(name_zh="暴露垃圾"), grid=grid,
                           lat=lat, lon=lon)
    assert elsewhere.department != gas
