"""Server-rendered pages for staff: the dispatcher's queue, the department's inbox, the grid
worker's grid and patrol report, and one case page for all. Thin: reads through selectors,
writes through the workflow and intake services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.intake.forms import ReportForm
from events.intake.services import case_report
from events.models import CLOSED, FINISHED, Case, Source, Status
from events.privacy.services import contact_access_record
from events.workflow import services as workflow
from events.workflow.selectors import (
    can_see_phone,
    cases_visible_to,
    masked_phone,
    role_of,
    worker_grid_codes,
)
from grids.models import Region
from org.models import DISPATCHING, Department, Role
from places.search import nearest
from taxonomy.models import Category, Urgency

HOME_OF = {Role.DISPATCHER: "dispatch-queue", Role.SHIFT_LEADER: "dispatch-queue",
           Role.HANDLER: "department-inbox", Role.GRID_WORKER: "worker-home",
           Role.OPERATOR: "hotline-desk"}


URGENCY_RANK = models.Case(
    models.When(urgency=Urgency.EMERGENCY, then=0), models.When(urgency=Urgency.URGENT, then=1),
    default=2)


def _visible(request):
    """The caller's cases, most urgent first, then least time left."""
    return cases_visible_to(request.user).select_related(
        "subcategory__category", "department", "grid").annotate(
        urgency_rank=URGENCY_RANK).order_by(
        "urgency_rank", models.F("due_at").asc(nulls_last=True), "-created_at")


def require_role(request, *roles):
    """Pages of other roles do not exist for the caller (404, as for a case out of scope)."""
    if role_of(request.user) not in roles:
        raise Http404


@login_required
def staff_home(request):
    """Each role lands on its own page; administrators on the admin."""
    name = HOME_OF.get(role_of(request.user))
    return redirect(name) if name else redirect("admin:index")


@login_required
def dispatch_queue(request):
    require_role(request, *DISPATCHING)
    cases = _visible(request)
    sections = [
        (_("New reports"), cases.filter(status=Status.REPORTED)),
        (_("Unroutable: choose a department"),
         cases.filter(status=Status.ACCEPTED, department__isnull=True)),
        (_("To dispatch"), cases.filter(status=Status.ACCEPTED, department__isnull=False)),
        (_("Returned by departments"), cases.filter(status=Status.RETURNED)),
        (_("Extension requests"), cases.filter(status=Status.EXTENSION_REQUESTED)),
    ]
    return render(request, "staff/queue.html", {
        "sections": [(title, list(rows[:100])) for title, rows in sections],
        "departments": Department.objects.order_by("kind", "code"),
    })


@login_required
def department_inbox(request):
    require_role(request, Role.HANDLER)
    cases = _visible(request)
    sections = [
        (_("Dispatched to us: sign for or return"), cases.filter(status=Status.DISPATCHED)),
        (_("In hand"), cases.filter(status=Status.PROCESSING)),
        (_("Waiting for an extension decision"),
         cases.filter(status=Status.EXTENSION_REQUESTED)),
        (_("Resolved, waiting for the on-site check"), cases.filter(status=Status.RESOLVED)),
    ]
    return render(request, "staff/inbox.html", {
        "sections": [(title, list(rows[:100])) for title, rows in sections]})


@login_required
def worker_home(request):
    require_role(request, Role.GRID_WORKER)
    codes = worker_grid_codes(request.user)
    cases = _visible(request).filter(Q(grid__code__in=codes))
    sections = [
        (_("Resolved: check on site"), cases.filter(status=Status.RESOLVED)),
        (_("Open in my grids"), cases.exclude(
            status__in=[Status.RESOLVED, *FINISHED])),
        (_("Closed recently"), cases.filter(status__in=CLOSED)
         .order_by("-closed_at")),
    ]
    grids = Region.objects.filter(generation__is_active=True, code__in=codes).order_by("code")
    return render(request, "staff/worker.html", {
        "sections": [(title, list(rows[:50])) for title, rows in sections], "grids": grids})


@login_required
def patrol_report(request):
    """A grid worker's report from patrol: accepted at once, dispatched when routable."""
    require_role(request, Role.GRID_WORKER)
    errors, values = {}, {}
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            case = case_report(report=form.report(source=Source.GRID_WORKER),
                               reporter=request.user, photos=form.cleaned_data["photos"],
                               role=Role.GRID_WORKER)
            messages.success(request, _("Reported as %(number)s.")
                             % {"number": case.tracking_number})
            return redirect("case-page", tracking_number=case.tracking_number)
        errors, values = form.errors, request.POST
    grids = Region.objects.filter(generation__is_active=True,
                                  code__in=worker_grid_codes(request.user))
    return render(request, "staff/patrol.html", {
        "categories": Category.objects.prefetch_related("subcategories"),
        "errors": errors, "values": values,
        "grid_geometries": [g.geometry for g in grids]}, status=400 if errors else 200)


@login_required
def case_page(request, tracking_number):
    case = get_object_or_404(_visible(request), tracking_number=tracking_number)
    steps = case.steps.select_related("actor", "from_department", "to_department") \
        .prefetch_related("photos")
    names = workflow.allowed_actions(case, request.user)
    contact_access_record(user=request.user, case=case, where="page")
    return render(request, "staff/case.html", {
        "case": case, "steps": steps,
        "actions": [workflow.ACTIONS[name] for name in names],
        "departments": Department.objects.order_by("kind", "code"),
        "phone": case.contact_phone if can_see_phone(request.user, case)
        else masked_phone(case.contact_phone),
        "grid_geometry": case.grid.geometry if case.grid else None,
        # The door nearest the pin, for whoever goes there (a case placed by its address
        # already has it as its address).
        "standard_address": nearest(case.lat, case.lon) if case.grid_id else None,
    })


@login_required
@require_POST
def case_act(request, tracking_number, action):
    """The form twin of POST /api/v1/cases/{n}/actions/{action}/."""
    case = get_object_or_404(Case.objects.select_related("subcategory", "grid"),
                             tracking_number=tracking_number)
    params = {key: request.POST.get(key, "") for key in
              ("note", "reason", "department", "level", "hours", "target", "public_reply")}
    params["publish_photos"] = request.POST.get("publish_photos") == "true"  # the check box
    try:
        workflow.perform(case=case, action=action, actor=request.user, params=params,
                         photos=request.FILES.getlist("photos"))
    except workflow.NotFound:
        raise Http404 from None  # out of scope: as if the case did not exist
    except workflow.WorkflowError as error:
        detail = error.detail
        if isinstance(detail, dict):
            detail = " ".join(str(m) for m in detail.values())
        messages.error(request, detail)
    else:
        messages.success(request, _("Done: %(action)s.") % {
            "action": workflow.ACTIONS[action].label})
    next_url = request.POST.get("next") or ""
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("case-page", tracking_number=tracking_number)
