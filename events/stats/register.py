"""The address register per grid (四标四实: addresses, houses, rented houses, units, residents)
and the KPIs it makes possible: cases per 1,000 residents and per km² over a window.

The counts come from places.GridTally, recounted with GROUP BY grid by the statistics run;
communities and streets add up their grids (codes nest: a grid's code starts with its
community's and street's). Cases are counted as the heat map counts them (HeatCell), so that
a grid's card and its colour on the map agree.

  per_1000_residents = cases × 1000 / (registered + floating residents)   (null: no residents)
  per_km2            = cases / area in km² (WGS84 ellipsoid)              (null: no area)
"""

from datetime import timedelta

from django.db.models import F, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from events.models import HeatCell
from places.models import GridTally

MEASURES = ("count", "per_1000_residents", "per_km2")
CODE_LENGTH = {"street": 9, "community": 12}
REGISTER_FIELDS = ("addresses", "houses", "rented_houses", "units", "registered_residents",
                   "floating_residents")


def per_1000(cases: int, residents: int) -> float | None:
    return round(cases * 1000 / residents, 2) if residents else None


def per_km2(cases: int, area_km2: float) -> float | None:
    return round(cases / area_km2, 2) if area_km2 > 0 else None


def bases(level: str) -> dict[str, dict]:
    """{region code: {"residents", "area_km2"}} for every region of `level` that has grids
    counted: one aggregate query."""
    region = (Substr("grid_code", 1, CODE_LENGTH[level]) if level in CODE_LENGTH
              else F("grid_code"))
    rows = GridTally.objects.annotate(region=region).values("region").annotate(
        registered=Sum("registered_residents"), floating=Sum("floating_residents"),
        area=Sum("area_km2")).order_by()
    return {row["region"]: {"residents": (row["registered"] or 0) + (row["floating"] or 0),
                            "area_km2": row["area"] or 0.0} for row in rows}


def add_measure(collection: dict, *, measure: str, bases: dict | None) -> dict:
    """Give every feature of a heat answer its `value` in `measure`, and for the per-capita
    measures the `residents` and `area_km2` it was divided by."""
    for feature in collection["features"]:
        properties = feature["properties"]
        if measure == "count":
            properties["value"] = properties["count"]
            continue
        base = (bases or {}).get(properties["code"], {"residents": 0, "area_km2": 0.0})
        properties.update(residents=base["residents"], area_km2=round(base["area_km2"], 4))
        properties["value"] = (per_1000(properties["count"], base["residents"])
                               if measure == "per_1000_residents"
                               else per_km2(properties["count"], base["area_km2"]))
    return collection


def grid_register(code: str) -> dict:
    """A grid's counts from the register, its area and when they were counted."""
    tally = GridTally.objects.filter(grid_code=code).first()
    if tally is None:
        return {**dict.fromkeys(REGISTER_FIELDS, 0), "residents": 0, "area_km2": None,
                "counted_at": None}
    return {**{name: getattr(tally, name) for name in REGISTER_FIELDS},
            "residents": tally.residents, "area_km2": round(tally.area_km2, 4),
            "counted_at": tally.computed_at.isoformat()}


def grid_kpis(*, code: str, register: dict, days: int, category: str | None) -> dict:
    """Cases reported in the grid over the last `days` days (of one category, if given), per
    1,000 residents and per km²."""
    since = timezone.localdate() - timedelta(days=days - 1)
    cells = HeatCell.objects.filter(grid_code=code, day__gte=since)
    if category:
        cells = cells.filter(category__code=category)
    cases = cells.aggregate(n=Sum("count"))["n"] or 0
    return {"window": days, "category": category or None, "cases": cases,
            "cases_per_1000_residents": per_1000(cases, register["residents"]),
            "cases_per_km2": per_km2(cases, register["area_km2"] or 0.0)}
