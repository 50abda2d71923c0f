"""Turning a campaign into tasks: one INSERT ... SELECT over the register, the region tree and
the grid assignments, so that 100,000 tasks are one statement rather than 100,000 objects.

Each task gets its target's grid, community and street codes (from the active generation's
tree, so progress is a GROUP BY on the task table alone), the grid's worker (the first one
assigned, when a grid has several; none when it has none: the task still counts) and the
campaign's deadline."""

from datetime import datetime, time

from django.db import connection, transaction
from django.utils import timezone

from events.campaigns.models import Campaign, Task

# The target rows of each kind: (FROM clause giving `a` the address and `g` the grid region,
# the address, house and unit columns). Houses and units reach their grid through their
# address; a grid target is the grid itself.
TARGETS = {
    Campaign.Target.HOUSE: (
        "places_house h JOIN places_address a ON a.id = h.address_id "
        "JOIN grids_region g ON g.code = a.grid_code", "a.id", "h.id", "NULL"),
    Campaign.Target.UNIT: (
        "places_unit u JOIN places_address a ON a.id = u.address_id "
        "JOIN grids_region g ON g.code = a.grid_code", "a.id", "NULL", "u.id"),
    Campaign.Target.GRID: ("grids_region g", "NULL", "NULL", "NULL"),
}
COLUMNS = ("campaign_id, worker_id, grid_code, community_code, street_code, address_id, "
           "house_id, unit_id, due_at, status, answers, note, finding")


def deadline(campaign: Campaign) -> datetime:
    """The end of the campaign's last day, in the platform's time zone."""
    return timezone.make_aware(datetime.combine(campaign.ends_on, time(23, 59, 59)))


def campaign_launch(*, campaign: Campaign) -> int:
    """Create the campaign's tasks, once: a compare-and-set on launched_at makes a second
    launch (a double click, two admins) create none. Returns the number of tasks created."""
    with transaction.atomic():
        claimed = Campaign.objects.filter(pk=campaign.pk, launched_at__isnull=True).update(
            launched_at=timezone.now())
        if not claimed:
            return 0
        sql, params = _insert_select(campaign)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            created = cursor.rowcount
    campaign.refresh_from_db(fields=["launched_at"])
    return created


def _insert_select(campaign: Campaign) -> tuple[str, list]:
    source, address, house, unit = TARGETS[campaign.target]
    empty_json = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    where, params = _region_filter(campaign.region_code)
    if campaign.target == Campaign.Target.UNIT and campaign.unit_kind:
        where += " AND u.kind = %s"
        params.append(campaign.unit_kind)
    sql = (
        f"INSERT INTO {Task._meta.db_table} ({COLUMNS}) "
        f"SELECT %s, w.worker_id, g.code, COALESCE(c.code, ''), COALESCE(s.code, ''), "
        f"{address}, {house}, {unit}, %s, %s, {empty_json}, '', %s "
        f"FROM {source} "
        "LEFT JOIN grids_region c ON c.id = g.parent_id "
        "LEFT JOIN grids_region s ON s.id = c.parent_id "
        "LEFT JOIN (SELECT grid_code, MIN(worker_id) AS worker_id FROM org_gridassignment "
        "GROUP BY grid_code) w ON w.grid_code = g.code "
        "WHERE g.level = 'grid' AND g.generation_id = "
        "(SELECT id FROM grids_generation WHERE is_active) " + where)
    return sql, [campaign.pk, deadline(campaign), Task.Status.OPEN, False, *params]


def _region_filter(code: str) -> tuple[str, list]:
    """The grids under the campaign's region: the grid itself, its community, its street or
    its district (the street's parent)."""
    if not code:
        return "", []
    return (" AND (g.code = %s OR c.code = %s OR s.code = %s OR s.parent_id IN "
            "(SELECT id FROM grids_region WHERE code = %s))", [code] * 4)
