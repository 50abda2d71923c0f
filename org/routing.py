"""Which department owns this problem, here, and at which level?

1. Matter: the active duty list's default matter of the subcategory in force today whose region
   is the nearest going up from the case's grid (a community row beats a street row beats a
   row for the whole list's region; outside that region the list does not apply). A
   dispatcher may name another matter of the subcategory.
2. Region: the matter's owners are department codes or 属地 references resolved from the grid's
   path (属地街道, 属地村居, 属地街道:<function>).
3. Component: for a component subcategory, a registered component of a matching kind within
   COMPONENT_MATCH_METRES of the report decides the lead (its owner).
No matter: the subcategory's default department. No grid, or nobody: the manual dispatch queue.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from common import reference
from grids.geometry import km_per_degree
from org.models import Component, DefaultOwner, Department, DutyList, Level, Matter

LOCAL_STREET = "属地街道"
LOCAL_COMMUNITY = "属地村居"


@dataclass(frozen=True)
class Route:
    department: Department | None
    reason: str
    details: dict = field(default_factory=dict)
    matter: Matter | None = None
    assisting: tuple = ()  # departments with a part of their own (协办)
    level: str = ""

    @property
    def is_manual(self) -> bool:
        return self.department is None


class OwnerError(ValueError):
    """A reference that names no department, or several, for a region."""


def department_index(departments) -> tuple[dict, dict]:
    """Departments by code and by (level, region served, function): what resolve_owner reads.
    The duty import builds one of the departments as they will be after the import."""
    by_code, local = {}, defaultdict(list)
    for department in departments:
        by_code[department.code] = department
        if department.region_code:
            local[(department.level, department.region_code, department.function)].append(
                department)
    return by_code, dict(local)


def _departments() -> tuple[dict, dict]:
    """The department index of the database, kept in the process."""
    return reference.cached("departments",
                            lambda: department_index(Department.objects.all()))


def resolve_owner(reference_: str, path_codes: dict[str, str], index=None) -> Department:
    """The department a lead or assisting reference names for a case whose region path is
    `path_codes` ({level: code}), in `index` (department_index) or the database's. Raises
    OwnerError when it names none or several."""
    by_code, local = index or _departments()
    name, _sep, function = reference_.strip().partition(":")
    if name == LOCAL_STREET:
        key = (Level.STREET, path_codes.get(Level.STREET, ""), function.strip())
    elif name == LOCAL_COMMUNITY and not function:
        key = (Level.COMMUNITY, path_codes.get(Level.COMMUNITY, ""), "")
    else:
        department = by_code.get(reference_.strip())
        if department is None:
            raise OwnerError(_("No department with code %(code)s.") % {"code": reference_})
        return department
    found = local.get(key, [])
    if len(found) != 1:
        raise OwnerError(_("%(ref)s names %(count)s departments in region %(region)s.") % {
            "ref": reference_, "count": len(found), "region": key[1] or "-"})
    return found[0]


def active_matters() -> dict[int, list[Matter]]:
    """The active list's matters by subcategory id, kept in the process."""

    def load():
        by_subcategory = defaultdict(list)
        for matter in Matter.objects.filter(duty_list__is_active=True).select_related(
                "duty_list").order_by("code"):
            by_subcategory[matter.subcategory_id].append(matter)
        return dict(by_subcategory)

    return reference.cached("matters", load)


def default_matter(subcategory, path_codes: list[str], day) -> Matter | None:
    """The default matter in force on `day` on the nearest region of the path."""
    rank = {code: i for i, code in enumerate(path_codes)}
    rank[""] = len(path_codes)  # a list for no region in particular applies everywhere
    matters = active_matters().get(subcategory.pk, ())
    candidates = [(rank[region], m.code, m.pk, m) for m in matters
                  if m.is_default and m.in_force(day)
                  and (region := m.region_code or m.duty_list.region_code) in rank]
    return min(candidates, default=(None,) * 4)[3]


def default_department(subcategory) -> Department | None:
    """The catalogue's default department of this subcategory (kept in the process)."""
    return reference.cached("default_owners", lambda: {
        owner.subcategory_id: owner.department
        for owner in DefaultOwner.objects.select_related("department")}).get(subcategory.pk)


class ComponentIndex:
    """Registered components of each kind on a grid of cells about COMPONENT_MATCH_METRES
    wide: the nearest within the distance is found in the few cells around the point."""

    def __init__(self, rows):
        self.metres = settings.COMPONENT_MATCH_METRES
        # Cells are at least the distance wide in both directions up to 45°N, so the nearest
        # within it lies in the 3 × 3 cells around the point.
        self.cell = self.metres / 1000 / km_per_degree(45.0)[0]
        self.cells = defaultdict(list)
        for row in rows:  # (kind_id, lat, lon, pk)
            self.cells[(row[0], *self._key(row[1], row[2]))].append(row)

    def _key(self, lat, lon):
        return math.floor(lat / self.cell), math.floor(lon / self.cell)

    def nearest(self, kind_ids, lat, lon, limit=1) -> list[tuple[float, int]]:
        """[(metres, component pk)] nearest first, within the distance."""
        row, col = self._key(lat, lon)
        kx, ky = km_per_degree(lat)
        found = []
        for kind in kind_ids:
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    for _k, clat, clon, pk in self.cells.get((kind, row + dr, col + dc), ()):
                        metres = 1000 * math.hypot((clat - lat) * ky, (clon - lon) * kx)
                        if metres <= self.metres:
                            found.append((metres, pk))
        return sorted(found)[:limit]


def component_index() -> ComponentIndex:
    return reference.cached("components", lambda: ComponentIndex(
        Component.objects.values_list("kind_id", "lat", "lon", "pk").iterator(chunk_size=10000)))


def component_kinds(subcategory) -> tuple[int, ...]:
    def load():
        kinds = defaultdict(list)
        through = Component.kind.field.related_model.subcategories.through
        for sub_id, kind_id in through.objects.values_list("subcategory_id", "componentkind_id"):
            kinds[sub_id].append(kind_id)
        return {sub: tuple(ids) for sub, ids in kinds.items()}

    return reference.cached("component_kinds", load).get(subcategory.pk, ())


def nearest_components(subcategory, lat: float, lon: float, limit: int = 5) -> list:
    """Components of the kinds this subcategory matches near the point, nearest first, as
    (metres, Component)."""
    kinds = component_kinds(subcategory)
    if not kinds or lat is None or lon is None:
        return []
    near = component_index().nearest(kinds, lat, lon, limit)
    components = Component.objects.select_related("owner", "kind").in_bulk(
        [pk for _m, pk in near])
    return [(metres, components[pk]) for metres, pk in near if pk in components]


def route_case(*, subcategory, grid, lat=None, lon=None, matter=None, day=None) -> Route:
    if grid is None:
        return Route(None, _("The location is outside every grid: manual dispatch needed."),
                     {"matched": "outside_grids"})
    path = grid.path()
    path_codes = [region.code for region in path]
    day = day or timezone.localdate()
    matter = matter or default_matter(subcategory, path_codes, day)
    component = nearest_components(subcategory, lat, lon, limit=1)
    if matter is None:
        department = default_department(subcategory)
        level = Level.DISTRICT
        details = {"matched": "default_department"}
        reason = _("No duty-list matter applies; default department of %(target)s: "
                   "%(department)s.") % {"target": subcategory, "department": department}
        assisting = ()
    else:
        by_level = {region.level: region.code for region in path}
        try:
            department = resolve_owner(matter.lead, by_level)
            assisting = tuple(resolve_owner(ref, by_level) for ref in matter.assisting)
        except OwnerError as error:
            return Route(None, _("Matter %(code)s cannot be resolved here: %(error)s Manual "
                                 "dispatch needed.") % {"code": matter.code, "error": error},
                         {"matched": "unresolved", "matter": matter.code}, matter=matter,
                         level=matter.level)
        level = matter.level
        details = {"matched": "matter", "matter": matter.code,
                   "region": matter.region_code or None}
        reason = _("Matter %(code)s %(name)s (%(region)s): %(department)s.") % {
            "code": matter.code, "name": matter.name,
            "region": matter.region_code or _("whole list"), "department": department}
    if component:
        metres, found = component[0]
        if found.owner_id != getattr(department, "pk", None):
            reason += " " + _("Component %(code)s (%(kind)s, %(metres).0f m away) belongs to "
                              "%(owner)s.") % {"code": found.code, "kind": found.kind,
                                              "metres": metres, "owner": found.owner}
        department = found.owner
        details = {**details, "component": found.code, "metres": round(metres, 1)}
    if department is None:
        return Route(None, _("No duty-list matter and no default department: manual dispatch "
                             "needed."), {"matched": "none"})
    assisting = tuple(d for d in dict.fromkeys(assisting) if d.pk != department.pk)
    return Route(department, reason, details, matter=matter, assisting=assisting, level=level)


def activate(duty_list: DutyList) -> None:
    """Make this list the one routing uses; every process picks it up at its next check."""
    DutyList.objects.filter(is_active=True).exclude(pk=duty_list.pk).update(is_active=False)
    DutyList.objects.filter(pk=duty_list.pk).update(is_active=True,
                                                    activated_at=timezone.now())
    reference.changed()


@dataclass(frozen=True)
class Owner:
    """A lead or assisting reference with the department it names in a region, or why none."""

    reference: str
    department: Department | None
    error: str = ""


def owner(reference_: str, by_level: dict[str, str]) -> Owner:
    try:
        return Owner(reference_, resolve_owner(reference_, by_level))
    except OwnerError as error:
        return Owner(reference_, None, str(error))


def matters_in(subcategory, region, day=None) -> list[tuple[Matter, bool]]:
    """The active list's matters of the subcategory that apply in `region` (a matter for it,
    for one of its ancestors, or for the whole list), nearest region first and the default
    first, each with whether routing picks it there on `day`."""
    path_codes = [r.code for r in region.path()]
    rank = {code: i for i, code in enumerate(path_codes)}
    day = day or timezone.localdate()
    chosen = default_matter(subcategory, path_codes, day)
    found = [m for m in active_matters().get(subcategory.pk, ())
             if (m.region_code or m.duty_list.region_code) in rank]
    found.sort(key=lambda m: (rank[m.region_code or m.duty_list.region_code], not m.is_default,
                              m.code))
    return [(m, chosen is not None and m.pk == chosen.pk) for m in found]
