"""How far the demo district has been played: the moment up to which history was generated or
simulated. Kept as a watermark row (seconds since the epoch), claimed by compare-and-set so that
two workers never simulate the same interval."""

from datetime import UTC, datetime

from events.models import Watermark

NAME = "demo_simulator"


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def get_position() -> datetime | None:
    row = Watermark.objects.filter(name=NAME).first()
    return datetime.fromtimestamp(row.last_id, UTC) if row else None


def set_position(moment: datetime) -> None:
    Watermark.objects.update_or_create(name=NAME, defaults={"last_id": _seconds(moment)})


def claim(since: datetime | None, until: datetime) -> bool:
    """Move the position from `since` to `until`; False when another worker moved it first
    (or `since` is None and someone else created it)."""
    if since is None:
        _row, created = Watermark.objects.get_or_create(name=NAME, defaults={
            "last_id": _seconds(until)})
        return created
    return bool(Watermark.objects.filter(name=NAME, last_id=_seconds(since))
                .update(last_id=_seconds(until)))
