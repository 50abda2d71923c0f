"""Server-rendered pages for staff: the dispatcher's queue, the department's inbox, the grid
worker's grid and patrol report, and one case page for all. Thin: reads through selectors,
writes through the workflow and intake services."""

from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.campaigns.selectors import worker_tasks
from events.intake.forms import ReportForm, locate_texts, picker_data
from events.intake.services import case_report
from events.models import CHECK_ACTIONS, CLOSED, FINISHED, Case, CaseStep, CaseTask, Source, Status
from events.privacy.services import contact_access_record
from events.staff.action_forms import action_forms
from events.staff.queue_filters import (
    PAGE_SIZE,
    QueueFilterForm,
    add_thumbnails,
    department_choices,
    map_points,
    page_of,
    with_first_photo,
)
from events.workflow import assisting, levels, suggestion
from events.workflow import services as workflow
from events.workflow.selectors import (
    Criteria,
    can_see_phone,
    cases_matching,
    masked_phone,
    queue_for,
    role_of,
    worker_grid_codes,
)
from grids.models import Region
from org.models import DISPATCHING, Department, Role
from places.search import nearest
from taxonomy.models import Category, Urgency

# What a queue row shows besides the case: its grid's place up to the district (the level
# moves), its department, duty-list matter and category.
ROW_RELATIONS = ("subcategory__category", "department", "grid__parent__parent__parent", "matter")
# Not read for a row either: the grid levels' boundaries (a district's runs to megabytes of
# JSON) and the reporter's contact details (a decryption each).
ROW_UNREAD = ("contact_phone", "contact_email",
              *("grid__" + "parent__" * n + "geometry" for n in range(4)))
HOME_OF = {Role.DISPATCHER: "dispatch-queue", Role.SHIFT_LEADER: "dispatch-queue",
           Role.HANDLER: "department-inbox", Role.GRID_WORKER: "worker-home",
           Role.OPERATOR: "hotline-desk"}


NO_CRITERIA = Criteria()
# Actions that move a case away from someone or end it: the form asks before it submits.
CONFIRM_ACTIONS = ("reassign", "approve_return", "check_reject", "answer", "close", "rework")
URGENCY_RANK = models.Case(
    models.When(urgency=Urgency.EMERGENCY, then=0), models.When(urgency=Urgency.URGENT, then=1),
    default=2)
# The queue's sections: each a status and what else its cases meet (last_check: the report's
# last on-site check, read only for reports).
_QUEUE = [
    (gettext_lazy("New reports"), Status.REPORTED, ~Q(last_check="check_reject")),
    (gettext_lazy("Not confirmed on site: for the shift leader to void"), Status.REPORTED,
     Q(last_check="check_reject")),
    (gettext_lazy("Being checked on site"), Status.CHECKING, Q()),
    (gettext_lazy("Unroutable: choose a department"), Status.ACCEPTED,
     Q(department__isnull=True)),
    (gettext_lazy("To dispatch"), Status.ACCEPTED, Q(department__isnull=False)),
    (gettext_lazy("Return requests from departments"), Status.RETURN_REQUESTED, Q()),
    (gettext_lazy("Returned by departments"), Status.RETURNED, Q()),
    (gettext_lazy("Extension requests"), Status.EXTENSION_REQUESTED, Q()),
]
SECTIONS = [(title, Q(status=status) & extra) for title, status, extra in _QUEUE]
# Read by status first: the sections' conditions OR-ed as they are made the planner expect
# most of the table, and compile the query (JIT) for longer than it runs.
QUEUE_STATUSES = tuple(dict.fromkeys(status for _title, status, _extra in _QUEUE))
QUEUE_ORDER = (URGENCY_RANK.asc(), models.F("due_at").asc(nulls_last=True),
               models.F("created_at").desc())


def _visible(request, criteria: Criteria = NO_CRITERIA):
    """The caller's cases, most urgent first, then least time left."""
    return cases_matching(request.user, criteria).select_related(
        "subcategory__category", "department", "grid").order_by(*QUEUE_ORDER)


def require_role(request, *roles):
    """Pages of other roles do not exist for the caller (404, as for a case out of scope)."""
    if role_of(request.user) not in roles:
        raise Http404


@login_required
def staff_home(request):
    """Each role lands on its own page; administrators on the admin."""
    name = HOME_OF.get(role_of(request.user))
    return redirect(name) if name else redirect("admin:index")


def _last_check():
    """A report's last on-site check (核实), "" if it had none."""
    checks = CaseStep.objects.filter(case=OuterRef("pk"), action__in=CHECK_ACTIONS)
    return Coalesce(Subquery(checks.order_by("-id").values("action")[:1]), Value(""))


@login_required
def dispatch_queue(request):
    """The cases the dispatcher's region owns at its level (分级处置), or with ?show=all every
    case of its area."""
    require_role(request, *DISPATCHING)
    show_all = request.GET.get("show") == "all"
    filters = QueueFilterForm(request.GET, user=request.user)
    filters.is_valid()
    visible = _visible(request, filters.criteria())
    cases = visible if show_all else queue_for(request.user, visible)
    page = page_of(request)
    queue = cases.filter(status__in=QUEUE_STATUSES).annotate(last_check=_last_check())
    sections = [*_pages(queue, SECTIONS, page),
                *_pages(visible, _own_handling(request), page)]
    sections = _with_rows(sections, request.user)
    return render(request, "staff/queue.html", {
        "sections": sections, "show_all": show_all, "filters": filters, "page": page,
        "more": any(rows.total > page * PAGE_SIZE for _title, rows in sections),
        "points": map_points(sections),
        "departments": department_choices(),
        "region_name": levels.tree().name(request.user.staff.scope_code or levels.tree().top),
    })


class Listed(list):
    """One page of a queue section's rows, and how many the section has in all."""

    total = 0


def _pages(cases, sections: list[tuple[str, Q]], page: int) -> list[tuple[str, Listed]]:
    """The keys of each section's page and the section's count, in one query on the case rows
    alone: every row numbered within its section, most urgent first, and counted, by window
    functions; a section's first row always comes, to bring the count when the page is past
    the section's end. A query per section and page, and another per count, each joined to
    the grid's four levels, department and matter, was most of the queue's time."""
    if not sections:
        return []
    start = (page - 1) * PAGE_SIZE
    section = models.Case(*(When(condition, then=Value(index))
                            for index, (_title, condition) in enumerate(sections)))
    numbered = cases.filter(reduce(or_, (condition for _title, condition in sections))).annotate(
        section=section).annotate(
        place=Window(RowNumber(), partition_by=F("section"), order_by=QUEUE_ORDER),
        total=Window(Count("pk"), partition_by=F("section")))
    listed = [(title, Listed()) for title, _condition in sections]
    for index, key, place, total in numbered.filter(
            Q(place__gt=start, place__lte=start + PAGE_SIZE) | Q(place=1)).order_by(
            "section", "place").values_list("section", "pk", "place", "total"):
        listed[index][1].total = total
        if place > start:
            listed[index][1].append(key)
    return listed


def _with_rows(sections: list[tuple[str, Listed]], user) -> list[tuple[str, Listed]]:
    """The pages' keys replaced by their cases, read at once with what the rows show."""
    shown = with_first_photo(Case.objects.select_related(*ROW_RELATIONS).defer(
        *ROW_UNREAD)).in_bulk([key for _title, keys in sections for key in keys])
    _with_suggestions(_with_moves(add_thumbnails(list(shown.values())), user))
    for _title, keys in sections:
        keys[:] = [shown[key] for key in keys]
    return sections


def _own_handling(request) -> list[tuple[str, Q]]:
    """A committee dispatches its community and handles its own matters (属地村居): what its
    department has in hand shows on the same page (of every case it sees, not only its
    queue's)."""
    department = request.user.staff.department
    if department is None or department.kind == Department.Kind.COMMAND:
        return []
    return [(_("Handled by us: %(department)s") % {"department": department.name},
             Q(department=department, status__in=[Status.DISPATCHED, Status.PROCESSING,
                                                 Status.EXTENSION_REQUESTED]))]


def _with_moves(rows: list, user) -> list:
    """Each row with the level moves (上报, 下派) the user may make on it."""
    for case in rows:
        case.moves = workflow.level_actions(case, user)
        case.down_to = levels.hand_down_choices(case) if "hand_down" in case.moves else []
    return rows


def _with_suggestions(rows: list) -> list:
    """Each report waiting for 立案 with why routing suggests its department."""
    waiting = [case for case in rows if case.status == Status.REPORTED]
    firsts = suggestion.first_steps(waiting) if waiting else {}
    for case in waiting:
        case.suggestion = suggestion.why_suggested(case, firsts.get(case.pk))
    return rows


@login_required
def department_inbox(request):
    require_role(request, Role.HANDLER)
    department_id = request.user.staff.department_id
    cases = _visible(request).filter(department_id=department_id)
    sections = [
        (_("Dispatched to us: sign for or return"), cases.filter(status=Status.DISPATCHED)),
        (_("Asked to return: waiting for the command centre"),
         cases.filter(status=Status.RETURN_REQUESTED)),
        (_("In hand"), cases.filter(status=Status.PROCESSING)),
        (_("Waiting for an extension decision"),
         cases.filter(status=Status.EXTENSION_REQUESTED)),
        (_("Resolved, waiting for the on-site check"), cases.filter(status=Status.RESOLVED)),
    ]
    return render(request, "staff/inbox.html", {
        "sections": [(title, list(rows[:100])) for title, rows in sections],
        "tasks": _open_tasks_of(department_id)})


def _open_tasks_of(department_id) -> list[CaseTask]:
    """The department's open assisting tasks (协办), the earliest deadline first."""
    tasks = CaseTask.objects.filter(department_id=department_id,
                                    status__in=assisting.OPEN_TASK).select_related(
        "case__subcategory__category", "case__department", "case__grid").order_by(
        models.F("due_at").asc(nulls_last=True))[:100]
    now = timezone.now()
    for task in tasks:
        task.overdue = assisting.is_overdue(task, now)
    return list(tasks)


@login_required
def worker_home(request):
    require_role(request, Role.GRID_WORKER)
    codes = worker_grid_codes(request.user)
    cases = _visible(request).filter(Q(grid__code__in=codes))
    sections = [
        (_("Reports to confirm on site (核实)"), cases.filter(status=Status.CHECKING)),
        (_("Resolved: check on site"), cases.filter(status=Status.RESOLVED)),
        (_("Open in my grids"), cases.exclude(
            status__in=[Status.CHECKING, Status.RESOLVED, *FINISHED])),
        (_("Closed recently"), cases.filter(status__in=CLOSED)
         .order_by("-closed_at")),
    ]
    grids = Region.objects.filter(generation__is_active=True, code__in=codes).order_by("code")
    return render(request, "staff/worker.html", {
        "sections": [(title, list(rows[:50])) for title, rows in sections], "grids": grids,
        "today": _today_tasks(request.user)})


def _today_tasks(user) -> dict:
    """The 今日任务 block of /worker/ (staff/_worker_tasks.html): the first open campaign
    tasks and how many there are."""
    tasks = worker_tasks(user)
    return {"tasks": list(tasks[:30]), "count": tasks.count()}


# What the patrol form's script says (events/static/staff/patrol.js), besides locating.
PATROL_TEXT = {
    "inside": gettext_lazy("In: %(place)s"),
    "outside": gettext_lazy("This spot is outside every grid."),
    "nearest": gettext_lazy("Nearest standard address: %(address)s"),
    "chosen": gettext_lazy("Chosen: %(path)s"),
    "needWhat": gettext_lazy("Search and choose what kind of problem it is."),
}


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
        "categories": picker_data(), "errors": errors, "values": values,
        "labels": ReportForm().labels, "config": {"text": {**locate_texts(), **PATROL_TEXT}},
        "grid_geometries": [g.geometry for g in grids]}, status=400 if errors else 200)


@login_required
def case_page(request, tracking_number):
    case = get_object_or_404(_visible(request), tracking_number=tracking_number)
    return render(request, "staff/case.html", _case_context(request, case))


def _case_context(request, case, failed: str = "", errors=None) -> dict:
    """The case page; after a refused action (`failed`), that form shows `errors` by field
    and what was typed, and comes back to where it was sent from."""
    steps = list(case.steps.select_related("actor", "from_department", "to_department")
                 .prefetch_related("photos"))
    names = workflow.allowed_actions(case, request.user)
    own = assisting.own_task(case, request.user)
    contact_access_record(user=request.user, case=case, where="page")
    tasks = list(case.tasks.select_related("department").order_by("department__code"))
    now = timezone.now()
    for task in tasks:
        task.overdue = assisting.is_overdue(task, now)
    by_code = {task.department.code: task.department.name for task in tasks}
    for step in steps:  # the departments whose tasks a step created or moved, by name
        codes = [step.data["task"]] if "task" in step.data else step.data.get("tasks", [])
        step.task_names = "、".join(by_code.get(code, code) for code in codes)
    specs = [workflow.task_action(name) if own else workflow.ACTIONS[name] for name in names]
    return {
        "case": case, "steps": steps, "tasks": tasks, "own_task": own,
        "open_tasks": [task for task in tasks if task.is_open],
        "level_path": levels.path(steps),
        "owner_name": levels.tree().name(case.owner_region),
        "down_to": levels.hand_down_choices(case) if "hand_down" in names else [],
        "actions": action_forms(case, specs, failed, errors, request.POST if failed else None,
                                own_task=own is not None),
        "next": (_safe_next(request) or reverse("case-page", args=[case.tracking_number]))
        if failed else "",
        "departments": Department.objects.order_by("kind", "code"),
        "categories": Category.objects.prefetch_related("subcategories")
        if "reclassify" in names else (),
        "confirm_actions": CONFIRM_ACTIONS,
        "phone": case.contact_phone if can_see_phone(request.user, case)
        else masked_phone(case.contact_phone),
        "grid_geometry": case.grid.geometry if case.grid else None,
        # The door nearest the pin, for whoever goes there (a case placed by its address
        # already has it as its address).
        "standard_address": nearest(case.lat, case.lon) if case.grid_id else None,
    }


@login_required
@require_POST
def case_act(request, tracking_number, action):
    """The form twin of POST /api/v1/cases/{n}/actions/{action}/. Done or refused, the answer
    shows on the page the form came from (`next`); a form with wrong fields comes back on the
    case page with each error beside its field."""
    case = get_object_or_404(Case.objects.select_related("subcategory", "grid"),
                             tracking_number=tracking_number)
    params = {key: request.POST.get(key, "") for key in
              ("note", "reason", "department", "level", "hours", "target", "public_reply",
               "subcategory", "lat", "lon", "region")}
    params["publish_photos"] = request.POST.get("publish_photos") == "true"  # the check box
    try:
        workflow.perform(case=case, action=action, actor=request.user, params=params,
                         photos=request.FILES.getlist("photos"))
    except workflow.NotFound:
        raise Http404 from None  # out of scope: as if the case did not exist
    except workflow.WorkflowError as error:
        if isinstance(error.detail, dict) and action in workflow.ACTIONS:
            return _refused_form(request, tracking_number, action, error.detail)
        messages.error(request, error.detail)
    else:
        own = action in workflow.TASK_ACTIONS and assisting.own_task(case, request.user)
        spec = workflow.task_action(action) if own else workflow.ACTIONS[action]
        messages.success(request, _("Done: %(action)s, case %(number)s.")
                         % {"action": spec.label, "number": tracking_number})
    return redirect(_safe_next(request) or reverse("case-page", args=[tracking_number]))


def _refused_form(request, tracking_number, action, errors):
    case = get_object_or_404(_visible(request), tracking_number=tracking_number)
    return render(request, "staff/case.html", _case_context(request, case, action, errors),
                  status=400)


def _safe_next(request) -> str:
    """The page a form came from, if it is one of ours (no other host, no scheme trick)."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""
