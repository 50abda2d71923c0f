"""The closed loop of digital urban management as services (DESIGN.md §4).

信息收集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价. Every action checks role, scope and
the current status, then changes the case with one conditional UPDATE (compare-and-set on the
status and department it read): the loser of a race touches no row and gets a Conflict. Each
action writes exactly one CaseStep in the same transaction.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.photos import sanitized, validate_photo
from events.models import CLOSED, OPEN, Case, CasePhoto, CaseStep, Status, Supervision
from events.notify.citizen import notify_reporter
from events.notify.outbox import notify_department
from events.sla import clock
from events.workflow.selectors import CITIZEN, cases_visible_to, role_of, worker_grid_codes
from org.models import DISPATCHING, VERIFYING, Department, Role
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


ACTIONS = {a.name: a for a in [
    Action("accept", gettext_lazy("Accept (立案)"), (S.REPORTED,), S.ACCEPTED, DISPATCHING),
    Action("void", gettext_lazy("Void (作废)"), (S.REPORTED,), S.VOIDED,
           (Role.SHIFT_LEADER,), ("reason", "public_reply")),
    Action("dispatch", gettext_lazy("Dispatch (派遣)"), (S.ACCEPTED, S.RETURNED), S.DISPATCHED,
           DISPATCHING, ("department", "note")),
    Action("start", gettext_lazy("Sign for (签收)"), (S.DISPATCHED,), S.PROCESSING,
           (Role.HANDLER,), ("note",)),
    Action("return", gettext_lazy("Return as misrouted (退回)"), (S.DISPATCHED,), S.RETURNED,
           (Role.HANDLER,), ("reason",)),
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
]}


@dataclass
class Change:
    """What an action does besides moving the status: fields to set and step details."""

    updates: dict = field(default_factory=dict)
    note: str = ""
    data: dict = field(default_factory=dict)
    to_department: Department | None = None
    after: list = field(default_factory=list)  # callables run inside the transaction
    publish_photos: bool = False  # the step's photos become part of the public view


def in_scope(user, case: Case, role: str, token: str = "") -> bool:
    """May this user act on this case at all (whatever the action)?"""
    if role == CITIZEN:
        return bool(token) and token == case.tracking_secret
    if role in DISPATCHING:
        return cases_visible_to(user).filter(pk=case.pk).exists()
    if role == Role.HANDLER:
        return case.department_id is not None and case.department_id == user.staff.department_id
    if role == Role.GRID_WORKER:
        return case.grid is not None and case.grid.code in worker_grid_codes(user)
    return False


def allowed_actions(case: Case, user, token: str = "") -> list[str]:
    role = role_of(user)
    if not in_scope(user, case, role, token):
        return []
    return [a.name for a in ACTIONS.values()
            if case.status in a.sources and role in a.roles
            and _extra_refusal(a, case, user) is None]


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
    return None


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
    if role not in spec.roles:
        raise Forbidden(_("Only %(roles)s may %(action)s.") % {
            "roles": "、".join(str(Role(r).label) if r in Role.values else r
                              for r in spec.roles),
            "action": spec.label})
    _check_status(case, spec, actor, token)
    refusal = _extra_refusal(spec, case, actor)
    if refusal:
        raise Conflict(refusal, status=case.status,
                       allowed_actions=allowed_actions(case, actor, token))
    _check_photos(spec, photos)
    change = BUILDERS[spec.name](case, params or {}, photos, actor)
    _answer_the_public(spec, change, params or {})
    return _apply(case, spec, change, actor, role, photos)


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
    target = spec.target or case.status
    with transaction.atomic():
        guard = {"pk": case.pk, "status": case.status, "department_id": case.department_id}
        if spec.target is None:  # a flag action: it must still see the flags it read
            guard.update(supervision=case.supervision, urgency=case.urgency)
        touched = Case.objects.filter(**guard).update(status=target, updated_at=now,
                                                      **change.updates)
        if not touched:
            current = Case.objects.get(pk=case.pk)
            raise Conflict(_("Someone else changed this case first; it is now %(status)s.")
                           % {"status": Status(current.status).label},
                           status=current.status,
                           allowed_actions=allowed_actions(current, actor))
        clock.record(case, change.updates, now)
        step = CaseStep.objects.create(
            case=case, action=spec.name, actor=actor if actor and actor.pk else None,
            role=role, from_status=case.status, to_status=target,
            from_department_id=case.department_id,
            to_department=change.to_department if "department" in change.updates
            else case.department, note=change.note, data=change.data, created_at=now)
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
    change = Change(updates=clock.start(case, "dispatch"), note=params.get("note", ""))
    if case.department_id:  # routing found the owner: dispatch at once, as a step of its own
        change.after.append(_auto_dispatch)
    return change


def _auto_dispatch(case: Case, now) -> None:
    updates = clock.start(case, "handle", now)
    Case.objects.filter(pk=case.pk, status=S.ACCEPTED).update(
        status=S.DISPATCHED, updated_at=now, **updates)
    clock.record(case, updates, now)
    CaseStep.objects.create(
        case=case, action="dispatch", role=SYSTEM, from_status=S.ACCEPTED,
        to_status=S.DISPATCHED, from_department=case.department, to_department=case.department,
        note=_("Dispatched automatically to the routed department."), created_at=now)
    case.refresh_from_db()
    notify_department(case, case.department)


def build_void(case, params, photos, actor) -> Change:
    return Change(updates=clock.stop(), note=_reason(params))


def build_dispatch(case, params, photos, actor) -> Change:
    code = (params.get("department") or "").strip()
    department = Department.objects.filter(code=code).first() if code else case.department
    if department is None:
        raise Invalid({"department": _("Choose the department to dispatch to.")})
    return Change(updates={"department": department, "assignee": None,
                           **clock.start(case, "handle", department=department)},
                  note=params.get("note", ""), to_department=department,
                  after=[lambda c, now: notify_department(c, department)])


def build_start(case, params, photos, actor) -> Change:
    return Change(updates={"assignee": actor}, note=params.get("note", ""))


def build_return(case, params, photos, actor) -> Change:
    return Change(updates={"department": None, "assignee": None,
                           **clock.start(case, "dispatch")},
                  note=_reason(params), to_department=None)


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
                  after=[lambda c, now: notify_department(c, c.department)])


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
                  note=params.get("note") or _("Merged into %(number)s.") % {"number": number},
                  data={"target": number}, after=[count_voice])


def build_reopen(case, params, photos, actor) -> Change:
    reason = _reason(params)
    change = build_dispatch(case, params, photos, actor)
    change.updates.update({"closed_at": None, "rating": None, "resolved_by": None})
    change.note = reason
    return change


BUILDERS = {name: globals()[f"build_{name}"] for name in ACTIONS}
