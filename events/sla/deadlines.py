"""Recalculating the running clocks after a time limit, a calendar day or a department's
calendar changed in admin. Run by a Celery task; safe to repeat."""

from django.db.models import Q, Sum
from django.utils import timezone

from events.models import Case, StageRecord, Status
from events.sla.calendar import deadline, stage_deadline, stage_department, warning_moment
from org.models import Department
from taxonomy.models import Stage


def recalculate(*, subcategory_id=None, department_id=None, now=None) -> int:
    now = now or timezone.now()
    # An on-site check's deadline is CHECK_HOURS from its request, not a stage's time limit.
    cases = Case.objects.filter(due_at__isnull=False).exclude(stage="").exclude(
        status=Status.CHECKING).select_related("subcategory", "department")
    if subcategory_id:
        cases = cases.filter(subcategory_id=subcategory_id)
    if department_id:
        cases = cases.filter(_held_by(department_id))
    return sum(1 for case in cases.iterator(chunk_size=500) if _recalculate_one(case, now))


def _held_by(department_id: int) -> Q:
    """The clocks a department's calendar runs: its cases' handling and, for a command centre,
    every accepting and dispatching stage (cheap to over-select: unchanged clocks stay)."""
    held = Q(department_id=department_id)
    if Department.objects.filter(pk=department_id, kind=Department.Kind.COMMAND).exists():
        held |= Q(stage__in=[Stage.ACCEPT, Stage.DISPATCH])
    return held


def _recalculate_one(case: Case, now) -> bool:
    owner = stage_department(case.stage, department=case.department,
                             street_code=case.street_code, level=case.level)
    due = stage_deadline(case.subcategory, case.urgency, case.stage, case.stage_started_at,
                         owner, case.matter)
    if due is None:
        return False
    paused = StageRecord.objects.filter(case=case, ended_at__isnull=True).aggregate(
        total=Sum("paused"))["total"]
    if paused:
        due += paused
    extra = sum(step.data.get("hours", 0) for step in case.steps.filter(
        action="approve_extension", created_at__gte=case.stage_started_at))
    if extra:
        due = deadline(due, extra, "wh",
                       around_the_clock=bool(case.department
                                             and case.department.works_around_the_clock))
    if due == case.due_at:
        return False
    updates = {"due_at": due}
    if not case.warned_at:
        updates["warn_at"] = warning_moment(case.stage_started_at, due)
    if due > now and case.breached_at:
        updates.update(breached_at=None, next_escalation_at=None)
    return bool(Case.objects.filter(pk=case.pk, stage=case.stage,
                                    stage_started_at=case.stage_started_at).update(**updates))
