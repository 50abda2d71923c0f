"""Which department owns this problem, here?

The duty rule on the nearest region going up from the grid wins (grid, community, street,
district); on the same region a subcategory rule beats a category rule, then the higher
priority. No rule: the subcategory's default department. No grid or no default: nobody, and
the case waits in the command centre's manual dispatch queue.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common import reference
from org.models import DefaultOwner, Department, DutyRule


@dataclass(frozen=True)
class Route:
    department: Department | None
    reason: str
    details: dict = field(default_factory=dict)

    @property
    def is_manual(self) -> bool:
        return self.department is None


def _rule_rank(rule: DutyRule, path_codes: list[str]):
    nearest = path_codes.index(rule.region_code)
    return (nearest, rule.subcategory_id is None, -rule.priority, rule.pk)


def _active_rules() -> dict[str, list[DutyRule]]:
    """Active duty rules by region code, kept in the process (common.reference)."""

    def load():
        by_region = defaultdict(list)
        for rule in DutyRule.objects.filter(is_active=True).select_related(
                "department", "subcategory", "category"):
            by_region[rule.region_code].append(rule)
        return dict(by_region)

    return reference.cached("duty_rules", load)


def default_department(subcategory) -> Department | None:
    """The catalogue's default department of this subcategory (kept in the process)."""
    return reference.cached("default_owners", lambda: {
        owner.subcategory_id: owner.department
        for owner in DefaultOwner.objects.select_related("department")}).get(subcategory.pk)


def route_case(*, subcategory, grid) -> Route:
    if grid is None:
        return Route(None, _("The location is outside every grid: manual dispatch needed."),
                     {"matched": "outside_grids"})
    path = grid.path()
    path_codes = [region.code for region in path]
    by_region = _active_rules()
    rules = [rule for code in path_codes for rule in by_region.get(code, ())
             if rule.subcategory_id == subcategory.pk
             or rule.category_id == subcategory.category_id]
    if rules:
        best = min(rules, key=lambda rule: _rule_rank(rule, path_codes))
        region = path[path_codes.index(best.region_code)]
        return Route(
            best.department,
            _("Duty rule #%(rule)s for %(target)s in %(region)s: %(department)s.") % {
                "rule": best.pk, "target": best.subcategory or best.category,
                "region": region, "department": best.department},
            {"matched": "duty_rule", "rule": best.pk, "region": best.region_code},
        )
    department = default_department(subcategory)
    if department is not None:
        return Route(
            department,
            _("No duty rule applies; default department of %(target)s: %(department)s.") % {
                "target": subcategory, "department": department},
            {"matched": "default_department"},
        )
    return Route(None, _("No duty rule and no default department: manual dispatch needed."),
                 {"matched": "none"})
