"""The closed loop of digital urban management as services (DESIGN.md §4).

信息收集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价. Every action checks role, scope and
the current status, then changes the case with one conditional UPDATE (compare-and-set on the
status and department it read): the loser of a race touches no row and gets a Conflict. Each
action writes exactly one CaseStep in the same transaction.
"""

from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.i18n import log_texts
from common.photos import sanitized, validate_photo
from events.models import (
    Case,
    CasePhoto,
    CaseStep,
    Status,
)
from events.notify.citizen import notify_reporter
from events.sla import clock
from events.workflow import assisting, levels
from events.workflow.actions import (  # noqa: F401 (the room's names for its callers)
    ACTIONS,
    NOT_FOUND,
    SUPERVISING,
    SYSTEM,
    TASK_ACTIONS,
    TASK_LABELS,
    Action,
    Change,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    WorkflowError,
    extra_refusal,
)
from events.workflow.changes import (
    BUILDERS,
    build_accept,
    rate_or_reopen,
    required_param,
    task_hook,
)
from events.workflow.selectors import CITIZEN, cases_visible_to, role_of, worker_grid_codes
from org.models import DISPATCHING, Role


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
        and extra_refusal(action, case, user) is None


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



def perform(*, case: Case, action: str, actor=None, token: str = "", params=None,
            photos=()) -> Case:
    """Carry out one workflow action, or raise a WorkflowError saying why not."""
    role = role_of(actor)
    # Scope first: a case out of scope answers exactly as a case that does not exist.
    if not in_scope(actor, case, role, token):
        raise NotFound(NOT_FOUND)
    spec = ACTIONS.get(rate_or_reopen(case, action, params or {}))
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
    refusal = extra_refusal(spec, case, actor)
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
        note = required_param(params, "note", _("Describe what was done."))
    change = Change(note=note, data={"task": task.department.code},
                    after=[task_hook(task.department, spec.name, note)])
    return _apply(case, replace(spec, target=None), change, actor, Role.HANDLER, photos)



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
