"""Writes to the address register."""

from django.db import transaction

from grids.index import active_index
from places.models import Address


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
