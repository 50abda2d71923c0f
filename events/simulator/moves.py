"""Simulated staff moving the district's open cases through the real workflow services:
立案 (and the automatic dispatch), 签收, resolve (assisting tasks first), 核查结案 or now and then
返工, and the citizens' ratings. Now and then a department asks to return a case (退回, which
the centre rejects: the routing was right) or for more time (延期, which the centre grants),
and an unhappy citizen asks for the case to be handled again (不满意重办).
Each case's next move falls at a moment drawn from its own seeded generator (the case, its
status and when its stage began), as a share of the stage's time limit (timeline.share): the
same on every tick and every worker, mostly well in time, a few late. A move another worker
made first is a Conflict, and skipped."""

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Case, Source, Status
from events.simulator.cast import Cast, untouched_by_people
from events.simulator.timeline import (
    CLOSE_NOTES,
    PUBLIC_REPLIES,
    RATED_SHARE,
    RATINGS,
    RESOLVE_NOTES,
    REWORK_REASON,
    REWORK_SHARE,
    VOID_REASON,
    VOID_SHARE,
    share,
)
from events.workflow import assisting
from events.workflow import services as workflow
from taxonomy.models import Stage

S = Status
RATED_WITHIN = timedelta(days=2)  # a citizen who rates does so soon after 办结
# Shares of departments asking to return a case or for more time (once per case), and of
# unhappy raters (1–2 stars) who ask for the case to be handled again.
RETURN_SHARE, EXTENSION_SHARE, REOPEN_SHARE = 0.02, 0.03, 0.5
# What the centre answers to a department's request, some minutes after it was made.
ANSWERS = {S.RETURN_REQUESTED: "reject_return", S.EXTENSION_REQUESTED: "approve_extension"}
MOVING = (S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.PROCESSING, S.RESOLVED, *ANSWERS)
RETURN_REASON = "经核实不属于本单位职责范围，申请退回。"
RETURN_REJECTED = "经核查属于该单位职责，请继续办理。"
EXTENSION_REASON = "需协调相关单位并采购材料，申请延期。"
EXTENSION_GRANTED = "同意延期。"
REOPEN_COMMENT = "问题没有彻底解决，请重新处理。"


def _rng(case: Case, salt) -> random.Random:
    return random.Random(f"{case.pk}:{case.status}:{salt}")


def due_move(case: Case, now) -> str | None:
    """The action the case is due for at `now`, or None."""
    if case.status == S.CLOSED:
        return _rating_due(case, now)
    if case.status in ANSWERS:
        return _answer_due(case, now)
    if case.stage_started_at is None:
        return None
    rng = _rng(case, case.stage_started_at.isoformat())
    span = (case.due_at - case.stage_started_at) if case.due_at else timedelta(hours=8)
    stage = {S.REPORTED: Stage.ACCEPT, S.RESOLVED: Stage.VERIFY}.get(case.status, Stage.HANDLE)
    taken = share(rng, span, stage)
    if case.status == S.ACCEPTED:
        taken = timedelta(minutes=rng.uniform(5, 40))
    elif case.status == S.DISPATCHED:
        taken = taken * rng.uniform(0.03, 0.15)
    if case.stage_started_at + taken > now:
        return None
    if case.status == S.REPORTED:
        return "void" if rng.random() < VOID_SHARE and case.source != Source.GRID_WORKER \
            else "accept"
    if case.status == S.RESOLVED:
        return "rework" if rng.random() < REWORK_SHARE else "close"
    action = {S.ACCEPTED: "dispatch", S.DISPATCHED: "start", S.PROCESSING: "resolve"}[case.status]
    request = {"start": ("return", RETURN_SHARE),
               "resolve": ("request_extension", EXTENSION_SHARE)}.get(action)
    if request and rng.random() < request[1] and not case.steps.filter(
            action=request[0]).exists():  # asked once at most: the roll is the same next time
        return request[0]
    return action


def _answer_due(case: Case, now) -> str | None:
    if case.paused_at is None:
        return None
    waited = timedelta(minutes=_rng(case, case.paused_at.isoformat()).uniform(10, 90))
    return ANSWERS[case.status] if case.paused_at + waited <= now else None


def _rating_due(case: Case, now) -> str | None:
    if case.source != Source.CITIZEN or case.closed_at is None:
        return None
    rng = _rng(case, case.closed_at.isoformat())
    if rng.random() >= RATED_SHARE or case.closed_at + timedelta(hours=rng.uniform(0.5, 30)) > now:
        return None
    return "rate"


def candidates(now):
    """Open cases of the simulated district, and the ones closed lately that may be rated."""
    recent = Case.objects.filter(status=S.CLOSED, closed_at__gte=now - RATED_WITHIN,
                                 source=Source.CITIZEN)
    cases = Case.objects.filter(status__in=MOVING, grid__isnull=False) | recent
    waiting = cases.exclude(status=S.ACCEPTED, department__isnull=True)  # a person's choice
    return untouched_by_people(waiting).select_related(
        "subcategory", "department", "grid", "matter").order_by("stage_started_at", "pk")


def move_cases(now, *, limit: int) -> int:
    """Make up to `limit` moves that are due; returns how many were made."""
    cast, moved = None, 0
    for case in candidates(now).iterator(chunk_size=500):
        action = due_move(case, now)
        if action is None:
            continue
        cast = cast or Cast()
        try:
            perform(case, action, cast)
        except workflow.WorkflowError:  # another worker or a person got there first
            continue
        moved += 1
        if moved >= limit:
            break
    return moved


def perform(case: Case, action: str, cast: Cast) -> None:
    rng = _rng(case, action)
    actor, params, photos, token = cast.leader, {}, [], ""
    if action == "void":
        params = {"reason": VOID_REASON, "public_reply": "该问题已有他人上报，正在处理中。"}
    elif action in ("reject_return", "approve_extension"):
        params = {"reason": RETURN_REJECTED} if action == "reject_return" \
            else {"note": EXTENSION_GRANTED}
    elif action in ("start", "resolve", "return", "request_extension"):
        actor = cast.handler(case.department)
        if action == "return":
            params = {"reason": RETURN_REASON}
        elif action == "request_extension":
            params = {"reason": EXTENSION_REASON, "hours": rng.choice((8, 16, 24))}
        elif action == "resolve":
            _finish_tasks(case, cast)
            params = {"note": rng.choice(RESOLVE_NOTES), "public_reply":
                      rng.choice(PUBLIC_REPLIES), "publish_photos": True}
            photos = [_after_photo(rng)]
    elif action in ("close", "rework"):
        actor = cast.verifier(case)
        params = {"note": rng.choice(CLOSE_NOTES)} if action == "close" \
            else {"reason": REWORK_REASON}
    elif action == "rate":
        actor, token = None, case.tracking_secret
        rating = rng.choices(*zip(*RATINGS))[0]
        params = {"rating": rating, **({"satisfied": True} if rating >= 3 else {})}
        if rating < 3 and rng.random() < REOPEN_SHARE:
            action, params = "citizen_reopen", {"rating": rating, "comment": REOPEN_COMMENT}
    workflow.perform(case=case, action=action, actor=actor, params=params, photos=photos,
                     token=token)


def _finish_tasks(case: Case, cast: Cast) -> None:
    """Assisting departments complete their parts first: the lead cannot resolve before."""
    for task in assisting.open_tasks(case):
        helper = cast.handler(task.department)
        if task.status == task.State.DISPATCHED:
            workflow.perform(case=case, action="start", actor=helper)
        workflow.perform(case=case, action="resolve", actor=helper,
                         params={"note": "已配合完成协办事项。"})


def _after_photo(rng: random.Random) -> SimpleUploadedFile:
    """A small stand-in for the photo of the result (some subcategories require one)."""
    buffer = io.BytesIO()
    colour = tuple(rng.randrange(90, 200) for _ in range(3))
    Image.new("RGB", (160, 120), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("after.jpg", buffer.getvalue(), content_type="image/jpeg")

