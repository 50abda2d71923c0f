"""The arguments of GET requests, checked: ids, service codes, status, the date window and the
page/page_size extension (http://wiki.open311.org/GeoReport_v2/Extensions/).

The specification: without dates the window is the most recent 90 days; a window may not span
more than 90 days; at most 1,000 requests are returned.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from events.open311.formats import Open311Error

WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
MAX_PAGE = 100_000  # keeps the SQL offset in range; nobody pages that far through 90 days
STATUSES = ("open", "closed")


@dataclass(frozen=True)
class RequestQuery:
    ids: list[str] | None  # service_request_id overrides every other argument
    codes: list[str]
    statuses: list[str]
    start: datetime
    end: datetime
    page: int = 1
    page_size: int = MAX_PAGE_SIZE


def parse_query(params, now: datetime | None = None) -> RequestQuery:
    now = now or timezone.now()
    ids = _comma_list(params, "service_request_id")
    statuses = _comma_list(params, "status")
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise Open311Error(400, _("status must be open or closed, not %(status)s.") % {
            "status": ", ".join(unknown)})
    try:
        start, end = _window(_w3c(params, "start_date"), _w3c(params, "end_date"), now)
    except OverflowError:
        raise Open311Error(400, _("The dates are out of range.")) from None
    return RequestQuery(
        ids=ids or None, codes=_comma_list(params, "service_code"), statuses=statuses,
        start=start, end=end, page=_positive_int(params, "page", 1, MAX_PAGE),
        page_size=_positive_int(params, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def _comma_list(params, name: str) -> list[str]:
    """Comma-delimited, and the name may also be repeated; empty items are dropped."""
    items = [item.strip() for raw in params.getlist(name) for item in raw.split(",")]
    return list(dict.fromkeys(item for item in items if item))


def parse_w3c(raw: str) -> datetime:
    """A W3C date-time (a subset of ISO 8601): 2010-01-01T00:00:00Z, …+08:00, or a date alone.
    A time without offset is taken as the platform's local time. An unencoded "+" in a query
    string arrives as a space, so " 08:00" after the time is read as "+08:00"."""
    text = raw.strip()
    if len(text) > 19 and text[19:20] == " ":
        text = text[:19] + "+" + text[20:]
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59, which Python allows (up to ±23:59).
    # Raises OverflowError for a moment that leaves the calendar (0001-01-01T00:00+01:00).
    return moment.astimezone(UTC)


def _w3c(params, name: str) -> datetime | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_w3c(raw)
    except ValueError:
        raise Open311Error(400, _("%(name)s must be a W3C date-time such as "
                                  "2010-01-01T00:00:00Z.") % {"name": name}) from None


def _window(start, end, now) -> tuple[datetime, datetime]:
    if start is None and end is None:
        return now - WINDOW, now
    if start is None:
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    return start, end


def _positive_int(params, name: str, default: int, maximum: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise Open311Error(400, _("%(name)s must be a whole number from 1 to %(max)s.")
                           % {"name": name, "max": maximum})
    return int(raw)
