"""Assisting departments' tasks (协办): one CaseTask per assisting department of the case's
duty-list matter, created when the case is dispatched, each on its own clock.

The lead's part is the case's handling stage; an assisting department signs for (start) and
completes (resolve) its own task, or a dispatcher releases it (release_task). Every change of
a task is one CaseStep of the case whose `data` names the task's department ("task"), or, for
a dispatch, the departments whose tasks it created ("tasks") or released ("tasks_released"):
events.workflow.replay folds these to the tasks' states.
"""

import logging

from django.db.models import QuerySet
from django.utils import timezone

from events.models import Case, CaseTask
from events.notify.outbox import notify_department
from events.sla.calendar import stage_deadline
from org.models import Department, Role
from org.routing import OwnerError, resolve_owner

log = logging.getLogger(__name__)
T = CaseTask.State
OPEN_TASK = (T.DISPATCHED, T.PROCESSING)
# What each action does to a task: the states it may start from and the state it leaves.
MOVES = {"start": ((T.DISPATCHED,), T.PROCESSING), "resolve": ((T.PROCESSING,), T.DONE),
         "release_task": (OPEN_TASK, T.RELEASED)}
# The step data keys a dispatch writes: tasks created and tasks released because their
# department became the lead.
CREATED, RELEASED = "tasks", "tasks_released"


def own_task(case: Case, user) -> CaseTask | None:
    """The task of the user's department on this case, when the user is a handler of an
    assisting department (not of the lead)."""
    staff = getattr(user, "staff", None) if user is not None else None
    if staff is None or staff.role != Role.HANDLER or staff.department_id is None \
            or staff.department_id == case.department_id:
        return None
    return CaseTask.objects.filter(case_id=case.pk, department_id=staff.department_id) \
        .select_related("department").first()


def open_tasks(case: Case) -> QuerySet:
    return CaseTask.objects.filter(case_id=case.pk, status__in=OPEN_TASK) \
        .select_related("department").order_by("department__code")


def assisting_departments(case: Case) -> list[Department]:
    """The assisting departments the case's matter names, resolved for the case's grid. A
    reference that names no department here is skipped (and logged): the lead still works."""
    if case.matter_id is None or not case.matter.assisting:
        return []
    path = {region.level: region.code for region in case.grid.path()} if case.grid else {}
    found = []
    for ref in case.matter.assisting:
        try:
            found.append(resolve_owner(ref, path))
        except OwnerError as error:
            log.warning("case %s: assisting %r not resolved: %s", case.tracking_number, ref,
                        error)
    return list(dict.fromkeys(found))


def plan(case: Case, lead: Department | None) -> tuple[list[Department], list[Department]]:
    """On dispatch to `lead`: (departments that get a new task, departments whose open task
    is released because they are now the lead). Existing tasks are kept: they are about the
    matter, not about who leads."""
    existing = {task.department_id: task for task in case.tasks.all()}
    lead_id = lead.pk if lead else None
    new = [d for d in assisting_departments(case) if d.pk != lead_id and d.pk not in existing]
    own = existing.get(lead_id)
    return new, [own.department] if own is not None and own.is_open else []


def due(case: Case, department: Department, now):
    """The task's deadline: the matter's time limit (else the subcategory's handling limit)
    on the department's own calendar."""
    return stage_deadline(case.subcategory, case.urgency, "handle", now, department,
                          case.matter)


def create(case: Case, departments: list[Department], now) -> None:
    """Inside the dispatch's transaction: the tasks, and news for each department."""
    CaseTask.objects.bulk_create([
        CaseTask(case=case, department=d, started_at=now, due_at=due(case, d, now))
        for d in departments])
    for department in departments:
        notify_department(case, department, "（协办）")


def move(case: Case, department_id: int, action: str, now, note: str = "") -> bool:
    """Compare-and-set of one task for `action`; False when it was not in a state the action
    starts from (someone else got there first)."""
    sources, target = MOVES[action]
    updates = {"status": target}
    if target in (T.DONE, T.RELEASED):
        updates.update(ended_at=now, note=note)
    return bool(CaseTask.objects.filter(case_id=case.pk, department_id=department_id,
                                        status__in=sources).update(**updates))


def is_overdue(task: CaseTask, now=None) -> bool:
    return task.is_open and task.due_at is not None and task.due_at < (now or timezone.now())
