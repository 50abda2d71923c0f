"""The actions of the closed loop: who may take each, from which statuses, with which
parameters; the errors they raise; and the Change an action makes (events/workflow/changes.py
builds it, events/workflow/services.py applies it)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.i18n import Phrase
from events.models import (
    CLOSED,
    OPEN,
    Case,
    RequestType,
    Status,
)
from events.workflow import assisting, levels
from events.workflow.selectors import CITIZEN
from org.models import DISPATCHING, VERIFYING, Department, GridAssignment, Level, Role
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


def extra_refusal(action: Action, case: Case, user) -> str | None:
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
