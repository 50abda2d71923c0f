"""What each action changes: one builder per action turns the parameters into a Change
(fields to set, the log note and details, the department it moves to, hooks to run in the
transaction). events/workflow/services.py checks the caller and applies the Change."""


from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.i18n import Phrase, log_texts
from events.models import (
    Case,
    CaseStep,
    Supervision,
)
from events.notify.outbox import notify_department, notify_grid_workers
from events.sla import clock
from events.sla.escalation import notify_supervision
from events.workflow import assisting, levels, rerouting, suggestion
from events.workflow.actions import (
    ACTIONS,
    IN_HANDS,
    SYSTEM,
    Change,
    Conflict,
    Invalid,
    S,
    extra_refusal,
)
from events.workflow.selectors import cases_visible_to
from org.models import Department, Level
from org.routing import LOCAL_COMMUNITY, LOCAL_STREET, OwnerError, resolve_owner
from taxonomy.models import Urgency


def required_param(params: dict, name: str, message: str) -> str:
    value = (params.get(name) or "").strip()
    if not value:
        raise Invalid({name: message})
    return value


def _reason(params) -> str:
    return required_param(params, "reason", _("A reason is required."))


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
            task_hook(department, "release_task", _("Now the lead department."))(case, now)
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
    note = required_param(params, "note", _("Describe what was done."))
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


def rate_or_reopen(case: Case, action: str, params: dict) -> str:
    """A reporter who is not satisfied gets the case handled again (重办) while it may still
    be reopened; later, their 不满意 is recorded as a rating and the case stays closed."""
    if action == "rate" and case.status == S.CLOSED and satisfied_param(params) is False \
            and extra_refusal(ACTIONS["citizen_reopen"], case, None) is None:
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
                  after=[task_hook(task.department, "release_task", reason)])


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
    required_param(params, "public_reply", _("Write the reason the citizen will read."))
    return Change(updates=clock.start(case, "accept"), note=reason, data={"invalid": True})


def build_answer(case, params, photos, actor) -> Change:
    """直接办结: a consultation answered at intake is closed at once."""
    required_param(params, "public_reply", _("Write the answer the citizen will read."))
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
    code = required_param(params, "region", _("Choose the region to hand the case down to."))
    tree = levels.tree()
    where = {region.code for region in case.grid.path()} if case.grid_id else set()
    if code not in where or not tree.below(case.owner_region, code):
        raise Invalid({"region": _("Choose a street or community below %(region)s that "
                                   "contains the case's place.") % {
            "region": tree.name(case.owner_region) or case.owner_region or _("the district")}})
    return _move(case, tree.nodes[code].level, code, note=params.get("note", ""))


BUILDERS = {name: globals()[f"build_{name}"] for name in ACTIONS}


def task_hook(department, action: str, note: str = ""):
    def hook(case, now):
        if not assisting.move(case, department.pk, action, now, note):
            raise Conflict(_("Someone else changed the task of %(department)s first.")
                           % {"department": department.name}, status=case.status)
    return hook
