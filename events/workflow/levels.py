"""Levels of handling (分级处置): the level and region that own a case, whose dispatchers act on
it, and the way a case moved between levels.

A case is owned by a region of the level that handles it: a community, a street or the
district (`Case.level`, `Case.owner_region`). Grids never own a case: a grid-level matter is
the community's, dispatched from the community's queue and handled by the grid worker.

The dispatchers of a region (dispatcher or shift leader with that scope) act on what it owns.
A region with no dispatcher of its own passes its cases up to the nearest region above that has
one, and the district's dispatchers (empty scope, or the district's code) own everything left.
"""

from dataclasses import dataclass, field

from common import reference
from grids.index import active_index
from grids.models import Region
from org.models import DISPATCHING, Level, StaffProfile

# Steps that set the owning level and region (their data holds "level" and "region").
MOVES = ("report", "import", "report_up", "hand_down", "reclassify")
TOP = ""  # the district's seat: the region above everything a dispatcher is scoped to


@dataclass(frozen=True)
class Node:
    level: str
    parent: str | None
    name: str


@dataclass
class Tree:
    """The active generation's districts, streets and communities (no grids), and the regions
    that have dispatchers of their own (seats)."""

    nodes: dict[str, Node]
    seats: frozenset
    top: str  # the district's code, "" when there is none or several
    _owner: dict = field(default_factory=dict)

    def seat_of(self, scope_code: str) -> str:
        """The seat a dispatcher with this scope sits in (TOP for the district's)."""
        return TOP if scope_code in ("", self.top) else scope_code

    def owner(self, region_code: str) -> str:
        """The seat whose dispatchers act on a case owned by `region_code`."""
        if region_code not in self._owner:
            code = region_code
            while code and code != self.top and code not in self.seats:
                node = self.nodes.get(code)
                code = node.parent if node else None
            self._owner[region_code] = TOP if not code or code == self.top else code
        return self._owner[region_code]

    def covered(self, seat: str) -> list[str]:
        """Owner regions whose cases the seat acts on (for TOP: the ones it does NOT)."""
        if seat == TOP:
            return sorted(code for code in self.nodes if self.owner(code) != TOP)
        return sorted(code for code in (*self.nodes, seat) if self.owner(code) == seat)

    def name(self, code: str) -> str:
        node = self.nodes.get(code)
        return node.name if node else ""

    def below(self, ancestor: str, code: str) -> bool:
        """Is `code` strictly below `ancestor` ("" meaning the district)?"""
        ancestor = ancestor or self.top
        node = self.nodes.get(code)
        while node is not None and node.parent is not None:
            if node.parent == ancestor:
                return True
            node = self.nodes.get(node.parent)
        return False


def tree() -> Tree:
    """Kept per process for the active generation; dispatchers' scopes are reference data
    (org/apps.py watches staff profiles)."""
    version = active_index().version

    def load():
        rows = Region.objects.filter(generation_id=version[0] if version else None).exclude(
            level=Level.GRID).values_list("code", "level", "parent__code", "name")
        nodes = {code: Node(level, parent, name) for code, level, parent, name in rows}
        districts = [code for code, node in nodes.items() if node.level == Level.DISTRICT]
        top = districts[0] if len(districts) == 1 else ""
        scopes = StaffProfile.objects.filter(role__in=DISPATCHING).values_list(
            "scope_code", flat=True).distinct()
        seats = frozenset(code for code in scopes if code and code != top)
        return Tree(nodes, seats, top)

    return reference.cached(("level-tree", version), load)


def entry(route_level: str, grid) -> tuple[str, str]:
    """(level, owner region) a new case enters at: its matter's level in the region of its
    grid; the district when the matter says so, when there is no matter or no grid (a place
    outside every grid is owned by "", the top, whatever the district's code)."""
    level = Level.COMMUNITY if route_level == Level.GRID else route_level or Level.DISTRICT
    if grid is None:
        return Level.DISTRICT, TOP
    by_level = {region.level: region.code for region in grid.path()}
    if level in by_level:
        return level, by_level[level]
    return Level.DISTRICT, by_level.get(Level.DISTRICT, "")


def seat(user) -> str | None:
    """The seat a dispatching user sits in, or None for anyone else."""
    staff = getattr(user, "staff", None)
    if staff is None or staff.role not in DISPATCHING:
        return None
    return tree().seat_of(staff.scope_code)


def owns(user, case) -> bool:
    """Does the user's region act on this case now (the queue sense of ownership)?"""
    mine = seat(user)
    return mine is not None and tree().owner(case.owner_region) == mine


def parent_of(level: str, region_code: str) -> tuple[str, str] | None:
    """(level, region) one level up, or None at the top."""
    current = tree()
    if level == Level.DISTRICT or not region_code or region_code == current.top:
        return None
    node = current.nodes.get(region_code)
    parent = current.nodes.get(node.parent) if node and node.parent else None
    if parent is None:  # a region of an older generation: the district takes it
        return Level.DISTRICT, current.top
    return parent.level, node.parent


def hand_down_choices(case) -> list[tuple[str, str]]:
    """(code, name) of the streets and communities below the case's owner where its place
    lies: where a hand_down (下派) may send it, the nearest level first."""
    if case.grid_id is None:
        return []
    current = tree()
    return [(region.code, region.name) for region in reversed(case.grid.path())
            if region.code in current.nodes and current.below(case.owner_region, region.code)]


def path(steps) -> list[dict]:
    """The levels a case went through, from its log: [{level, region, region_name,
    actor_role, at}]."""
    current = tree()
    return [{"level": step.data["level"], "region": step.data.get("region", ""),
             "region_name": current.name(step.data.get("region", "")),
             "actor_role": step.role, "at": step.created_at}
            for step in steps if step.action in MOVES and step.data.get("level")]
