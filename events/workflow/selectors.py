"""Reads that take the caller, so that scoping cannot be forgotten."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from common.photos import THUMB_SUFFIX
from events.models import OPEN, Case, CasePhoto, CaseTask, RequestType
from events.workflow import levels
from grids.models import Region
from org.models import DISPATCHING, GridAssignment, Role

CITIZEN = "citizen"
FULL_PHONE_ROLES = {Role.DISPATCHER, Role.SHIFT_LEADER, Role.HANDLER, Role.ADMIN}


def role_of(user) -> str:
    """The workflow role of a user; anonymous callers and accounts without a profile are
    citizens."""
    if user is None or not user.is_authenticated:
        return CITIZEN
    staff = getattr(user, "staff", None)
    if staff is not None:
        return staff.role
    return Role.ADMIN if user.is_superuser else CITIZEN


def region_filter(scope_code: str) -> Q:
    """Cases filed in the region with this code (any level), by the codes copied on the case."""
    if not scope_code:
        return Q()
    region = Region.objects.filter(code=scope_code).order_by("-generation__is_active").first()
    level = region.level if region else None
    if level == Region.Level.STREET:
        return Q(street_code=scope_code)
    if level == Region.Level.COMMUNITY:
        return Q(community_code=scope_code)
    if level == Region.Level.GRID:
        return Q(grid__code=scope_code)
    if level == Region.Level.DISTRICT:
        streets = Region.objects.filter(parent=region).values_list("code", flat=True)
        return Q(street_code__in=list(streets)) | Q(grid__isnull=True)
    return Q(pk__in=[])  # an unknown scope sees nothing rather than everything


def worker_grid_codes(user) -> list[str]:
    return list(GridAssignment.objects.filter(worker=user).values_list("grid_code", flat=True))


def public_cases(queryset: QuerySet | None = None) -> QuerySet:
    """The cases anyone may see something of (their public view): a public subcategory, and
    not a tip-off. Every anonymous list, map, count and look-up starts here."""
    cases = Case.objects.all() if queryset is None else queryset
    return cases.filter(subcategory__is_public=True).exclude(request_type=RequestType.TIP_OFF)


def public_photo_file(name: str) -> bool:
    """Is this stored file a result photo staff published (or its thumbnail), of a case the
    public may see? Such a file is linked to without an expiry (Open311 media_url)."""
    if name.endswith(THUMB_SUFFIX):
        photos = CasePhoto.objects.filter(image__startswith=name.removesuffix(THUMB_SUFFIX) + ".")
    else:
        photos = CasePhoto.objects.filter(image=name)
    return public_cases().filter(photos__in=photos.filter(is_public=True)).exists()


def is_public(case: Case) -> bool:
    return case.subcategory.is_public and case.request_type != RequestType.TIP_OFF


def cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    cases = Case.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role == CITIZEN:
        return cases.filter(reporter=user) if user and user.is_authenticated else cases.none()
    if role == Role.ADMIN:
        return cases
    if role in DISPATCHING:
        return cases.filter(region_filter(user.staff.scope_code))
    if role == Role.HANDLER:
        # The lead's cases and those where the department has a part of its own (协办). A
        # subquery, not a join: a case with several tasks must not be listed several times.
        department_id = user.staff.department_id
        if department_id is None:  # department_id=None would mean "cases with no department"
            return cases.none()
        return cases.filter(Q(department_id=department_id) | Q(pk__in=CaseTask.objects.filter(
            department_id=department_id).values("case_id")))
    return cases.filter(Q(grid__code__in=worker_grid_codes(user)) | Q(reporter=user))


def text_search(value: str) -> Q:
    """Cases with the text in their tracking number, description or address."""
    return (Q(tracking_number__icontains=value) | Q(description__icontains=value)
            | Q(address__icontains=value))


def overdue(now=None) -> Q:
    """Open cases past their deadline."""
    return Q(status__in=OPEN, due_at__lt=now or timezone.now())


@dataclass(frozen=True)
class Criteria:
    """What a staff list is narrowed to; empty values narrow nothing."""

    q: str = ""
    category: str = ""  # category code, e.g. "05"
    street: str = ""  # street code
    urgency: str = ""
    overdue: bool = False


def cases_matching(user, criteria: Criteria, queryset: QuerySet | None = None) -> QuerySet:
    """The caller's cases (cases_visible_to) narrowed by the criteria. A street outside the
    caller's scope gives nothing: the criteria narrow the scope, never widen it."""
    cases = cases_visible_to(user, queryset)
    if criteria.q:
        cases = cases.filter(text_search(criteria.q))
    if criteria.category:
        cases = cases.filter(subcategory__category__code=criteria.category)
    if criteria.street:
        cases = cases.filter(street_code=criteria.street)
    if criteria.urgency:
        cases = cases.filter(urgency=criteria.urgency)
    if criteria.overdue:
        cases = cases.filter(overdue())
    return cases


def queue_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The open cases that wait on the user (`?queue=mine`). For dispatchers: those their
    region owns at its level, with those of the regions below that have no dispatcher of
    their own (events/workflow/levels.py); for everyone else, their open cases."""
    cases = cases_visible_to(user, queryset).filter(status__in=OPEN)
    seat = levels.seat(user)
    if seat is None:
        return cases
    covered = levels.tree().covered(seat)
    if seat == levels.TOP:  # the district keeps all that no region below it takes
        return cases.exclude(owner_region__in=covered)
    return cases.filter(owner_region__in=covered)


def can_see_phone(user, case: Case) -> bool:
    role = role_of(user)
    return role in FULL_PHONE_ROLES or (user.is_authenticated and case.reporter_id == user.pk)


def masked_phone(phone: str) -> str:
    """138****5678: enough to recognise one's own number, useless to anyone else."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
