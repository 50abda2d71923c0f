"""One generated case's life as a timeline of the rows the services would have written, cut
at `now`: log steps (with the auto-dispatch, the sweep's yellow warnings and red breaches, and
assisting tasks' steps), SLA stage windows and the clock fields of the stage still running.

Durations are shares of each stage's own deadline (on the calendar the services use), so that
a case "on time" is on time whatever its subcategory's limit, and the late ones are few and
chosen (LATE).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_noop

from common.i18n import Phrase, log_texts
from events.models import CLOSED, CaseStep, CaseTask, Source, StageRecord, Status, Supervision
from events.sla.calendar import stage_deadline, stage_department, warning_moment
from events.workflow import assisting
from org.models import Role
from taxonomy.models import Stage

S = Status
# Share of each stage that ends late, and of cases voided at intake or sent back (返工).
LATE = {Stage.ACCEPT: 0.01, Stage.HANDLE: 0.04, Stage.VERIFY: 0.01}
VOID_SHARE, REWORK_SHARE, RATED_SHARE = 0.03, 0.04, 0.45
RATINGS = [(5, 55), (4, 28), (3, 10), (2, 4), (1, 3)]
REPORTER_ROLE = {Source.CITIZEN: "citizen", Source.GRID_WORKER: Role.GRID_WORKER,
                 Source.HOTLINE: Role.OPERATOR}
RESOLVE_NOTES = ["已到场处置完毕，现场恢复正常。", "已安排人员处理，问题已解决。",
                 "已联系责任单位整改到位。", "已清理完毕并拍照留存。"]
PUBLIC_REPLIES = ["您反映的问题已处置完毕，感谢您的参与。", "问题已处理，欢迎继续监督。",
                  "已安排处理完毕，感谢您对城市管理的支持。"]
CLOSE_NOTES = ["现场核查，已处置到位。", "核查属实，已整改完毕。"]
REWORK_REASON = "现场复核未达到结案标准，请继续处置。"
VOID_REASON = "重复上报，已并入同一地点的在办案件。"


@dataclass
class Event:
    at: datetime
    action: str
    status: str | None  # the status it leaves; None: the status stays
    role: str
    note: object = ""  # text, or a common.i18n.Phrase written with its English
    data: dict = field(default_factory=dict)


@dataclass
class Window:
    stage: str
    start: datetime
    due: datetime | None
    end: datetime | None = None
    warned: datetime | None = None
    breached: datetime | None = None


@dataclass
class Plan:
    events: list[Event] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    tasks: dict = field(default_factory=dict)  # department → [started, due, ended, note]
    rating: int | None = None
    public_reply: str = ""

    def cut(self, now) -> None:
        """Keep what happened by `now`; add the sweep's warnings and breaches."""
        self.events = [e for e in self.events if e.at <= now]
        self.windows = [w for w in self.windows if w.start <= now]
        for window in self.windows:
            if window.end is not None and window.end > now:
                window.end = None
            _sweep(self, window, now)
        self.events.sort(key=lambda e: e.at)  # stable: same-moment steps keep their order
        if not any(e.action == "dispatch" for e in self.events):
            self.tasks = {}  # not dispatched yet: no task exists
        kept = {(e.data.get("task"), e.action) for e in self.events if "task" in e.data}
        for department, row in self.tasks.items():
            if (department.code, "resolve") not in kept:
                row[2] = row[3] = None
        if not any(e.action == "rate" for e in self.events):
            self.rating = None
        if not any(e.status == S.RESOLVED for e in self.events):
            self.public_reply = ""

    def status_at(self, moment) -> str:
        status = ""
        for event in self.events:
            if event.at > moment:
                break
            status = event.status or status
        return status

    def apply_state(self, case) -> None:
        """The case's fields as the last step left them."""
        case.status = self.status_at(self.events[-1].at)
        case.rating, case.public_reply = self.rating, self.public_reply
        closes = [e.at for e in self.events if e.action == "close"]
        case.closed_at = closes[-1] if case.status in CLOSED else None
        running = self.windows[-1] if self.windows[-1].end is None else None
        if running is not None:
            case.stage, case.stage_started_at, case.due_at = (running.stage, running.start,
                                                              running.due)
            case.warn_at = warning_moment(running.start, running.due)
            case.warned_at, case.breached_at = running.warned, running.breached
            if running.breached:
                case.next_escalation_at = running.breached + timedelta(
                    minutes=settings.SLA_ESCALATION_INTERVAL_MINUTES)
        case.supervision = Supervision.RED if any(w.breached for w in self.windows) else (
            Supervision.YELLOW if any(w.warned for w in self.windows) else Supervision.NONE)

    def steps(self, case) -> list[CaseStep]:
        rows, status = [], ""
        for event in self.events:
            target = event.status or status
            note, english = log_texts(event.note, settings.LANGUAGE_CODE)
            rows.append(CaseStep(
                case=case, action=event.action, role=event.role, from_status=status,
                to_status=target, from_department=case.department if status else None,
                to_department=case.department, note=note, data={**event.data, **english},
                created_at=event.at))
            status = target
        return rows

    def records(self, case) -> list[StageRecord]:
        return [StageRecord(case=case, stage=w.stage, department=case.department,
                            started_at=w.start, due_at=w.due, ended_at=w.end,
                            met=None if w.end is None else w.due is None or w.end <= w.due)
                for w in self.windows]

    def tasks_of(self, case) -> list[CaseTask]:
        rows = []
        for department, (started, due, ended, note) in self.tasks.items():
            begun = any(e.data.get("task") == department.code and e.action == "start"
                        for e in self.events)
            status = (CaseTask.State.DONE if ended else CaseTask.State.PROCESSING if begun
                      else CaseTask.State.DISPATCHED)
            rows.append(CaseTask(case=case, department=department, status=status,
                                 started_at=started, due_at=due, ended_at=ended,
                                 note=note or ""))
        return rows


def _sweep(plan: Plan, window: Window, now) -> None:
    """What the SLA sweep wrote while the stage ran: a warning past the warning share, a
    breach past the deadline (events/sla/escalation.py)."""
    if window.due is None or window.stage == Stage.DISPATCH:
        return
    until = window.end or now
    warn_at = warning_moment(window.start, window.due)
    data = {"stage": window.stage, "due_at": window.due.isoformat()}
    if until > warn_at:
        window.warned = warn_at
        plan.events.append(Event(warn_at, "warn", None, "system", Phrase(gettext_noop(
            "Yellow warning: most of the time limit is used.")), data))
    if until > window.due:
        window.breached = window.due
        plan.events.append(Event(window.due, "breach", None, "system",
                                 Phrase(gettext_noop("Overdue: red supervision (督办).")), data))


def share(rng: random.Random, span: timedelta, stage: str) -> timedelta:
    """How long the stage took: mostly well inside its limit, a few past it."""
    if rng.random() < LATE[stage]:
        return span * rng.uniform(1.05, 1.6)
    return span * (0.03 + 0.8 * rng.betavariate(1.3, 3.5))


def plan_case(case, rng: random.Random, now, *, note: str = "", routing=None) -> Plan:
    """The case's life from its report on, cut at `now`."""
    plan, t0 = Plan(), case.created_at
    plan.events.append(Event(t0, "report", S.REPORTED, REPORTER_ROLE[case.source], note, {
        "demo": True, "routing": routing or {}, "grid": case.grid.code if case.grid else None,
        "level": case.level, "region": case.owner_region}))
    centre = stage_department(Stage.ACCEPT, street_code=case.street_code, level=case.level)
    accept = _window(plan, case, Stage.ACCEPT, t0, centre)
    if case.source == Source.GRID_WORKER:  # patrol reports are accepted at intake
        accepted, role = t0, "system"
    else:
        accepted, role = t0 + share(rng, _span(accept), Stage.ACCEPT), Role.DISPATCHER
    accept.end = accepted
    if case.source != Source.GRID_WORKER and rng.random() < VOID_SHARE:
        plan.events.append(Event(accepted, "void", S.VOIDED, Role.SHIFT_LEADER, VOID_REASON))
    else:
        plan.events.append(Event(accepted, "accept", S.ACCEPTED, role))
        dispatch = _window(plan, case, Stage.DISPATCH, accepted, centre)
        if case.department_id is not None:  # else it waits for a dispatcher's choice
            dispatch.end = accepted
            _handle(plan, case, rng, accepted)
    plan.cut(now)
    return plan


def _window(plan: Plan, case, stage: str, start, department) -> Window:
    due = stage_deadline(case.subcategory, case.urgency, stage, start, department,
                         case.matter)
    window = Window(stage, start, due)
    plan.windows.append(window)
    return window


def _handle(plan: Plan, case, rng: random.Random, dispatched) -> None:
    """Dispatch, assisting tasks, 签收, resolve, 核查 (perhaps a 返工 first), a rating."""
    departments = [d for d in assisting.assisting_departments(case)
                   if d.pk != case.department_id]
    note = Phrase(gettext_noop("Dispatched automatically to the routed department."))
    plan.events.append(Event(dispatched, "dispatch", S.DISPATCHED, "system", note, {
        assisting.CREATED: [d.code for d in departments]} if departments else {}))
    resolved = _work(plan, case, rng, dispatched, departments, first=True)
    closed = _verify(plan, case, rng, resolved)
    if rng.random() < REWORK_SHARE:
        plan.events.append(Event(closed, "rework", S.PROCESSING, Role.GRID_WORKER,
                                 REWORK_REASON))
        resolved = _work(plan, case, rng, closed, [], first=False)
        closed = _verify(plan, case, rng, resolved)
    plan.events.append(Event(closed, "close", S.CLOSED, Role.GRID_WORKER,
                             rng.choice(CLOSE_NOTES)))
    if case.source == Source.CITIZEN and rng.random() < RATED_SHARE:
        plan.rating = rng.choices(*zip(*RATINGS))[0]
        data = {"rating": plan.rating, **({"satisfied": True} if plan.rating >= 3 else {})}
        plan.events.append(Event(closed + timedelta(hours=rng.uniform(0.5, 30)), "rate",
                                 S.RATED, "citizen", data=data))


def _work(plan: Plan, case, rng, started, departments, *, first: bool):
    """The handling stage from `started`; returns when it was resolved."""
    window = _window(plan, case, Stage.HANDLE, started, case.department)
    resolved = started + share(rng, _span(window), Stage.HANDLE)
    window.end = resolved
    if first:
        signed = started + (resolved - started) * rng.uniform(0.03, 0.15)
        plan.events.append(Event(signed, "start", S.PROCESSING, Role.HANDLER))
    for department in departments:
        _task(plan, case, rng, department, started, resolved)
    plan.events.append(Event(resolved, "resolve", S.RESOLVED, Role.HANDLER,
                             rng.choice(RESOLVE_NOTES)))
    plan.public_reply = rng.choice(PUBLIC_REPLIES)
    return resolved


def _task(plan: Plan, case, rng, department, started, resolved) -> None:
    """An assisting department signs for its part and completes it before the lead
    resolves (the lead cannot resolve while a task is open)."""
    begun = started + (resolved - started) * rng.uniform(0.05, 0.3)
    done = begun + (resolved - begun) * rng.uniform(0.3, 0.9)
    note = "已配合完成协办事项。"
    plan.tasks[department] = [started, assisting.due(case, department, started), done, note]
    plan.events.append(Event(begun, "start", None, Role.HANDLER,
                             data={"task": department.code}))
    plan.events.append(Event(done, "resolve", None, Role.HANDLER, note,
                             {"task": department.code}))


def _verify(plan: Plan, case, rng, resolved):
    window = _window(plan, case, Stage.VERIFY, resolved, None)
    window.end = resolved + share(rng, _span(window), Stage.VERIFY)
    return window.end


def _span(window: Window) -> timedelta:
    """The stage's time limit; a stage without one is given a working day's worth."""
    return window.due - window.start if window.due else timedelta(hours=8)
