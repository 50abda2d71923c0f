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
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from common import reference
from common.i18n import Phrase, Phrases
from grids.geometry import km_per_degree
from org.models import (
    Component,
    ComponentKind,
    DefaultOwner,
    Department,
    DutyList,
    Level,
    Matter,
)

LOCAL_STREET = "属地街道"
LOCAL_COMMUNITY = "属地村居"
# A component the reporter names may be this many times COMPONENT_MATCH_METRES away: a phone's
# fix is often 10–20 m off, and the code printed on a cover or a lamp post is no guess.
PICKED_COMPONENT_FACTOR = 2


@dataclass(frozen=True)
class Route:
    department: Department | None
    reason: Phrase | Phrases  # rendered in the log's language and in English
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


def _default_matters() -> dict[int, dict[str, list[Matter]]]:
    """The active list's default matters by subcategory id and region (a row's own region, or
    the list's), by code: a report looks up the few regions of its path, whatever the length of
    the list."""

    def load():
        by_region = defaultdict(lambda: defaultdict(list))
        for subcategory_id, matters in active_matters().items():
            for m in matters:  # by code already
                if m.is_default:
                    by_region[subcategory_id][m.region_code or m.duty_list.region_code].append(m)
        return {sub: dict(regions) for sub, regions in by_region.items()}

    return reference.cached("default_matters", load)


def default_matter(subcategory, path_codes: list[str], day) -> Matter | None:
    """The default matter in force on `day` on the nearest region of the path (a list for no
    region in particular applies everywhere); the first by code among several."""
    by_region = _default_matters().get(subcategory.pk)
    if not by_region:
        return None
    for region in (*path_codes, ""):
        for matter in by_region.get(region, ()):
            if matter.in_force(day):
                return matter
    return None


def default_department(subcategory) -> Department | None:
    """The catalogue's default department of this subcategory (kept in the process)."""
    return reference.cached("default_owners", lambda: {
        owner.subcategory_id: owner.department
        for owner in DefaultOwner.objects.select_related("department")}).get(subcategory.pk)


class ComponentIndex:
    """Registered components of each kind on a grid of cells about COMPONENT_MATCH_METRES
    wide: the nearest within the distance is found in the few cells around the point. Each
    cell holds (lat, lon, pk, code, owner pk, kind pk) tuples, so a match needs no query."""

    def __init__(self, rows):
        self.metres = settings.COMPONENT_MATCH_METRES
        # Cells are at least the distance wide in both directions up to 45°N, so the nearest
        # within it lies in the 3 × 3 cells around the point.
        self.cell = self.metres / 1000 / km_per_degree(45.0)[0]
        self.cells = defaultdict(list)
        for kind, lat, lon, pk, code, owner in rows:
            self.cells[self._key(lat, lon)].append((lat, lon, pk, code, owner, kind))

    def _key(self, lat, lon):
        return math.floor(lat / self.cell), math.floor(lon / self.cell)

    def nearest(self, kind_ids, lat, lon, limit=1, radius=None) -> list[tuple[float, tuple]]:
        """[(metres, (lat, lon, pk, code, owner pk, kind pk))] of the kinds, nearest first,
        within the distance (or `radius` metres)."""
        radius = radius or self.metres
        steps = math.ceil(radius / self.metres)
        reach = range(-steps, steps + 1)
        row, col = self._key(lat, lon)
        kx, ky = km_per_degree(lat)
        kx, ky = kx * 1000, ky * 1000
        cells, hypot = self.cells, math.hypot
        found = [(metres, entry)
                 for dr in reach for dc in reach
                 for entry in cells.get((row + dr, col + dc), ())
                 if entry[5] in kind_ids
                 and (metres := hypot((entry[0] - lat) * ky, (entry[1] - lon) * kx)) <= radius]
        if limit == 1:  # what routing asks: no sort
            return [min(found, key=_by_distance_then_code)] if found else []
        found.sort(key=_by_distance_then_code)
        return found[:limit]


def _by_distance_then_code(hit):
    return hit[0], hit[1][3]


def component_index() -> ComponentIndex:
    return reference.cached("components", lambda: ComponentIndex(
        Component.objects.values_list("kind_id", "lat", "lon", "pk", "code", "owner_id")
        .iterator(chunk_size=10000)))


def component_kinds(subcategory) -> frozenset[int]:
    def load():
        kinds = defaultdict(list)
        through = Component.kind.field.related_model.subcategories.through
        for sub_id, kind_id in through.objects.values_list("subcategory_id", "componentkind_id"):
            kinds[sub_id].append(kind_id)
        return {sub: frozenset(ids) for sub, ids in kinds.items()}

    return reference.cached("component_kinds", load).get(subcategory.pk, frozenset())


@dataclass(frozen=True, slots=True)
class NearComponent:
    """A registered component as routing reads it from the index (no query, no model)."""

    pk: int
    code: str
    kind: ComponentKind
    lat: float
    lon: float
    owner: Department

    @property
    def owner_id(self) -> int:
        return self.owner.pk


def _component(entry) -> NearComponent:
    kinds = reference.cached("component_kind_rows", lambda: {
        kind.pk: kind for kind in ComponentKind.objects.all()})
    by_pk = reference.cached("departments_by_pk", lambda: {
        department.pk: department for department in _departments()[0].values()})
    lat, lon, pk, code, owner, kind = entry
    return NearComponent(pk, code, kinds[kind], lat, lon, by_pk[owner])


def nearest_components(subcategory, lat: float, lon: float, limit: int = 5,
                       radius: float | None = None) -> list:
    """Components of the kinds this subcategory matches within COMPONENT_MATCH_METRES (or
    `radius` metres) of the point, nearest first, as (metres, NearComponent)."""
    kinds = component_kinds(subcategory)
    if not kinds or lat is None or lon is None:
        return []
    near = component_index().nearest(kinds, lat, lon, limit, radius)
    return [(metres, _component(entry)) for metres, entry in near]


class ComponentError(ValueError):
    """A picked component that cannot decide this report."""


def picked_component(subcategory, code: str, lat: float, lon: float) -> tuple[float, Component]:
    """(metres, component) for a component the reporter named (picked from the list the form
    offers, or read off a cover or lamp post): of a kind this subcategory matches and within
    PICKED_COMPONENT_FACTOR × COMPONENT_MATCH_METRES of the report. Raises ComponentError."""
    component = Component.objects.select_related("kind", "owner").filter(code=code).first()
    if component is None:
        raise ComponentError(_("No registered component has the code %(code)s.")
                             % {"code": code})
    if component.kind_id not in component_kinds(subcategory):
        raise ComponentError(_("Component %(code)s is a %(kind)s, which this kind of problem "
                               "does not concern.") % {"code": code, "kind": component.kind})
    metres = distance_metres(lat, lon, component.lat, component.lon)
    limit = PICKED_COMPONENT_FACTOR * settings.COMPONENT_MATCH_METRES
    if metres > limit:
        raise ComponentError(_("Component %(code)s is %(metres).0f m from the marked place "
                               "(at most %(limit).0f m): mark the place again or choose "
                               "another.") % {"code": code, "metres": metres, "limit": limit})
    return metres, component


def distance_metres(lat1, lon1, lat2, lon2) -> float:
    kx, ky = km_per_degree(lat1)
    return 1000 * math.hypot((lat2 - lat1) * ky, (lon2 - lon1) * kx)


def route_case(*, subcategory, grid, lat=None, lon=None, matter=None, day=None,
               component: Component | None = None) -> Route:
    """The route of a report; `component` is one the reporter picked, already checked by
    picked_component (otherwise the nearest registered one of a matching kind decides)."""
    if grid is None:
        return Route(None, Phrase(gettext_noop("The location is outside every grid: manual "
                                               "dispatch needed.")), {"matched": "outside_grids"})
    path = grid.path()
    day = day or timezone.localdate()
    matter = matter or default_matter(subcategory, [region.code for region in path], day)
    if component is not None:
        near = [(distance_metres(lat, lon, component.lat, component.lon), component)]
    else:
        near = nearest_components(subcategory, lat, lon, limit=1)
    if matter is None:
        department = default_department(subcategory)
        level = Level.DISTRICT
        details = {"matched": "default_department"}
        reason = Phrase(gettext_noop("No duty-list matter applies; default department of "
                                     "%(target)s: %(department)s."),
                        {"target": subcategory, "department": department})
        assisting = ()
    else:
        try:
            department, assisting, reason, details = _matter_route(matter, path)
        except OwnerError as error:
            return Route(None, Phrase(gettext_noop("Matter %(code)s cannot be resolved here: "
                                                   "%(error)s Manual dispatch needed."),
                                      {"code": matter.code, "error": error}),
                         {"matched": "unresolved", "matter": matter.code}, matter=matter,
                         level=matter.level)
        level = matter.level
    if near:
        department, reason, details = _decided_by_component(
            near[0], department, reason, details, picked=component is not None)
    if department is None:
        return Route(None, Phrase(gettext_noop("No duty-list matter and no default department: "
                                               "manual dispatch needed.")), {"matched": "none"})
    assisting = tuple(d for d in dict.fromkeys(assisting) if d.pk != department.pk)
    return Route(department, reason, details, matter=matter, assisting=assisting, level=level)


MATTER_ROUTES_KEPT = 50_000


def _matter_route(matter, path) -> tuple:
    """(lead, assisting, reason, details) of a matter for a case in this region path. Kept per
    process by matter, street, community and language: they alone decide it, and a long list
    must not cost each report more than a short one."""
    by_level = {region.level: region.code for region in path}
    key = (matter.pk, by_level.get(Level.STREET, ""), by_level.get(Level.COMMUNITY, ""),
           get_language())
    kept = reference.cached("matter_routes", dict)
    found = kept.get(key)
    if found is None:
        if len(kept) >= MATTER_ROUTES_KEPT:
            kept.clear()
        try:
            found = kept[key] = _resolve_matter(matter, by_level)
        except OwnerError as error:
            found = kept[key] = str(error)
    if isinstance(found, str):
        raise OwnerError(found)
    department, assisting, reason, details = found
    return department, assisting, reason, dict(details)


def _resolve_matter(matter, by_level: dict) -> tuple:
    department = resolve_owner(matter.lead, by_level)
    assisting = tuple(resolve_owner(ref, by_level) for ref in matter.assisting)
    details = {"matched": "matter", "matter": matter.code, "region": matter.region_code or None}
    reason = Phrase(gettext_noop("Matter %(code)s %(name)s (%(region)s): %(department)s."), {
        "code": matter.code, "name": matter.name,
        "region": matter.region_code or gettext_lazy("whole list"), "department": department})
    return department, assisting, reason, details


def _decided_by_component(near, department, reason: Phrase, details: dict, picked: bool):
    """The component's owner leads; the log says which component decided, how far away."""
    metres, found = near
    reason += " " + Phrase(gettext_noop("Component %(code)s (%(kind)s, %(metres).0f m away) "
                                        "belongs to %(owner)s."),
                           {"code": found.code, "kind": found.kind,
                            "metres": metres, "owner": found.owner})
    details = {**details, "component": found.code, "metres": round(metres, 1)}
    if picked:
        details["picked"] = True
    return found.owner, reason, details


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
