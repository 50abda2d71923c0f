from django.db import transaction
from django.db.models import F
from django.utils import timezone

from grids.index import forget_index
from grids.models import Generation


@transaction.atomic
def generation_activate(*, generation: Generation) -> None:
    """Make `generation` the active boundary set. New cases route by it; old ones keep theirs."""
    Generation.objects.filter(is_active=True).exclude(pk=generation.pk).update(is_active=False)
    Generation.objects.filter(pk=generation.pk).update(
        is_active=True, activated_at=timezone.now(), revision=F("revision") + 1
    )
    transaction.on_commit(forget_index)


def generation_touch(*, generation: Generation) -> None:
    """Record that a boundary in `generation` changed, so every process rebuilds its index."""
    Generation.objects.filter(pk=generation.pk).update(revision=F("revision") + 1)
    transaction.on_commit(forget_index)
