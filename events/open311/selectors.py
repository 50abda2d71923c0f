"""Reads for Open311: discovery, the service list, service definitions and service requests as
the specification's records (plain dicts, rendered by events.open311.formats).

Only what the public may see (docs/privacy.md): cases of public subcategories that are not
tip-offs, each as an explicit subset — category, status, dates, the responsible department, a
location rounded to about 50 m, the reply staff wrote for the public and the photos they
published. Never the reporter's words, address, photos or contact, never internal notes.
"""

import re

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from events.models import FINISHED, Case, CasePhoto, Status
from events.open311 import attributes
from events.open311.formats import Open311Error, w3c
from events.open311.query import RequestQuery
from events.workflow.selectors import public_cases
from taxonomy.models import Subcategory

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
PUBLIC_RASTER = 0.0005  # degrees
MAX_RESULTS = 1000

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{9}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{3,4}(\d{4})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def check_jurisdiction(value: str | None) -> None:
    """An empty jurisdiction_id counts as absent (the specification's "optional"); this
    endpoint serves one jurisdiction, so any other is not found."""
    value = (value or "").strip()
    if value and value.lower() != settings.OPEN311_JURISDICTION_ID.lower():
        raise Open311Error(404, _("jurisdiction_id %(id)s was not found.") % {"id": value})


def discovery(endpoint_url: str) -> dict:
    changeset = settings.OPEN311_CHANGESET
    return {
        "changeset": changeset,
        "contact": settings.OPEN311_CONTACT
        or _("Contact the district grid governance command centre."),
        "key_service": settings.OPEN311_KEY_SERVICE
        or _("API keys are issued by the administrators of this platform."),
        "endpoints": [{
            "specification": SPECIFICATION, "url": endpoint_url, "changeset": changeset,
            "type": "production", "formats": ["text/xml", "application/json"],
        }],
    }


def _subcategories():
    return Subcategory.objects.select_related("category").order_by("code")


def service_list() -> list[dict]:
    return [_service(subcategory) for subcategory in _subcategories()]


def _service(subcategory: Subcategory) -> dict:
    return {
        "service_code": subcategory.code,
        "service_name": subcategory.name,
        "description": subcategory.localized_description,
        "metadata": bool(attributes.attributes_for(subcategory)),
        "type": "realtime",
        "keywords": ", ".join(subcategory.keywords),
        "group": subcategory.category.name,
    }


def subcategory_for(code: str | None) -> Subcategory:
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    subcategory = _subcategories().filter(code=code).first()
    if subcategory is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return subcategory


def service_definition(code: str) -> dict:
    return attributes.definition(subcategory_for(code))


def _cases():
    first_photo = CasePhoto.objects.filter(case=OuterRef("pk"), is_public=True).order_by("id")
    return public_cases(Case.objects.select_related("subcategory__category", "department",
                                                    "open311")) \
        .annotate(first_photo=Subquery(first_photo.values("image")[:1]))


def service_requests(query: RequestQuery, absolute) -> list[dict]:
    """The requests a GET requests call asks for, newest first, one page of them.
    `absolute` turns a path into an absolute URL (for media_url)."""
    cases = _cases()
    if query.ids is not None:
        cases = cases.filter(tracking_number__in=query.ids[:MAX_RESULTS])
    else:
        cases = cases.filter(created_at__gte=query.start, created_at__lte=query.end)
        if query.codes:
            cases = cases.filter(subcategory__code__in=query.codes)
        if query.statuses == ["open"]:
            cases = cases.exclude(status__in=FINISHED)
        elif query.statuses == ["closed"]:
            cases = cases.filter(status__in=FINISHED)
    first = (query.page - 1) * query.page_size
    page = cases.order_by("-created_at", "-id")[first:first + query.page_size]
    return [as_request(case, absolute) for case in page]


def service_request(request_id: str, absolute) -> list[dict]:
    case = _cases().filter(tracking_number=request_id).first()
    if case is None:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {
            "id": request_id})
    return [as_request(case, absolute)]


def token(token_id: str) -> list[dict]:
    """Requests are created at once (type "realtime"), so a request's token is its
    service_request_id, the tracking number; this look-up exists for clients that ask."""
    if not public_cases().filter(tracking_number=token_id).exists():
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": token_id})
    return [{"service_request_id": token_id, "token": token_id}]


def rounded(degrees: float) -> float:
    """A coordinate on a 0.0005° raster (about 50 m): where, but not which door."""
    return round(round(degrees / PUBLIC_RASTER) * PUBLIC_RASTER, 4)


def as_request(case: Case, absolute) -> dict:
    link = getattr(case, "open311", None)
    located = link is None or link.located
    return {
        "service_request_id": case.tracking_number,
        "status": "closed" if case.status in FINISHED else "open",
        "status_notes": public_text(case.public_reply, case) or None,
        "service_name": case.subcategory.name,
        "service_code": case.subcategory.code,
        "description": None,  # the reporter's own words are theirs
        "agency_responsible": case.department.name if case.department else None,
        "service_notice": service_notice(case),
        "requested_datetime": w3c(case.created_at),
        "updated_datetime": w3c(case.closed_at if case.status in FINISHED and case.closed_at
                                else case.updated_at),
        "expected_datetime": w3c(case.due_at),
        "address": None,  # the reporter's, and often a door: the rounded point says where
        "address_id": None,
        "zipcode": None,
        "lat": rounded(case.lat) if located else None,
        "long": rounded(case.lon) if located else None,
        "media_url": _media_url(case, absolute),
    }


def _media_url(case: Case, absolute) -> str | None:
    """The first photo staff published with the result; never a reporter's photo or link."""
    photo = getattr(case, "first_photo", None)
    if photo:
        return absolute(CasePhoto._meta.get_field("image").storage.url(photo))
    return None


def service_notice(case: Case) -> str:
    if case.status == Status.VOIDED:
        return _("This request was not accepted.")
    if case.department is None:
        return _("The command centre will assign this request to the responsible department.")
    return _("%(department)s is responsible for this request.") % {
        "department": case.department.name}


def public_text(text: str | None, case: Case) -> str:
    """`text` with the reporter's number and anything that looks like personal contact data or
    an ID number masked."""
    text = text or ""
    if case.contact_phone:
        text = text.replace(case.contact_phone, "****")
    text = _ID_NUMBER.sub("******************", text)
    text = _MOBILE.sub(r"\1****\2", text)
    text = _LANDLINE.sub(r"\1-****\2", text)
    return _EMAIL.sub("***@***", text)
