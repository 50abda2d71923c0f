"""改类/改址: a case whose kind or place was reported wrongly is located and routed again as
intake would have done it, and the log keeps both versions."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from events.models import Case
from events.workflow import levels
from grids.index import locate_grid
from org.routing import route_case
from taxonomy.loader import subcategory_by_code


class BadPlace(ValueError):
    """Bad parameters; `errors` maps field names to messages."""

    def __init__(self, errors: dict):
        super().__init__(str(errors))
        self.errors = errors


@dataclass(frozen=True)
class Wanted:
    subcategory: object
    lat: float
    lon: float
    moved: bool


def _number(value, low: float, high: float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def wanted(case: Case, params: dict) -> Wanted:
    """What the dispatcher asks for: another subcategory, another point, or both."""
    code = str(params.get("subcategory") or "").strip()
    subcategory = subcategory_by_code(code) if code else case.subcategory
    errors = {}
    if subcategory is None:
        errors["subcategory"] = _("No subcategory with code %(code)s.") % {"code": code}
    raw_lat, raw_lon = params.get("lat"), params.get("lon")
    given = [v not in (None, "") for v in (raw_lat, raw_lon)]
    lat, lon = case.lat, case.lon
    if any(given):
        lat, lon = _number(raw_lat, -90, 90), _number(raw_lon, -180, 180)
        if not all(given) or lat is None or lon is None:
            errors["lat"] = _("Give both latitude and longitude, as WGS84 degrees.")
    if errors:
        raise BadPlace(errors)
    moved = (lat, lon) != (case.lat, case.lon)
    if subcategory == case.subcategory and not moved:
        raise BadPlace({"subcategory": _("Name another subcategory or another location.")})
    return Wanted(subcategory, lat, lon, moved)


def region_codes(grid) -> dict:
    """The codes of the grid's community and street, as intake copies them onto the case."""
    community = grid.parent if grid is not None else None
    street = community.parent if community is not None else None
    return {"community_code": community.code if community else "",
            "street_code": street.code if street else ""}


def snapshot(*, subcategory, lat, lon, grid, department, matter) -> dict:
    return {"subcategory": subcategory.code, "lat": lat, "lon": lon,
            "grid": grid.code if grid else None,
            "department": department.code if department else None,
            "matter": matter.code if matter else None}


def reroute(case: Case, params: dict) -> tuple[dict, dict, dict]:
    """(before, after, field updates) of routing the case again with what was asked."""
    want = wanted(case, params)
    grid = locate_grid(want.lat, want.lon) if want.moved else case.grid
    with override("zh-hans"):  # the log is kept in the platform's working language
        route = route_case(subcategory=want.subcategory, grid=grid, lat=want.lat,
                           lon=want.lon)
    level, region = levels.entry(route.level, grid)  # as at intake
    updates = {"subcategory": want.subcategory, "lat": want.lat, "lon": want.lon, "grid": grid,
               **region_codes(grid), "department": route.department, "matter": route.matter,
               "level": level, "owner_region": region}
    if case.urgency == case.subcategory.default_urgency:  # not chosen by hand: follow the kind
        updates["urgency"] = want.subcategory.default_urgency
    before = snapshot(subcategory=case.subcategory, lat=case.lat, lon=case.lon, grid=case.grid,
                      department=case.department, matter=case.matter)
    after = snapshot(subcategory=want.subcategory, lat=want.lat, lon=want.lon, grid=grid,
                     department=route.department, matter=route.matter)
    return before, {**after, "routing": route.details}, updates
