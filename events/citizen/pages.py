"""Citizen pages: the report form, possible duplicates and "me too", the private tracking page
with its rating. No account needed. The form works without JavaScript (a plain form with
lat/lon fields and the category select); static/citizen/report.js adds the map, the category
picker and the duplicate check on top of the same form."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.photos import make_thumbnails, thumbnail_url
from events.citizen.forms import DuplicateQuery, RatingForm
from events.citizen.tracking import (
    public_timeline,
    report_photos,
    tracked_case,
    tracking_path,
)
from events.intake import ratelimit
from events.intake.duplicates import possible_duplicates, public_summary
from events.intake.forms import NO_LOCATION, ReportForm, picker_data
from events.intake.metoo import case_me_too
from events.intake.services import case_report, receipt_message
from events.models import Status
from events.workflow import services as workflow
from events.workflow.selectors import CITIZEN

RECEIPT = "citizen_receipt"  # session: the case just filed, for its receipt on the next page
VOICES = "citizen_me_too"  # session: cases this browser already added its voice to


# --- the report form ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report(request):
    if request.method == "GET":
        return _form_page(request, values={}, errors={})
    refusal = ratelimit.check_report(request, request.POST.get("contact_phone", ""))
    if refusal:
        return _form_page(request, request.POST, {}, refusal=refusal.message, status=429)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, request.POST, form.errors,
                          photos_dropped=bool(request.FILES.getlist("photos")))
    reporter = request.user if request.user.is_authenticated else None
    case = case_report(report=form.report(), reporter=reporter,
                       photos=form.cleaned_data["photos"], role=CITIZEN)
    make_thumbnails(case.photos.all())
    request.session[RECEIPT] = case.tracking_number
    return redirect(tracking_path(case))


def _form_page(request, values, errors, refusal="", photos_dropped=False, status=200):
    return render(request, "citizen/report.html", {
        "values": values, "errors": errors, "refusal": refusal,
        "photos_dropped": photos_dropped, "categories": picker_data(),
        "config": _js_config(), "photo_max_count": settings.PHOTO_MAX_COUNT,
        "photo_max_bytes": settings.PHOTO_MAX_BYTES,
    }, status=status)


def _js_config() -> dict:
    return {
        "photoMaxCount": settings.PHOTO_MAX_COUNT,
        "photoMaxBytes": settings.PHOTO_MAX_BYTES,
        "text": {
            "locating": _("Finding your location…"),
            "located": _("Location found. Drag the pin if it is not quite right."),
            "noLocation": _("Could not get your location. Tap the map where the problem "
                            "is instead."),
            "outside": _("This spot is outside every grid: your report will still be "
                         "dispatched by hand."),
            "inside": _("You are in: %(place)s"),
            "nearest": _("Nearest standard address: %(address)s"),
            "noMatch": _("Nothing matches. Try another word, or choose a category below."),
            "duplicates": _("Already reported nearby. Is it the same problem?"),
            "meToo": _("Me too: add my voice"),
            "metres": _("%(n)s m away"),
            "voices": _("%(n)s residents"),
            "tooMany": _("At most %(count)s photos."),
            "tooBig": _("%(name)s is too large; the limit is %(limit)s MB."),
            "chars": _("%(n)s / 2000 characters"),
            "needWhat": _("Choose what kind of problem it is."),
            "needWhere": NO_LOCATION,
            "needDescription": _("Describe the problem in a few words."),
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
    if number in voiced:
        return _me_too_page(request, number, _("Your voice is already counted on this "
                                               "report. Thank you."))
    refusal = ratelimit.check_report(request)
    if refusal:
        return _me_too_page(request, number, refusal.message, error=True, status=429)
    try:
        case = case_me_too(tracking_number=number)
    except workflow.WorkflowError as error:
        return _me_too_page(request, number, str(error.detail), error=True,
                            status=error.status_code)
    request.session[VOICES] = [*voiced, number][-50:]
    return _me_too_page(request, number, _("Thank you: your voice was added. %(count)s "
                                           "residents have now reported this problem.")
                        % {"count": case.me_too_count + 1}, case=case)


def _me_too_page(request, number, message, case=None, error=False, status=200):
    return render(request, "citizen/me_too.html", {
        "number": number, "message": message, "case": case, "error": error}, status=status)


# --- the private tracking page --------------------------------------------------------------


@require_GET
def track(request, tracking_number):
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
        workflow.perform(case=case, action="rate", actor=None, token=token,
                         params=form.cleaned_data)
    except workflow.WorkflowError as error:
        form.add_error(None, _message(error))
        return _track_page(request, case, form, status=error.status_code)
    return redirect(tracking_path(case))


def _message(error: workflow.WorkflowError) -> str:
    if isinstance(error.detail, dict):
        return " ".join(str(m) for messages in error.detail.values()
                        for m in (messages if isinstance(messages, list) else [messages]))
    return str(error.detail)


def _track_page(request, case, rating_form, status=200):
    just_filed = request.session.get(RECEIPT) == case.tracking_number
    if just_filed:
        del request.session[RECEIPT]
    return render(request, "citizen/track.html", {
        "case": case, "timeline": public_timeline(case),
        "photos": [(thumbnail_url(p), p.image.url) for p in report_photos(case)],
        "published": [(thumbnail_url(p), p.image.url)
                      for p in case.photos.filter(is_public=True).order_by("id")],
        "link": request.build_absolute_uri(tracking_path(case)),
        "just_filed": just_filed, "receipt": receipt_message(case) if just_filed else "",
        "rating_form": rating_form, "can_rate": case.status == Status.CLOSED,
    }, status=status)
