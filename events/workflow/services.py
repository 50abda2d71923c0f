"""The closed loop of digital urban management as services (DESIGN.md §4).

信息收集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价. Every action checks role, scope and
the current status, then changes the case with one conditional UPDATE (compare-and-set on the
status and department it read): the loser of a race touches no row and gets a Conflict. Each
action writes exactly one CaseStep in the same transaction.
"""

from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from common.i18n import Phrase, log_texts
from common.photos import sanitized, validate_photo
from events.models import (
    CLOSED,
    OPEN,
    Case,
    CasePhoto,
    CaseStep,
    RequestType,
    Status,
    Supervision,
)
from events.notify.citizen import notify_reporter
from events.notify.outbox import notify_department, notify_grid_workers
from events.sla import clock
from events.sla.escalation import notify_supervision
from events.workflow import assisting, levels, rerouting, suggestion
from events.workflow.selectors import CITIZEN, cases_visible_to, role_of, worker_grid_codes
from org.models import DISPATCHING, VERIFYING, Department, GridAssignment, Level, Role
from org.routing import LOCAL_COMMUNITY, LOCAL_STREET, OwnerError, resolve_owner
from taxonomy.models import Urgency

S = Status
SYSTEM = "system"
NOT_FOUND = gettext_lazy("No such case.")  # for a missing case and a case out of scope alike


class WorkflowError(Exception):
    status_code = 400

    def __init__(self, detail, **extra):
        super().__init__(str(detail))
        self.detail = detail
        self.extra = extra


class Invalid(WorkflowError):
    """Bad parameters; `detail` maps field names to messages."""


class Forbidden(WorkflowError):
    status_code = 403


class NotFound(WorkflowError):
    status_code = 404


class Conflict(WorkflowError):
    status_code = 409


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str | None  # None: the status stays (flags such as supervision)
    roles: tuple
    fields: tuple = ()  # parameters the action reads, for forms and the API docs


# Before a department holds the case (corrections, moves between levels), and while it does.
BEFORE_HANDLING = (S.REPORTED, S.ACCEPTED, S.RETURNED)
IN_HANDS = (S.DISPATCHED, S.PROCESSING)

ACTIONS = {a.name: a for a in [
    Action("accept", gettext_lazy("Accept (立案)"), (S.REPORTED,), S.ACCEPTED, DISPATCHING,
           ("department", "note")),
    Action("void", gettext_lazy("Void (作废)"), (S.REPORTED,), S.VOIDED,
           (Role.SHIFT_LEADER,), ("reason", "public_reply")),
    Action("dispatch", gettext_lazy("Dispatch (派遣)"), (S.ACCEPTED, S.RETURNED), S.DISPATCHED,
           DISPATCHING, ("department", "note")),
    Action("start", gettext_lazy("Sign for (签收)"), (S.DISPATCHED,), S.PROCESSING,
           (Role.HANDLER,), ("note",)),
    Action("return", gettext_lazy("Return as misrouted (退回)"), (S.DISPATCHED,),
           S.RETURN_REQUESTED, (Role.HANDLER,), ("reason",)),
    Action("approve_return", gettext_lazy("Approve the return (同意退回)"),
           (S.RETURN_REQUESTED,), S.RETURNED, DISPATCHING, ("note",)),
    Action("reject_return", gettext_lazy("Reject the return (驳回退回)"), (S.RETURN_REQUESTED,),
           S.DISPATCHED, DISPATCHING, ("reason",)),
    Action("reassign", gettext_lazy("Reassign (改派)"), IN_HANDS,
           S.DISPATCHED, DISPATCHING, ("department", "reason")),
    Action("resolve", gettext_lazy("Resolve (处置完毕)"), (S.PROCESSING,), S.RESOLVED,
           (Role.HANDLER,), ("note", "photos", "public_reply", "publish_photos")),
    Action("request_extension", gettext_lazy("Request extension (延期申请)"), (S.PROCESSING,),
           S.EXTENSION_REQUESTED, (Role.HANDLER,), ("hours", "reason")),
    Action("approve_extension", gettext_lazy("Approve extension"), (S.EXTENSION_REQUESTED,),
           S.PROCESSING, DISPATCHING, ("note",)),
    Action("reject_extension", gettext_lazy("Reject extension"), (S.EXTENSION_REQUESTED,),
           S.PROCESSING, DISPATCHING, ("reason",)),
    Action("shelve", gettext_lazy("Shelve (挂账)"), (S.PROCESSING,), S.SHELVED, DISPATCHING,
           ("reason",)),
    Action("restore", gettext_lazy("Restore from shelf"), (S.SHELVED,), S.PROCESSING, DISPATCHING,
           ("note",)),
    Action("close", gettext_lazy("Verify and close (核查结案)"), (S.RESOLVED,), S.CLOSED,
           VERIFYING, ("note", "photos", "public_reply")),
    Action("rework", gettext_lazy("Send back for rework (返工)"), (S.RESOLVED,), S.PROCESSING,
           VERIFYING, ("reason", "photos")),
    Action("rate", gettext_lazy("Rate (评价)"), (S.CLOSED,), S.RATED, (CITIZEN,),
           ("satisfied", "rating", "comment")),
    # What `rate` becomes when the reporter is not satisfied (不满意重办): back to the
    # dispatcher, the department kept as the obvious choice for the next dispatch.
    Action("citizen_reopen", gettext_lazy("Not satisfied: handle again (不满意重办)"),
           (S.CLOSED,), S.ACCEPTED, (CITIZEN,), ("satisfied", "rating", "comment")),
    Action("supervise", gettext_lazy("Supervise (督办)"), OPEN, None, DISPATCHING,
           ("level", "note")),
    Action("mark_urgent", gettext_lazy("Mark urgent (加急)"), OPEN, None, DISPATCHING, ("note",)),
    Action("merge", gettext_lazy("Merge into another case"), (S.REPORTED, S.ACCEPTED),
           S.VOIDED, DISPATCHING, ("target", "note")),
    Action("reopen", gettext_lazy("Reopen"), CLOSED, S.DISPATCHED,
           (Role.SHIFT_LEADER,), ("reason", "department")),
    Action("self_resolve", gettext_lazy("Resolve on the spot (自处理)"),
           (S.ACCEPTED, S.DISPATCHED), S.RESOLVED, (Role.GRID_WORKER,),
           ("note", "photos", "public_reply", "publish_photos")),
    Action("release_task", gettext_lazy("Release an assisting task (解除协办)"), OPEN, None,
           DISPATCHING, ("department", "reason")),
    # Before 立案: correct what the report says, have it confirmed on site, or answer it.
    Action("reclassify", gettext_lazy("Reclassify or relocate (改类/改址)"),
           BEFORE_HANDLING, None, DISPATCHING, ("subcategory", "lat", "lon", "reason")),
    Action("request_check", gettext_lazy("Request an on-site check (核实)"), (S.REPORTED,),
           S.CHECKING, DISPATCHING, ("note",)),
    Action("check_ok", gettext_lazy("Confirmed on site (核实属实)"), (S.CHECKING,), S.REPORTED,
           VERIFYING, ("note", "photos")),
    Action("check_reject", gettext_lazy("Not confirmed: invalid or duplicate (核实不实)"),
           (S.CHECKING,), S.REPORTED, VERIFYING, ("reason", "public_reply", "photos")),
    # 直接办结: by a dispatcher, or by the hotline operator who took the call.
    Action("answer", gettext_lazy("Answer and close (直接办结)"), (S.REPORTED,), S.CLOSED,
           (*DISPATCHING, Role.OPERATOR), ("public_reply", "note")),
    # Levels of handling (分级处置): the status stays, except that a case reported up from a
    # department of the lower level goes back to dispatch (build_report_up).
    Action("report_up", gettext_lazy("Report up (上报)"), (*BEFORE_HANDLING, *IN_HANDS), None,
           DISPATCHING, ("reason",)),
    Action("hand_down", gettext_lazy("Hand down (下派)"), BEFORE_HANDLING, None, DISPATCHING,
           ("region", "note")),
]}
# What an assisting department's handler may do on its own task (协办): the fields read, and
# how the action is called there.
TASK_ACTIONS = {"start": ("note",), "resolve": ("note", "photos")}
TASK_LABELS = {"start": gettext_lazy("Sign for (签收)"),
               "resolve": gettext_lazy("Complete our part (办结)")}
# Supervision is for everyone whose area the case lies in; every other dispatching action is
# for the dispatchers of the region that owns the case now (events/workflow/levels.py).
SUPERVISING = ("supervise", "mark_urgent")


@dataclass
class Change:
    """What an action does besides moving the status: fields to set and step details."""

    updates: dict = field(default_factory=dict)
    note: str | Phrase = ""  # a Phrase is logged in Chinese with its English beside it
    data: dict = field(default_factory=dict)
    to_department: Department | None = None
    after: list = field(default_factory=list)  # callables run inside the transaction
    publish_photos: bool = False  # the step's photos become part of the public view
    guard: dict = field(default_factory=dict)  # more of what was read that must not change
    status: str | None = None  # where the action's target depends on the case (report_up)


def in_scope(user, case: Case, role: str, token: str = "") -> bool:
    """May this user act on this case at all (whatever the action)?"""
    if role == CITIZEN:
        return bool(token) and token == case.tracking_secret
    if role in DISPATCHING:
        return cases_visible_to(user).filter(pk=case.pk).exists()
    if role == Role.HANDLER:
        department_id = user.staff.department_id
        return department_id is not None and (
            case.department_id == department_id
            or case.tasks.filter(department_id=department_id).exists())
    if role == Role.GRID_WORKER:
        return case.grid is not None and case.grid.code in worker_grid_codes(user)
    if role == Role.OPERATOR:  # the calls the operator took
        return case.reporter_id is not None and case.reporter_id == user.pk
    return False


def allowed_actions(case: Case, user, token: str = "") -> list[str]:
    role = role_of(user)
    if not in_scope(user, case, role, token):
        return []
    task = assisting.own_task(case, user) if role == Role.HANDLER else None
    if task is not None:
        return [name for name in TASK_ACTIONS if task.status in assisting.MOVES[name][0]]
    return [a.name for a in ACTIONS.values() if _permitted(a, case, user, role)]


def level_actions(case: Case, user) -> list[str]:
    """Which of report_up and hand_down the user may do on a case it can see, without a query
    (for the rows of a queue)."""
    role = role_of(user)
    return [name for name in ("report_up", "hand_down")
            if _permitted(ACTIONS[name], case, user, role)]


def _permitted(action: Action, case: Case, user, role: str) -> bool:
    """Status, role (or the capacity it acts in), ownership and the extra rules; not scope."""
    if case.status not in action.sources:
        return False
    acting = capacity(action, case, user, role)
    return acting in action.roles and _ownership_refusal(action, case, user, acting) is None \
        and _extra_refusal(action, case, user) is None


def capacity(action: Action, case: Case, user, role: str) -> str:
    """The role the user acts in. A community committee is both its level's dispatcher and,
    for its own matters (属地村居), the handler: a dispatcher whose department is the case's
    department does the handler's part too."""
    if role in DISPATCHING and role not in action.roles and Role.HANDLER in action.roles \
            and case.department_id is not None \
            and case.department_id == user.staff.department_id:
        return Role.HANDLER
    return role


def _ownership_refusal(action: Action, case: Case, user, role: str) -> str | None:
    """Dispatching actions belong to the region that owns the case; the district's shift
    leaders may act on anything (someone must be able to)."""
    if role not in DISPATCHING or action.name in SUPERVISING:
        return None
    seat = levels.seat(user)
    if (user.staff.role == Role.SHIFT_LEADER and seat == levels.TOP) or levels.owns(user, case):
        return None
    owner = levels.tree().owner(case.owner_region)
    return _("This case is with %(region)s now; its dispatchers act on it.") % {
        "region": levels.tree().name(owner or levels.tree().top) or _("the district")}


def _extra_refusal(action: Action, case: Case, user) -> str | None:
    """Rules beyond role, scope and status; the reason as a message, or None."""
    if action.name in ("close", "rework") and user is not None and user.pk is not None \
            and case.resolved_by_id == user.pk:
        return _("Whoever resolved a case cannot also verify it.")
    if action.name in ("reopen", "citizen_reopen"):
        window = timedelta(days=settings.REOPEN_DAYS)
        if case.closed_at is None or timezone.now() - case.closed_at > window:
            return _("Cases can be reopened within %(days)s days of closing.") % {
                "days": settings.REOPEN_DAYS}
    if action.name == "mark_urgent" and case.urgency != Urgency.NORMAL:
        return _("The case is already urgent.")
    if action.name in ("resolve", "self_resolve") and (waiting := list(
            assisting.open_tasks(case))):
        return _("Assisting departments have not finished: %(departments)s. Resolve after "
                 "they complete their tasks, or ask a dispatcher to release them.") % {
            "departments": "、".join(task.department.name for task in waiting)}
    if action.name == "release_task" and not assisting.open_tasks(case).exists():
        return _("The case has no open assisting task.")
    if action.name == "answer" and case.request_type != RequestType.CONSULT:
        return _("Only a consultation (咨询) can be answered and closed at intake.")
    if action.name == "request_check" and not _has_grid_worker(case):
        return _("No grid worker covers this case's grid to check it on site.")
    if action.name == "report_up" and levels.parent_of(case.level, case.owner_region) is None:
        return _("The case is at the top level; there is no level above to report it to.")
    if action.name == "hand_down" and (case.level == Level.COMMUNITY or case.grid_id is None):
        # Grids own no cases; a place outside every grid has no region below the district.
        return _("There is no level below this case's to hand it down to.")
    return None


def _has_grid_worker(case: Case) -> bool:
    return case.grid is not None and GridAssignment.objects.filter(
        grid_code=case.grid.code).exists()


def perform(*, case: Case, action: str, actor=None, token: str = "", params=None,
            photos=()) -> Case:
    """Carry out one workflow action, or raise a WorkflowError saying why not."""
    role = role_of(actor)
    # Scope first: a case out of scope answers exactly as a case that does not exist.
    if not in_scope(actor, case, role, token):
        raise NotFound(NOT_FOUND)
    spec = ACTIONS.get(_rate_or_reopen(case, action, params or {}))
    if spec is None:
        raise Invalid({"action": _("Unknown action %(action)s. Allowed: %(allowed)s.") % {
            "action": action, "allowed": ", ".join(allowed_actions(case, actor, token))}})
    task = assisting.own_task(case, actor) if role == Role.HANDLER else None
    if task is not None:
        return _perform_task(case, spec, task, actor, params or {}, photos)
    role = capacity(spec, case, actor, role)
    if role not in spec.roles:
        raise Forbidden(_("Only %(roles)s may %(action)s.") % {
            "roles": "、".join(str(Role(r).label) if r in Role.values else r
                              for r in spec.roles),
            "action": spec.label})
    if (not_ours := _ownership_refusal(spec, case, actor, role)) is not None:
        raise Forbidden(not_ours)
    _check_status(case, spec, actor, token)
    refusal = _extra_refusal(spec, case, actor)
    if refusal:
        raise Conflict(refusal, status=case.status,
                       allowed_actions=allowed_actions(case, actor, token))
    _check_photos(spec, photos)
    change = BUILDERS[spec.name](case, params or {}, photos, actor)
    _answer_the_public(spec, change, params or {})
    return _apply(case, spec, change, actor, role, photos)


def task_action(name: str) -> Action:
    """The action as an assisting handler sees it: its own task's fields only."""
    return replace(ACTIONS[name], fields=TASK_ACTIONS[name], label=TASK_LABELS[name])


def _perform_task(case, spec, task, actor, params, photos) -> Case:
    """An assisting handler's start or resolve of its own task: the case keeps its status;
    the step names the task and the task row changes by compare-and-set."""
    if spec.name not in TASK_ACTIONS:
        raise Forbidden(_("An assisting department may only sign for and complete its own "
                          "task; %(action)s is for the lead department.") % {
            "action": spec.label})
    if task.status not in assisting.MOVES[spec.name][0]:
        raise Conflict(_("Your task is %(status)s; %(action)s is not possible now.") % {
            "status": task.get_status_display(), "action": spec.label},
            status=case.status, task_status=task.status,
            allowed_actions=allowed_actions(case, actor))
    spec = task_action(spec.name)
    _check_photos(spec, photos)
    note = params.get("note", "")
    if spec.name == "resolve":
        note = _required(params, "note", _("Describe what was done."))
    change = Change(note=note, data={"task": task.department.code},
                    after=[_task_hook(task.department, spec.name, note)])
    return _apply(case, replace(spec, target=None), change, actor, Role.HANDLER, photos)


def _task_hook(department, action: str, note: str = ""):
    def hook(case, now):
        if not assisting.move(case, department.pk, action, now, note):
            raise Conflict(_("Someone else changed the task of %(department)s first.")
                           % {"department": department.name}, status=case.status)
    return hook


def _answer_the_public(spec: Action, change: Change, params: dict) -> None:
    """The reply and photos staff publish on purpose: the only words and photos of a case
    that its public view shows (Open311, the tracking page)."""
    reply = str(params.get("public_reply") or "").strip()
    if reply and "public_reply" in spec.fields:
        change.updates["public_reply"] = reply[:2000]
    change.publish_photos = "publish_photos" in spec.fields and bool(
        params.get("publish_photos"))


def _check_photos(spec: Action, photos) -> None:
    if photos and "photos" not in spec.fields:
        raise Invalid({"photos": _("%(action)s takes no photos.") % {"action": spec.label}})
    if len(photos) > settings.PHOTO_MAX_COUNT:
        raise Invalid({"photos": _("At most %(count)s photos.")
                       % {"count": settings.PHOTO_MAX_COUNT}})
    for photo in photos:
        try:
            validate_photo(photo)
        except ValidationError as error:
            raise Invalid({"photos": error.messages}) from None


def auto_accept(case: Case) -> Case:
    """Grid-worker patrol reports are accepted (立案) without the command centre."""
    spec = ACTIONS["accept"]
    return _apply(case, spec, build_accept(case, {}, (), None), None, SYSTEM, ())


def _check_status(case, spec, actor, token):
    if case.status not in spec.sources:
        raise Conflict(
            _("The case is %(status)s; %(action)s is not possible now.") % {
                "status": Status(case.status).label, "action": spec.label},
            status=case.status, allowed_actions=allowed_actions(case, actor, token))


def _apply(case, spec, change, actor, role, photos) -> Case:
    images = [sanitized(photo) for photo in photos]  # before the transaction takes its locks
    now = timezone.now()
    target = change.status or spec.target or case.status
    with transaction.atomic():
        # Also on the owning region: an action decided at one level must not land on a case
        # that another level took meanwhile (report_up, hand_down).
        guard = {"pk": case.pk, "status": case.status, "department_id": case.department_id,
                 "owner_region": case.owner_region}
        if spec.target is None:  # a flag action: it must still see the flags it read
            guard.update(supervision=case.supervision, urgency=case.urgency)
        guard.update(change.guard)
        touched = Case.objects.filter(**guard).update(status=target, updated_at=now,
                                                      **change.updates)
        if not touched:
            current = Case.objects.get(pk=case.pk)
            raise Conflict(_("Someone else changed this case first; it is now %(status)s.")
                           % {"status": Status(current.status).label},
                           status=current.status,
                           allowed_actions=allowed_actions(current, actor))
        clock.record(case, change.updates, now)
        note, english = log_texts(change.note, "zh-hans")
        step = CaseStep.objects.create(
            case=case, action=spec.name, actor=actor if actor and actor.pk else None,
            role=role, from_status=case.status, to_status=target,
            from_department_id=case.department_id,
            to_department=change.to_department if "department" in change.updates
            else case.department, note=note, data={**change.data, **english}, created_at=now)
        for image in images:
            CasePhoto.objects.create(case=case, step=step, image=image,
                                     is_public=change.publish_photos)
        case.refresh_from_db()
        for hook in change.after:
            hook(case, now)
        notify_reporter(case, spec.name)
    return case


# --- what each action changes ---------------------------------------------------------------


def _required(params: dict, name: str, message: str) -> str:
    value = (params.get(name) or "").strip()
    if not value:
        raise Invalid({name: message})
    return value


def _reason(params) -> str:
    return _required(params, "reason", _("A reason is required."))


def _photo_rule(case: Case, photos) -> None:
    if case.subcategory.photo_required and not photos:
        raise Invalid({"photos": _("%(name)s needs at least one photo of the result.")
                       % {"name": case.subcategory.name_zh}})


def build_accept(case, params, photos, actor) -> Change:
    """立案 with routing's department, or another the dispatcher chose (the step records
    both); a case with a department is dispatched at once, as a step of its own."""
    change = Change(updates=clock.start(case, "dispatch"), note=params.get("note", ""))
    chosen = _chosen_department(params.get("department"))
    if chosen is not None and chosen.pk != case.department_id:
        suggested = case.department
        change.updates["department"] = change.to_department = chosen
        change.data = {"chosen": chosen.code,
                       "suggested": suggested.code if suggested else None}
        named = suggested.name if suggested else ""
        change.after.append(lambda c, now: _auto_dispatch(
            c, now, suggestion.dispatch_note(c, chosen=chosen.code, suggested=named)))
    elif case.department_id:
        change.after.append(lambda c, now: _auto_dispatch(c, now, suggestion.dispatch_note(c)))
    return change


def _chosen_department(code) -> Department | None:
    code = (code or "").strip()
    if not code:
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise Invalid({"department": _("No department has the code %(code)s.")
                       % {"code": code}})
    return department


def _auto_dispatch(case: Case, now, note) -> None:
    updates = clock.start(case, "handle", now)
    Case.objects.filter(pk=case.pk, status=S.ACCEPTED).update(
        status=S.DISPATCHED, updated_at=now, **updates)
    clock.record(case, updates, now)
    new, released = assisting.plan(case, case.department)
    note, english = log_texts(note, "zh-hans")
    CaseStep.objects.create(
        case=case, action="dispatch", role=SYSTEM, from_status=S.ACCEPTED,
        to_status=S.DISPATCHED, from_department=case.department, to_department=case.department,
        note=note, created_at=now, data={**_task_data(new, released), **english})
    case.refresh_from_db()
    notify_department(case, case.department)
    _tasks_hook(new, released)(case, now)


def build_void(case, params, photos, actor) -> Change:
    return Change(updates=clock.stop(), note=_reason(params))


def build_dispatch(case, params, photos, actor) -> Change:
    code = (params.get("department") or "").strip()
    department = Department.objects.filter(code=code).first() if code else case.department
    if department is None:
        raise Invalid({"department": _("Choose the department to dispatch to.")})
    new, released = assisting.plan(case, department)
    return Change(updates={"department": department, "assignee": None,
                           **clock.start(case, "handle", department=department)},
                  note=params.get("note", ""), to_department=department,
                  data=_task_data(new, released),
                  after=[lambda c, now: notify_department(c, department),
                         _tasks_hook(new, released)])


def _task_data(new, released) -> dict:
    """The dispatch step's record of the tasks it created and released (for the replay)."""
    data = {assisting.CREATED: [d.code for d in new]} if new else {}
    if released:
        data[assisting.RELEASED] = [d.code for d in released]
    return data


def _tasks_hook(new, released):
    def hook(case, now):
        for department in released:  # now the lead: its part is the handling stage
            _task_hook(department, "release_task", _("Now the lead department."))(case, now)
        assisting.create(case, new, now)
    return hook


def build_start(case, params, photos, actor) -> Change:
    return Change(updates={"assignee": actor}, note=params.get("note", ""))


def build_return(case, params, photos, actor) -> Change:
    """The handler asks; the command centre decides. The handling clock pauses meanwhile, so
    that asking neither costs nor buys the department time."""
    return Change(updates=clock.pause(case), note=_reason(params))


def build_approve_return(case, params, photos, actor) -> Change:
    return Change(updates={"department": None, "assignee": None,
                           **clock.start(case, "dispatch")},
                  note=params.get("note", ""), to_department=None)


def build_reject_return(case, params, photos, actor) -> Change:
    """Back to the department with the time it had left when it asked."""
    return Change(updates=clock.resume(case), note=_reason(params),
                  after=[lambda c, now: notify_department(c, c.department)])


def build_reassign(case, params, photos, actor) -> Change:
    """改派: the old department's handling stage ends, the new one's starts in full."""
    reason = _reason(params)
    code = (params.get("department") or "").strip()
    department = Department.objects.filter(code=code).first() if code else None
    if department is None:
        raise Invalid({"department": _("Choose the department to reassign to.")})
    if department.pk == case.department_id:
        raise Invalid({"department": _("The case is already with %(name)s.")
                       % {"name": department.name}})
    return Change(updates={"department": department, "assignee": None,
                           **clock.start(case, "handle", department=department)},
                  note=reason, to_department=department,
                  data={"from": case.department.code if case.department_id else None,
                        "to": department.code},
                  after=[lambda c, now: notify_department(c, department)])


def build_resolve(case, params, photos, actor) -> Change:
    note = _required(params, "note", _("Describe what was done."))
    _photo_rule(case, photos)
    return Change(updates={"resolved_by": actor, **clock.start(case, "verify")}, note=note)


build_self_resolve = build_resolve


def build_request_extension(case, params, photos, actor) -> Change:
    try:
        hours = float(params.get("hours") or 0)
    except (TypeError, ValueError):
        hours = 0
    if not 0 < hours <= settings.EXTENSION_MAX_HOURS:
        raise Invalid({"hours": _("Ask for between 1 and %(max)s working hours.")
                       % {"max": settings.EXTENSION_MAX_HOURS}})
    return Change(updates=clock.pause(case), note=_reason(params), data={"hours": hours})


def build_approve_extension(case, params, photos, actor) -> Change:
    request = case.steps.filter(action="request_extension").order_by("-created_at").first()
    hours = request.data.get("hours", 0) if request else 0
    return Change(updates=clock.resume(case, extra_working_hours=hours),
                  note=params.get("note", ""), data={"hours": hours})


def build_reject_extension(case, params, photos, actor) -> Change:
    return Change(updates=clock.resume(case), note=_reason(params))


def build_shelve(case, params, photos, actor) -> Change:
    return Change(updates=clock.pause(case), note=_reason(params))


def build_restore(case, params, photos, actor) -> Change:
    return Change(updates=clock.resume(case), note=params.get("note", ""))


def build_close(case, params, photos, actor) -> Change:
    return Change(updates={"closed_at": timezone.now(), **clock.stop()},
                  note=params.get("note", ""))


def build_rework(case, params, photos, actor) -> Change:
    return Change(updates={"resolved_by": None, **clock.start(case, "handle")},
                  note=_reason(params))


def _rate_or_reopen(case: Case, action: str, params: dict) -> str:
    """A reporter who is not satisfied gets the case handled again (重办) while it may still
    be reopened; later, their 不满意 is recorded as a rating and the case stays closed."""
    if action == "rate" and case.status == S.CLOSED and satisfied_param(params) is False \
            and _extra_refusal(ACTIONS["citizen_reopen"], case, None) is None:
        return "citizen_reopen"
    return action


def satisfied_param(params: dict) -> bool | None:
    """`satisfied` as the forms and the API send it: a boolean, "true"/"false" or absent."""
    value = params.get("satisfied")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("true", "1", "yes", "on"):
        return True
    if word in ("false", "0", "no", "off"):
        return False
    raise Invalid({"satisfied": _("Say whether you are satisfied: true or false.")})


def _stars(params: dict, required: bool) -> int | None:
    raw = params.get("rating")
    if raw in (None, "") and not required:
        return None
    try:
        rating = int(raw)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise Invalid({"rating": _("Give 1 to 5 stars.")})
    return rating


def _feedback(params: dict) -> tuple[bool | None, int | None, str]:
    """(satisfied, stars, comment) of a rating. Without `satisfied` (older clients) the stars
    are required; 不满意 needs a comment saying what is still wrong."""
    satisfied = satisfied_param(params)
    rating = _stars(params, required=satisfied is None)
    comment = (params.get("comment") or "").strip()[:500]
    if satisfied is False and not comment:
        raise Invalid({"comment": _("Tell us what is still wrong, so that it can be put "
                                    "right.")})
    return satisfied, rating, comment


def build_rate(case, params, photos, actor) -> Change:
    satisfied, rating, comment = _feedback(params)
    data = {key: value for key, value in (("rating", rating), ("satisfied", satisfied))
            if value is not None}
    return Change(updates={"rating": rating}, note=comment, data=data)


def build_citizen_reopen(case, params, photos, actor) -> Change:
    satisfied, rating, comment = _feedback({**params, "satisfied": False})
    data = {"satisfied": False, **({"rating": rating} if rating else {})}
    return Change(
        updates={"closed_at": None, "rating": None, "resolved_by": None, "assignee": None,
                 **clock.start(case, "dispatch")},
        note=comment, data=data,
        after=[lambda c, now: notify_department(c, None, "（市民不满意，申请重办）")])


def build_supervise(case, params, photos, actor) -> Change:
    level = params.get("level") or Supervision.NORMAL
    if level not in (Supervision.NORMAL, Supervision.YELLOW, Supervision.RED) \
            or level == case.supervision:
        raise Invalid({"level": _("Choose normal, yellow or red, different from now.")})
    return Change(updates={"supervision": level}, note=params.get("note", ""),
                  data={"level": level},
                  after=[lambda c, now: notify_supervision(c, actor)])


def build_mark_urgent(case, params, photos, actor) -> Change:
    return Change(updates={"urgency": Urgency.URGENT}, note=params.get("note", ""))


def build_merge(case, params, photos, actor) -> Change:
    number = (params.get("target") or "").strip()
    target = cases_visible_to(actor).filter(tracking_number=number).exclude(pk=case.pk).first()
    if target is None or target.status == S.VOIDED:
        raise Invalid({"target": _("Name an open case to merge into.")})
    count = case.me_too_count + 1

    def count_voice(c, now):
        Case.objects.filter(pk=target.pk).update(me_too_count=F("me_too_count") + count)

    return Change(updates={"duplicate_of": target, **clock.stop()},
                  note=params.get("note") or Phrase(gettext_noop("Merged into %(number)s."),
                                                    {"number": number}),
                  data={"target": number}, after=[count_voice])


def build_release_task(case, params, photos, actor) -> Change:
    code = (params.get("department") or "").strip()
    task = assisting.open_tasks(case).filter(department__code=code).first() if code else None
    if task is None:
        raise Invalid({"department": _("Name the department of an open assisting task: "
                                       "%(departments)s.") % {"departments": "、".join(
            t.department.code for t in assisting.open_tasks(case))}})
    reason = _reason(params)
    return Change(note=reason, data={"task": task.department.code},
                  after=[_task_hook(task.department, "release_task", reason)])


def build_reopen(case, params, photos, actor) -> Change:
    reason = _reason(params)
    change = build_dispatch(case, params, photos, actor)
    change.updates.update({"closed_at": None, "rating": None, "resolved_by": None})
    change.note = reason
    return change


def build_reclassify(case, params, photos, actor) -> Change:
    reason = _reason(params)
    try:
        before, after, updates = rerouting.reroute(case, params)
    except rerouting.BadPlace as error:
        raise Invalid(error.errors) from None
    # Two corrections made at once on the same reading: only the first may stand.
    # The level and owner follow the new routing: a move between levels, as replay reads it.
    moved = {"level": updates["level"], "region": updates["owner_region"],
             "from_level": case.level, "from_region": case.owner_region}
    return Change(updates=updates, note=reason, to_department=updates["department"],
                  data={"before": before, "after": after, **moved},
                  guard={"subcategory_id": case.subcategory_id, "lat": case.lat,
                         "lon": case.lon})


def build_request_check(case, params, photos, actor) -> Change:
    return Change(updates=clock.check(settings.CHECK_HOURS), note=params.get("note", ""),
                  after=[lambda c, now: notify_grid_workers(c, _("(please check on site)"))])


def build_check_ok(case, params, photos, actor) -> Change:
    """Confirmed: ready for 立案, with a fresh accepting clock from now."""
    return Change(updates=clock.start(case, "accept"), note=params.get("note", ""),
                  data={"confirmed": True})


def build_check_reject(case, params, photos, actor) -> Change:
    """Invalid or a duplicate: back to the dispatcher, flagged for the shift leader to void;
    the public reply tells the citizen why."""
    reason = _reason(params)
    _required(params, "public_reply", _("Write the reason the citizen will read."))
    return Change(updates=clock.start(case, "accept"), note=reason, data={"invalid": True})


def build_answer(case, params, photos, actor) -> Change:
    """直接办结: a consultation answered at intake is closed at once."""
    _required(params, "public_reply", _("Write the answer the citizen will read."))
    return Change(updates={"closed_at": timezone.now(), **clock.stop()},
                  note=params.get("note", ""), data={"answered": True})


def _local_body(level: str, region: str) -> Department | None:
    """The level's own body in the region (its street office, its committee): the suggested
    department when a case moves there, for that level's dispatchers to confirm or change."""
    name = {Level.STREET: LOCAL_STREET, Level.COMMUNITY: LOCAL_COMMUNITY}.get(level)
    try:
        return resolve_owner(name, {level: region}) if name else None
    except OwnerError:
        return None


def _move(case: Case, level: str, region: str, note: str) -> Change:
    body = _local_body(level, region)
    return Change(updates={"level": level, "owner_region": region, "department": body,
                           "assignee": None},
                  note=note, to_department=body,
                  # where it came from too, so that replay checks each move joins the last
                  data={"level": level, "region": region, "from_level": case.level,
                        "from_region": case.owner_region})


def build_report_up(case, params, photos, actor) -> Change:
    """上报: the level above decides. A case its department had already got goes back to
    dispatch there, suggested to that level's own body."""
    reason = _reason(params)
    change = _move(case, *levels.parent_of(case.level, case.owner_region), note=reason)
    if case.status in IN_HANDS:
        change.status = S.ACCEPTED
        change.updates.update(clock.start(case, "dispatch"))
    return change


def build_hand_down(case, params, photos, actor) -> Change:
    """下派: to a street or community below the owner, where the case's place lies."""
    code = _required(params, "region", _("Choose the region to hand the case down to."))
    tree = levels.tree()
    where = {region.code for region in case.grid.path()} if case.grid_id else set()
    if code not in where or not tree.below(case.owner_region, code):
        raise Invalid({"region": _("Choose a street or community below %(region)s that "
                                   "contains the case's place.") % {
            "region": tree.name(case.owner_region) or case.owner_region or _("the district")}})
    return _move(case, tree.nodes[code].level, code, note=params.get("note", ""))


BUILDERS = {name: globals()[f"build_{name}"] for name in ACTIONS}
