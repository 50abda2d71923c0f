"""Who answers for a case above the body that holds it (分级指挥, 督办链).

- The command centre of a case's region owns its accept and dispatch stages: the street's
  command sub-centre (a command-kind department serving the street) for cases of the street
  and below, the district's centre otherwise.
- An overdue case climbs its handler's own chain: the department's supervising body
  (`Department.parent`), that body's, and so on; a department with none is supervised by the
  command centre of its own level (the street's sub-centre, or its office where it has none;
  the district's centre for district bodies). Every chain ends at the district's centre. Only
  bodies with a say over the handler are on it: a district bureau's or a utility's chain never
  passes through a community committee.

Functions take plain values (level, street code), not cases: org sits below events.
"""

from dataclasses import dataclass

from common import reference
from org.catalogue import COMMAND_CENTRE
from org.models import Department, Level

K = Department.Kind
LONGEST_CHAIN = 8  # a loop of supervising bodies entered in admin must not hang the sweep


@dataclass(frozen=True)
class _Bodies:
    by_pk: dict[int, Department]
    centres: dict[str, Department]  # command sub-centres by the street they serve
    offices: dict[str, Department]  # street offices (no function) by their street
    district: Department | None


def _bodies() -> _Bodies:
    def load():
        by_pk, centres, offices = {}, {}, {}
        for department in Department.objects.order_by("-code"):  # the lowest code wins
            by_pk[department.pk] = department
            if not department.region_code:
                continue
            if department.kind == K.COMMAND:
                centres[department.region_code] = department
            elif department.kind == K.STREET and not department.function:
                offices[department.region_code] = department
        district = next((d for d in by_pk.values() if d.code == COMMAND_CENTRE), None)
        return _Bodies(by_pk, centres, offices, district)

    return reference.cached("supervision", load)


def district_centre() -> Department | None:
    return _bodies().district


def command_centre(*, street_code: str = "", level: str = "") -> Department | None:
    """The command centre owning a case of `level` in street `street_code` (分级指挥): the
    street's sub-centre unless the case is the district's, else the district's centre."""
    bodies = _bodies()
    if level == Level.DISTRICT:
        return bodies.district
    return bodies.centres.get(street_code) or bodies.district


def default_supervisor(department: Department, street_code: str = "") -> Department | None:
    """Who supervises a department that names no supervising body: the command centre of its
    level (the street's sub-centre or, lacking one, its office), the district's centre for
    district bodies."""
    bodies = _bodies()
    if department.level == Level.DISTRICT:
        return bodies.district
    street = department.region_code if department.level == Level.STREET else street_code
    return bodies.centres.get(street) or bodies.offices.get(street) or bodies.district


def chain(department: Department | None, *, street_code: str = "") -> list[Department]:
    """The bodies an overdue case held by `department` escalates to, nearest first; for a
    community body `street_code` names the street it belongs to. Empty for the district's
    centre itself: no one in the district is above it."""
    bodies = _bodies()
    if department is None:
        return [body for body in [bodies.district] if body is not None]
    above, seen = [], {department.pk}
    current = bodies.by_pk.get(department.parent_id)
    if current is None:
        current = default_supervisor(department, street_code)
    while current is not None and current.pk not in seen and len(above) < LONGEST_CHAIN:
        above.append(current)
        seen.add(current.pk)
        current = bodies.by_pk.get(current.parent_id)
    if bodies.district is not None and bodies.district.pk not in seen:
        above.append(bodies.district)
    return above
