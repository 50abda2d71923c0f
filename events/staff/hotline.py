"""The 12345 hotline desk: one page for an operator taking a call. The caller's number, the
request type, the address (searched in the standard address register as the operator types),
the category (the citizen form's picker data, synonyms included), what the caller says; then
either the caller is attached to a possible duplicate near the address ("me too"), or the
call is filed and routed like any report, or a consultation is answered and closed at once.
static/staff/hotline.js makes it usable from the keyboard alone; without it the page is a
plain form (the address placed by its text)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.security import dialable_phone
from events.intake.duplicates import possible_duplicates, public_summary
from events.intake.forms import CallForm, SubcategoryField, picker_data
from events.intake.metoo import case_me_too
from events.intake.services import case_report, receipt_message
from events.models import Case, RequestType
from events.staff.pages import require_role
from events.workflow import services as workflow
from events.workflow.selectors import masked_phone
from org.models import Role
from taxonomy.models import Subcategory

LAST_CALL = "hotline_last_call"  # session: what the previous call became, shown once


@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    require_role(request, Role.OPERATOR)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = case_report(report=form.report(), reporter=request.user, role=Role.OPERATOR)
        closed = request.POST.get("then") == "answer" and _answer(request, case, form)
        request.session[LAST_CALL] = _summary(case, closed)
        return redirect("hotline-desk")
    return render(request, "staff/hotline.html", {
        "form": form, "values": request.POST, "errors": form.errors,
        "last": request.session.pop(LAST_CALL, None), "categories": picker_data(),
        "consult": RequestType.CONSULT, "labels": _labels(),
        "text": _texts(),
    }, status=400 if form.errors else 200)


def _labels() -> dict:
    """The fields as the error summary names them, with the control each links to."""
    return {"caller_phone": (_("Caller number"), "caller-phone"),
            "request_type": (_("Request type"), "request-type"),
            "address": _("Address"), "subcategory": _("Category"),
            "description": _("What the caller says"), "answer": _("Answer given to the caller")}


def _texts() -> dict:
    return {
        "addressDetail": _("code %(code)s · grid %(grid)s"),
        "addressChosen": _("Standard address %(code)s, grid %(grid)s: the case goes there."),
        "addressTyped": _("Not a standard address yet: pick a suggestion, or the text is "
                          "matched when the call is filed."),
        "categoryChosen": _("Chosen: %(path)s"),
        "metres": _("%(n)s m away"),
        "attach": _("Same problem: attach the caller to %(number)s"),
    }


def _answer(request, case: Case, form: CallForm) -> bool:
    """Answer the consultation and close the case (the workflow's "answer"); a refusal leaves
    the case filed, and the operator is told why."""
    reply = form.cleaned_data["answer"].strip()
    if not reply:
        messages.warning(request, _("Filed, not closed: write the answer to close a "
                                    "consultation."))
        return False
    try:
        workflow.perform(case=case, action="answer", actor=request.user,
                         params={"public_reply": reply})
    except workflow.WorkflowError as error:
        messages.error(request, _("Filed, not closed: %(reason)s") % {"reason": error.detail})
        return False
    return True


def _summary(case: Case, closed: bool) -> dict:
    """What the operator reads back to the caller: the number, where the case went."""
    case.refresh_from_db()
    return {"tracking_number": case.tracking_number, "closed": closed,
            "address": case.address, "grid": case.grid.code if case.grid_id else "",
            "department": case.department.name if case.department_id else "",
            "message": str(receipt_message(case)),
            "caller": masked_phone(case.contact_phone)}


class NearQuery(forms.Form):
    subcategory = SubcategoryField(Subcategory.objects.all(), to_field_name="code")
    lat = forms.FloatField(min_value=-90, max_value=90)
    lon = forms.FloatField(min_value=-180, max_value=180)


@login_required
@require_GET
def duplicates(request):
    """Open cases of the same kind near the address: the caller may be reporting one of them."""
    require_role(request, Role.OPERATOR)
    query = NearQuery(request.GET)
    if not query.is_valid():
        return JsonResponse({"errors": query.errors}, status=400)
    nearby = possible_duplicates(**query.cleaned_data)
    return JsonResponse({"cases": [{**public_summary(n), "address": n.case.address}
                                   for n in nearby]})


@login_required
@require_POST
def attach(request):
    """The caller reports a case already filed: add their voice and their number to it."""
    require_role(request, Role.OPERATOR)
    phone = dialable_phone(request.POST.get("caller_phone", ""))
    number = request.POST.get("tracking_number", "")
    try:
        case = case_me_too(tracking_number=number, caller_phone=phone or "",
                           actor=request.user, role=Role.OPERATOR).case
    except workflow.WorkflowError as error:
        messages.error(request, error.detail)
        return redirect("hotline-desk")
    messages.success(request, _("The caller was added to case %(number)s (%(count)s callers "
                                "in all).") % {"number": case.tracking_number,
                                               "count": case.me_too_count + 1})
    return redirect("hotline-desk")
