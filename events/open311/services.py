"""POST requests: check the client's key and the form, then file an ordinary case through
events.intake.services.case_report (source "api") and keep the Open311 extras beside it.

What is not kept, on purpose: the reporter's email, first and last name. The platform has no
use for them, and what is not stored cannot leak. A phone number is kept (masked for staff who
need none, as for every case) because the department may have to call back.
"""

import math
import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from common.security import dialable_phone, normalized_phone
from events.intake.services import Report, case_report, place
from events.models import Case, Source
from events.open311 import attributes
from events.open311.formats import Open311Error
from events.open311.models import ApiClient, ServiceRequest
from events.open311.selectors import service_notice, subcategory_for
from places.models import Address

DESCRIPTION_MAX = 4000  # the specification's limit
ADDRESS_MAX = Case._meta.get_field("address").max_length


@dataclass(frozen=True)
class Location:
    lat: float | None
    lon: float | None
    located: bool  # False: only an address was sent, to be placed by the address register


def client_for_key(key: str | None) -> ApiClient:
    client = ApiClient.objects.filter(key=key, active=True).first() if key else None
    if client is None:
        raise Open311Error(403, _("Missing or invalid api_key: cannot create the request."))
    return client


def request_create(*, client: ApiClient, post) -> tuple[Case, ServiceRequest]:
    """File the request in `post` (the form body) for `client`."""
    subcategory = subcategory_for(post.get("service_code", "").strip())
    answers = attributes.clean(subcategory, attributes.submitted(post))
    location = _location(post)
    account_id, device_id = _short(post, "account_id"), _short(post, "device_id")
    media_url = _media_url(post.get("media_url", "").strip())
    address, detail = _address(post, answers)
    # Placed by address_string alone: the detail (3 号楼前) is no part of a standard address.
    report = place(Report(
        subcategory=subcategory, lat=location.lat, lon=location.lon, source=Source.API,
        description=_description(post, subcategory, answers),
        address=address, address_code=_address_id(post, location),
        contact_phone=_phone(post.get("phone", "")),
    ))
    located = location.located or (report.placement is not None and report.placement.found)
    report = replace(report, address=" ".join(
        part for part in (report.address, detail) if part)[:ADDRESS_MAX])
    with transaction.atomic():
        case = case_report(report=report, role="api")
        link = ServiceRequest.objects.create(
            case=case, client=client, account_id=account_id, device_id=device_id,
            attributes=answers, media_url=media_url, located=located)
    return case, link


def created_answer(case: Case, link: ServiceRequest) -> list[dict]:
    return [{"service_request_id": case.tracking_number, "service_notice": service_notice(case),
             "account_id": link.account_id or None}]


def _location(post) -> Location:
    raw_lat, raw_lon = post.get("lat", "").strip(), post.get("long", "").strip()
    if raw_lat or raw_lon:
        return Location(*_coordinates(raw_lat, raw_lon), located=True)
    if post.get("address_string", "").strip() or post.get("address_id", "").strip():
        # Placed at the standard address it names, else left for the command centre to
        # place by hand (events/intake/geocoding.py).
        return Location(None, None, located=False)
    raise Open311Error(400, _("A location is required: lat and long, or address_string."))


def _address_id(post, location: Location) -> str:
    """The standard address's code (the register's 地址编码), used when no point was sent."""
    code = post.get("address_id", "").strip()
    if not code or location.located:
        return ""
    if not Address.objects.filter(code=code).exists():
        raise Open311Error(400, _("address_id %(code)s is not in the standard address "
                                  "register.") % {"code": code[:40]})
    return code


def _coordinates(raw_lat: str, raw_lon: str) -> tuple[float, float]:
    if not (raw_lat and raw_lon):
        raise Open311Error(400, _("lat and long must be sent together."))
    try:
        lat, lon = float(raw_lat), float(raw_lon)
    except ValueError:
        raise Open311Error(400, _("lat and long must be numbers (WGS84).")) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90
            and -180 <= lon <= 180):
        raise Open311Error(400, _("lat must lie within ±90 and long within ±180."))
    return lat, lon


def _description(post, subcategory, answers: dict) -> str:
    text = post.get("description", "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise Open311Error(400, _("description is longer than %(max)s characters.") % {
            "max": DESCRIPTION_MAX})
    extra = attributes.summary(subcategory, answers)
    return "\n\n".join(part for part in (text or subcategory.name_zh, extra) if part)


def _address(post, answers: dict) -> tuple[str, str]:
    """(address_string, the ADDRESS_DETAIL attribute), together no longer than the case's
    address."""
    address = post.get("address_string", "").strip()
    detail = answers.get(attributes.ADDRESS_DETAIL, "")
    if len(" ".join(part for part in (address, detail) if part)) > ADDRESS_MAX:
        raise Open311Error(400, _("address_string is longer than %(max)s characters.") % {
            "max": ADDRESS_MAX})
    return address, detail


def _phone(raw: str) -> str:
    # Clients send +86 and (0757): both go before the number is checked as the forms check it.
    local = re.sub(r"^(\+86|0086)-?", "", re.sub(r"[()]", "", normalized_phone(raw)))
    phone = dialable_phone(local)
    if phone is None:
        raise Open311Error(400, _("phone is not a valid mainland China number."))
    return phone


def _media_url(raw: str) -> str:
    if not raw:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(raw)
    except ValidationError:
        raise Open311Error(400, _("media_url must be an http or https URL.")) from None
    if len(raw) > ServiceRequest._meta.get_field("media_url").max_length:
        raise Open311Error(400, _("media_url is too long."))
    return raw


def _short(post, name: str, limit: int = 100) -> str:
    value = post.get(name, "").strip()
    if len(value) > limit:
        raise Open311Error(400, _("%(name)s is longer than %(max)s characters.") % {
            "name": name, "max": limit})
    return value
