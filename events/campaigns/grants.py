"""Departments read the register through the platform (collect once, share everywhere).

A department's ReadGrant rows say which region's houses and units its staff may read through
the API (with their DRF tokens: a token is its user, the user's department its scope) and the
CSV export, and whether units' contacts are included. No grant, no access: 403; records outside
every grant are simply not there."""

from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as Choose

from events.campaigns.models import ReadGrant, RegisterChange
from grids.models import Region
from places.models import House, Unit


class NoGrant(Exception):
    """The caller's department has no grant to read the register."""


def grants_of(user) -> list[ReadGrant]:
    staff = getattr(user, "staff", None) if user.is_authenticated else None
    if staff is None or staff.department_id is None:
        raise NoGrant
    grants = list(ReadGrant.objects.filter(department_id=staff.department_id))
    if not grants:
        raise NoGrant
    return grants


def grid_codes_under(code: str):
    """The active grids under a region code (a grid, community, street or district)."""
    return Region.objects.filter(generation__is_active=True, level=Region.Level.GRID).filter(
        Q(code=code) | Q(parent__code=code) | Q(parent__parent__code=code)
        | Q(parent__parent__parent__code=code)).values("code")


def _covered(grants, column: str) -> Q:
    """Rows whose grid lies under any of the grants (an empty region: everywhere)."""
    if any(not g.region_code for g in grants):
        return Q()
    where = Q(pk__in=[])
    for grant in grants:
        where |= Q(**{f"{column}__in": grid_codes_under(grant.region_code)})
    return where


def readable_houses(user):
    grants = grants_of(user)
    return (House.objects.filter(_covered(grants, "address__grid_code"))
            .select_related("address").order_by("id"))


def readable_units(user):
    """Units in the grants' regions, each with `contact_readable`: under a grant with
    contacts."""
    grants = grants_of(user)
    with_contacts = [g for g in grants if g.contacts]
    readable = _covered(with_contacts, "address__grid_code") if with_contacts else Q(pk__in=[])
    return (Unit.objects.filter(_covered(grants, "address__grid_code"))
            .annotate(contact_readable=Choose(When(readable, then=Value(True)),
                                             default=Value(False),
                                             output_field=BooleanField()))
            .select_related("address").order_by("id"))


def readable_changes(user):
    """The register's change history in the grants' regions; contact changes only where
    contacts are granted."""
    grants = grants_of(user)
    with_contacts = [g for g in grants if g.contacts]
    changes = RegisterChange.objects.filter(_covered(grants, "grid_code"))
    contact = Q(attribute__startswith="unit.contact")
    allowed = _covered(with_contacts, "grid_code") if with_contacts else Q(pk__in=[])
    return (changes.filter(~contact | (contact & allowed))
            .select_related("changed_by", "house__address", "unit").order_by("-changed_at",
                                                                               "-id"))
