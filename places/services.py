"""Writes to the address register and its per-grid tallies."""

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from grids.geometry import geodesic_area_km2, to_shape
from grids.index import active_index
from grids.models import Region
from places.models import Address, GridTally, House, Unit


def refresh_grid_codes(addresses=None) -> int:
    """Put each address in the active generation's grid containing its point (empty when
    none); returns how many changed. Run after every activation of a grid generation."""
    rows = list(addresses if addresses is not None
                else Address.objects.only("id", "lat", "lon", "grid_code"))
    if not rows:
        return 0
    index = active_index()
    found = index.locate_many([a.lon for a in rows], [a.lat for a in rows])
    changed = []
    for address, position in zip(rows, found.tolist(), strict=True):
        code = index.codes[position] if position >= 0 else ""
        if address.grid_code != code:
            address.grid_code = code
            changed.append(address)
    with transaction.atomic():
        Address.objects.bulk_update(changed, ["grid_code"], batch_size=2000)
    return len(changed)


def _per_grid(queryset, grid_field: str, **counts) -> dict[str, dict]:
    """One GROUP BY grid code: {grid code: {name: value}}."""
    rows = queryset.values(grid=F(grid_field)).annotate(**counts).order_by()
    return {row.pop("grid"): row for row in rows}


def refresh_grid_tallies(now=None) -> int:
    """Count the register per grid of the active generation (three GROUP BY queries, however
    many addresses) and measure each grid's area; replace every tally. Returns the grids."""
    now = now or timezone.now()
    addresses = _per_grid(Address.objects.exclude(grid_code=""), "grid_code", n=Count("pk"))
    houses = _per_grid(
        House.objects.exclude(address__grid_code=""), "address__grid_code", houses=Count("pk"),
        rented_houses=Count("pk", filter=Q(is_rented=True)),
        registered_residents=Sum("registered_residents"),
        floating_residents=Sum("floating_residents"))
    units = _per_grid(Unit.objects.exclude(address__grid_code=""), "address__grid_code",
                      n=Count("pk"))
    empty = {"houses": 0, "rented_houses": 0, "registered_residents": 0,
             "floating_residents": 0}
    tallies = [
        GridTally(grid_code=code, addresses=addresses.get(code, {}).get("n", 0),
                  units=units.get(code, {}).get("n", 0), **(houses.get(code) or empty),
                  area_km2=geodesic_area_km2(to_shape(geometry)) if geometry else 0.0,
                  computed_at=now)
        for code, geometry in Region.objects.filter(
            generation__is_active=True, level=Region.Level.GRID).values_list("code", "geometry")]
    with transaction.atomic():
        GridTally.objects.all().delete()
        GridTally.objects.bulk_create(tallies, batch_size=2000)
    return len(tallies)


def refresh_after_activation() -> None:
    """The activation hook: the addresses into the new grids first, then the tallies."""
    refresh_grid_codes()
    refresh_grid_tallies()
