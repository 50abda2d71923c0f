"""Citizen pages: the report form, possible duplicates and "me too", the private tracking page
with its rating. No account needed. The form works without JavaScript (a plain form with
lat/lon fields and the category select); static/citizen/report.js adds the map, the category
picker and the duplicate check on top of the same form."""

import secrets

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.photos import make_thumbnails, thumbnail_url
from events.citizen.forms import DuplicateQuery, RatingForm
from events.citizen.tracking import (
    can_rate,
    milestones,
    public_timeline,
    report_photos,
    reporter_feedback,
    supported_case,
    supporter_path,
    tracked_case,
    tracking_path,
)
from events.idempotency.decorators import idempotent
from events.idempotency.services import Refused
from events.intake import ratelimit
from events.intake.duplicates import possible_duplicates, public_summary
from events.intake.forms import (
    NO_LOCATION,
    OUTSIDE_DISTRICT,
    CitizenReportForm,
    locate_texts,
    picker_data,
)
from events.intake.metoo import case_me_too
from events.intake.services import case_report, receipt_message
from events.models import Status
from events.workflow import services as workflow
from events.workflow.selectors import CITIZEN

RECEIPT = "citizen_receipt"  # session: the case just filed, for its receipt on the next page
VOICES = "citizen_me_too"  # session: cases this browser already added its voice to
LINKS = "citizen_supporter_links"  # session: this browser's supporter link per case
THANKS = "citizen_thanks"  # session: the case just rated, for the thank-you on the next page


# --- the report form ------------------------------------------------------------------------


KEY_FIELD = "idempotency_key"  # hidden, one per page shown: a double submit files once


def _refused_form(request, refusal: Refused):
    """The page's key cannot be used (mostly: the page was sent, then edited and sent again):
    the form again, with what was typed and a fresh key, so that sending it files the report."""
    message = _("This page was already sent once with other content. Check what you typed "
                "and send it again to file it as a new report.") if refusal.status == 422 \
        else _("Your report could not be sent just now. Please send it again.")
    return _form_page(request, request.POST, {}, refusal=message, status=refusal.status,
                      photos_dropped=bool(request.FILES.getlist("photos")))


def _filed(response) -> bool:
    return response.status_code == 302  # to the tracking page; a form page files nothing


@require_http_methods(["GET", "POST"])
@idempotent(key_field=KEY_FIELD, refuse=_refused_form, keeps=_filed)
def report(request):
    if request.method == "GET":
        return _form_page(request, values={}, errors={})
    refusal = ratelimit.check_report(request, request.POST.get("contact_phone", ""))
    if refusal:
        return _form_page(request, request.POST, {}, refusal=refusal.message, status=429)
    form = CitizenReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, request.POST, form.errors,
                          photos_dropped=bool(request.FILES.getlist("photos")),
                          outside=form.outside_district)
    reporter = request.user if request.user.is_authenticated else None
    case = case_report(report=form.report(), reporter=reporter,
                       photos=form.cleaned_data["photos"], role=CITIZEN)
    make_thumbnails(case.photos.all())
    request.session[RECEIPT] = case.tracking_number
    return redirect(tracking_path(case))


def _form_page(request, values, errors, refusal="", photos_dropped=False, outside=False,
               status=200):
    return render(request, "citizen/report.html", {
        "values": values, "errors": errors, "refusal": refusal,
        "labels": CitizenReportForm().labels,
        "photos_dropped": photos_dropped, "outside": outside, "categories": picker_data(),
        "config": _js_config(), "photo_max_count": settings.PHOTO_MAX_COUNT,
        "photo_max_bytes": settings.PHOTO_MAX_BYTES,
        "idempotency_key": secrets.token_urlsafe(16), "key_field": KEY_FIELD,
    }, status=status)


def _js_config() -> dict:
    return {
        "photoMaxCount": settings.PHOTO_MAX_COUNT,
        "photoMaxBytes": settings.PHOTO_MAX_BYTES,
        "text": {
            **locate_texts(),
            "outside": _("This spot is outside every grid: your report will still be "
                         "dispatched by hand."),
            "outsideDistrict": OUTSIDE_DISTRICT,
            "confirmOutside": _("Tick the box below the map to send a report for a spot "
                                "outside the district, or move the pin."),
            "inside": _("You are in: %(place)s"),
            "nearest": _("Nearest standard address: %(address)s"),
            "noMatch": _("Nothing matches. Try another word, or choose a category below."),
            "duplicates": _("Already reported nearby. Is it the same problem?"),
            "meToo": _("Me too: add my voice"),
            "metres": _("%(n)s m away"),
            "nearbyComponents": _("Nearby %(what)s: is it one of these? Tap it to put the pin "
                                  "on it."),
            "voices": _("%(n)s residents"),
            "tooMany": _("At most %(count)s photos."),
            "tooBig": _("%(name)s is too large; the limit is %(limit)s MB."),
            "chars": _("%(n)s / 2000 characters"),
            "needWhat": _("Choose what kind of problem it is."),
            "needWhere": NO_LOCATION,
            "needDescription": _("Describe the problem in a few words."),
            "summary": _("Please correct the following; what you typed is kept."),
        },
    }


# --- possible duplicates and "me too" -------------------------------------------------------


@require_GET
def duplicates(request):
    """Open cases of the same subcategory near a point, for the form to offer before sending."""
    point = DuplicateQuery(request.GET)
    if not point.is_valid():
        return JsonResponse({"errors": point.errors}, status=400)
    data = point.cleaned_data
    nearby = possible_duplicates(subcategory=data["subcategory"], lat=data["lat"],
                                 lon=data["lon"])
    return JsonResponse({"radius_m": settings.DUPLICATE_RADIUS_M,
                         "window_hours": settings.DUPLICATE_WINDOW_HOURS,
                         "cases": [public_summary(n) for n in nearby]})


@require_POST
def me_too(request):
    number = request.POST.get("tracking_number", "").strip()
    voiced = request.session.get(VOICES, [])
    links = request.session.get(LINKS, {})
    if number in voiced:
        return _me_too_page(request, number, _("Your voice is already counted on this "
                                               "report. Thank you."), link=links.get(number))
    refusal = ratelimit.check_report(request)
    if refusal:
        return _me_too_page(request, number, refusal.message, error=True, status=429)
    try:
        voice = case_me_too(tracking_number=number)
    except workflow.WorkflowError as error:
        return _me_too_page(request, number, str(error.detail), error=True,
                            status=error.status_code)
    case, link = voice.case, supporter_path(voice.case, voice)
    request.session[VOICES] = [*voiced, number][-50:]
    request.session[LINKS] = dict([*links.items(), (number, link)][-50:])
    return _me_too_page(request, number, _("Thank you: your voice was added. %(count)s "
                                           "residents have now reported this problem.")
                        % {"count": case.me_too_count + 1}, case=case, link=link)


def _me_too_page(request, number, message, case=None, link=None, error=False, status=200):
    return render(request, "citizen/me_too.html", {
        "number": number, "message": message, "case": case, "error": error,
        "link": request.build_absolute_uri(link) if link else ""}, status=status)


# --- the private tracking page --------------------------------------------------------------


@require_GET
def track(request, tracking_number):
    """The reporter's page (token) or a supporter's public view of it (supporter)."""
    supporter = request.GET.get("supporter", "")
    if supporter and not request.GET.get("token"):
        case = supported_case(tracking_number, supporter)
        if case is None:
            raise Http404
        return _supporter_page(request, case)
    case = tracked_case(tracking_number, request.GET.get("token", ""))
    if case is None:
        raise Http404
    return _track_page(request, case, RatingForm())


@require_POST
def rate(request, tracking_number):
    token = request.POST.get("token", "")
    case = tracked_case(tracking_number, token)
    if case is None:
        raise Http404
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _track_page(request, case, form, status=400)
    try:
        case = workflow.perform(case=case, action="rate", actor=None, token=token,
                                params=form.cleaned_data)
    except workflow.WorkflowError as error:
        form.add_error(None, _message(error))
        return _track_page(request, case, form, status=error.status_code)
    request.session[THANKS] = case.tracking_number
    return redirect(tracking_path(case) + "#thanks")


def _message(error: workflow.WorkflowError) -> str:
    if isinstance(error.detail, dict):
        return " ".join(str(m) for messages in error.detail.values()
                        for m in (messages if isinstance(messages, list) else [messages]))
    return str(error.detail)


def _once(request, key: str, case) -> bool:
    """Whether the session held this case under `key` (a note for the next page), dropping it."""
    if request.session.get(key) != case.tracking_number:
        return False
    del request.session[key]
    return True


def _public_context(case) -> dict:
    """What the reporter and supporters alike see: status, progress, reply, result photos,
    the place on a map."""
    return {
        "case": case, "timeline": public_timeline(case), "milestones": milestones(case),
        "published": [(thumbnail_url(p), p.image.url)
                      for p in case.photos.filter(is_public=True).order_by("id")],
        "point": {"lat": case.lat, "lon": case.lon},
    }


def _track_page(request, case, rating_form, status=200):
    just_filed = _once(request, RECEIPT, case)
    return render(request, "citizen/track.html", {
        **_public_context(case), "reporter": True,
        "photos": [(thumbnail_url(p), p.image.url) for p in report_photos(case)],
        "link": request.build_absolute_uri(tracking_path(case)),
        "just_filed": just_filed, "receipt": receipt_message(case) if just_filed else "",
        "thanks": _once(request, THANKS, case), "feedback": reporter_feedback(case),
        "rating_form": rating_form, "can_rate": can_rate(case),
        "reopened": case.status == Status.ACCEPTED and case.steps.filter(
            action="citizen_reopen").exists(),
    }, status=status)


def _supporter_page(request, case):
    return render(request, "citizen/track.html", {**_public_context(case), "reporter": False})
