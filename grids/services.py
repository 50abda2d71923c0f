from django.db import transaction
from django.db.models import F
from django.utils import timezone

from grids.geometry import RegionSpec, boundary_fields
from grids.index import forget_index
from grids.models import Generation, Region
from grids.tiles import warm_outlines

# Called after an activation commits, by apps above grids that keep data derived from the
# grids (the address register's grid codes); each registers itself in its AppConfig.ready().
after_activation = []


@transaction.atomic
def generation_activate(*, generation: Generation) -> None:
    """Make `generation` the active boundary set. New cases route by it; old ones keep theirs."""
    Generation.objects.filter(is_active=True).exclude(pk=generation.pk).update(is_active=False)
    Generation.objects.filter(pk=generation.pk).update(
        is_active=True, activated_at=timezone.now(), revision=F("revision") + 1
    )
    transaction.on_commit(forget_index)
    transaction.on_commit(warm_outlines)
    for hook in after_activation:
        transaction.on_commit(hook)


def generation_touch(*, generation: Generation) -> None:
    """Record that a boundary in `generation` changed, so every process rebuilds its index."""
    Generation.objects.filter(pk=generation.pk).update(revision=F("revision") + 1)
    transaction.on_commit(forget_index)


@transaction.atomic
def generation_create(*, specs: list[RegionSpec], name: str, activate: bool) -> Generation:
    """Insert `specs` (parents before children) as one generation, level by level."""
    generation = Generation.objects.create(name=name)
    saved: dict[str, Region] = {}
    for level in Region.Level.values:
        rows = [
            Region(generation=generation, code=spec.code, name=spec.name, level=spec.level,
                   parent=saved.get(spec.parent_code), **boundary_fields(spec.geometry))
            for spec in specs
            if spec.level == level
        ]
        for region in Region.objects.bulk_create(rows, batch_size=500):
            saved[region.code] = region
    if activate:
        generation_activate(generation=generation)
    return generation
