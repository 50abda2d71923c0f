from grids.models import Region
from org.models import DefaultOwner, Department, DutyRule
from org.routing import default_department, route_case
from taxonomy.models import Category, Subcategory


def _grid_with_ancestors():
    grid = Region.objects.filter(generation__is_active=True, level="grid").select_related(
        "parent__parent__parent").order_by("-code").first()
    community, street, district = grid.parent, grid.parent.parent, grid.parent.parent.parent
    return grid, community, street, district


def _department(code):
    return Department.objects.create(code=code, name=code, kind=Department.Kind.BUREAU)


def test_the_rule_on_the_nearest_region_wins(db):
    grid, community, street, district = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    for region, code in [(district, "D"), (street, "S"), (community, "C")]:
        DutyRule.objects.create(subcategory=sub, region_code=region.code,
                                department=_department(code), priority=10)
    assert route_case(subcategory=sub, grid=grid).department.code == "C"
    DutyRule.objects.create(subcategory=sub, region_code=grid.code, department=_department("G"))
    route = route_case(subcategory=sub, grid=grid)
    assert route.department.code == "G"
    assert route.details == {"matched": "duty_rule", "rule": route.details["rule"],
                             "region": grid.code}


def test_on_one_region_a_subcategory_rule_beats_a_category_rule(db):
    grid, _community, street, _ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    DutyRule.objects.create(category=sub.category, region_code=street.code,
                            department=_department("CAT"), priority=100)
    DutyRule.objects.create(subcategory=sub, region_code=street.code,
                            department=_department("SUB"))
    assert route_case(subcategory=sub, grid=grid).department.code == "SUB"


def test_a_nearer_category_rule_beats_a_farther_subcategory_rule(db):
    grid, community, _street, district = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    DutyRule.objects.create(subcategory=sub, region_code=district.code,
                            department=_department("FAR"))
    DutyRule.objects.create(category=sub.category, region_code=community.code,
                            department=_department("NEAR"))
    assert route_case(subcategory=sub, grid=grid).department.code == "NEAR"


def test_higher_priority_wins_between_rules_of_the_same_kind_and_region(db):
    grid, _c, street, _d = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    DutyRule.objects.create(subcategory=sub, region_code=street.code,
                            department=_department("LOW"), priority=1)
    DutyRule.objects.create(subcategory=sub, region_code=street.code,
                            department=_department("HIGH"), priority=5)
    assert route_case(subcategory=sub, grid=grid).department.code == "HIGH"


def test_inactive_rules_and_rules_of_other_regions_are_ignored(db):
    grid, _c, street, _d = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="暴露垃圾")
    other = Region.objects.filter(level="street", generation__is_active=True).exclude(
        pk=street.pk).first()
    DutyRule.objects.create(subcategory=sub, region_code=other.code, department=_department("X"))
    DutyRule.objects.create(subcategory=sub, region_code=street.code, department=_department("Y"),
                            is_active=False)
    DutyRule.objects.filter(region_code=street.code, category=sub.category).delete()
    route = route_case(subcategory=sub, grid=grid)
    assert route.department == default_department(sub)
    assert route.details == {"matched": "default_department"}


def test_with_no_rule_and_no_default_the_case_needs_manual_dispatch(db):
    grid, *_ = _grid_with_ancestors()
    sub = Subcategory.objects.get(name_zh="路灯不亮")
    DefaultOwner.objects.filter(subcategory=sub).delete()
    route = route_case(subcategory=sub, grid=grid)
    assert route.is_manual and route.details == {"matched": "none"}


def test_outside_every_grid_the_case_needs_manual_dispatch(db):
    route = route_case(subcategory=Subcategory.objects.first(), grid=None)
    assert route.is_manual and "outside" in route.details["matched"]


def test_the_demo_rules_send_disputes_to_the_street_office(db):
    grid, _c, street, _d = _grid_with_ancestors()
    dispute = Category.objects.get(code="10").subcategories.exclude(name_zh="邻里纠纷").first()
    route = route_case(subcategory=dispute, grid=grid)
    assert route.department.region_code == street.code
    assert route.department.kind == Department.Kind.STREET
