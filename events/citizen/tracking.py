"""What a citizen's tracking links show: selectors for the public view of one case.

The reporter's link is the tracking number plus the case's secret; tracking numbers are
sequential and so guessable, the secret is not. A supporter who pressed "me too" gets a link
of their own, signed over their voice's step: it opens the public view only (never the
reporter's words, photos, address or feedback). The public timeline names what happened and
when, and the status it moved the case to: never notes, staff, roles, routing details or
contact data.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy

from events.models import CLOSED, Case, CaseStep, Status
from events.notify.citizen import tracking_path
from events.workflow.selectors import public_cases

__all__ = ["tracking_path"]  # kept importable from here, where the pages and tests look
SUPPORTER_SALT = "events.citizen.supporter"

PUBLIC_LABELS = {
    "report": gettext_lazy("Report received"),
    "accept": gettext_lazy("Accepted for handling"),
    "dispatch": gettext_lazy("Sent to the responsible department"),
    "start": gettext_lazy("The department started work"),
    "return": gettext_lazy("The department asked the command centre to reconsider who is "
                           "responsible"),
    "approve_return": gettext_lazy("Returned to the command centre to find the right department"),
    "reject_return": gettext_lazy("Sent back to the responsible department"),
    "reassign": gettext_lazy("Sent to another department"),
    "reclassify": gettext_lazy("The category or location was corrected"),
    "request_check": gettext_lazy("A grid worker is checking it on site"),
    "check_ok": gettext_lazy("Confirmed on site"),
    "check_reject": gettext_lazy("Not confirmed on site"),
    "answer": gettext_lazy("Answered"),
    "resolve": gettext_lazy("The department reports it dealt with"),
    "self_resolve": gettext_lazy("Dealt with on the spot by the grid worker"),
    "request_extension": gettext_lazy("The department asked for more time"),
    "approve_extension": gettext_lazy("More time granted"),
    "reject_extension": gettext_lazy("More time refused"),
    "shelve": gettext_lazy("Put on hold"),
    "restore": gettext_lazy("Taken up again"),
    "close": gettext_lazy("Checked on site and closed"),
    "rework": gettext_lazy("Sent back to the department for more work"),
    "rate": gettext_lazy("Rated by the reporter"),
    "citizen_reopen": gettext_lazy("The reporter was not satisfied: handled again"),
    "void": gettext_lazy("Not accepted"),
    "merge": gettext_lazy("Merged with an earlier report of the same problem"),
    "reopen": gettext_lazy("Reopened"),
    "me_too": gettext_lazy("Another resident reported the same problem"),
}


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    label: str
    status: str  # the status the step left the case in
    status_display: str
    changed: bool  # whether the step changed the status


def tracked_case(tracking_number: str, token: str) -> Case | None:
    """The case this private link opens, or None: a wrong or missing secret opens nothing."""
    if not token:
        return None
    case = (Case.objects.select_related("subcategory__category", "department")
            .filter(tracking_number=tracking_number).first())
    if case is None or not case.tracking_secret:
        return None
    return case if constant_time_compare(case.tracking_secret, token) else None


def supporter_path(case: Case, voice: CaseStep) -> str:
    """The link of one supporter: their "me too" step, signed."""
    token = signing.Signer(salt=SUPPORTER_SALT).sign(str(voice.pk))
    return (reverse("citizen-track", args=[case.tracking_number]) + "?"
            + urlencode({"supporter": token}))


def supported_case(tracking_number: str, token: str) -> Case | None:
    """The case a supporter's link opens while it is public, or None."""
    try:
        step_id = int(signing.Signer(salt=SUPPORTER_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (public_cases(Case.objects.select_related("subcategory__category", "department"))
            .filter(tracking_number=tracking_number, steps__pk=step_id,
                    steps__action="me_too").first())


# The milestones a citizen follows (提交 → 受理 → 办理 → 办结 → 评价), and the one each status
# has reached.
MILESTONES = [gettext_lazy("Submitted"), gettext_lazy("Accepted"), gettext_lazy("In hand"),
              gettext_lazy("Dealt with"), gettext_lazy("Rated")]
REACHED = {Status.REPORTED: 0, Status.ACCEPTED: 1, Status.RETURNED: 1, Status.CLOSED: 3,
           Status.RATED: 5}  # rated: every milestone done, none current


def milestones(case: Case) -> list[dict]:
    """The progress bar: each milestone done, current or to come. A voided case has none."""
    if case.status == Status.VOIDED:
        return []
    reached = REACHED.get(case.status, 2)
    return [{"label": str(label), "state": "done" if i < reached else
             "current" if i == reached else "todo"} for i, label in enumerate(MILESTONES)]


@dataclass(frozen=True)
class Feedback:
    at: datetime
    satisfied: bool | None
    rating: int | None
    comment: str


def reporter_feedback(case: Case) -> list[Feedback]:
    """The reporter's own ratings, oldest first, for their page only: a 不满意 that reopened
    the case, then the rating after the next 办结."""
    steps = case.steps.filter(action__in=["rate", "citizen_reopen"]).order_by("created_at", "id")
    return [Feedback(step.created_at, step.data.get("satisfied"), step.data.get("rating"),
                     step.note) for step in steps]


def can_rate(case: Case) -> bool:
    return case.status == Status.CLOSED


def is_closed(case: Case) -> bool:
    return case.status in CLOSED


def public_timeline(case: Case) -> list[PublicStep]:
    """The log as the public may see it. Flags such as supervision or SLA warnings are the
    command centre's business and are left out."""
    steps = case.steps.order_by("created_at", "id").only(
        "action", "from_status", "to_status", "created_at")
    timeline = []
    for step in steps:
        changed = step.from_status != step.to_status
        label = PUBLIC_LABELS.get(step.action)
        if label is None and not changed:
            continue
        status = step.to_status
        status_display = Status(status).label if status in Status.values else status
        timeline.append(PublicStep(step.created_at, str(label or status_display), status,
                                   str(status_display), changed))
    return timeline


def report_photos(case: Case) -> list:
    """The reporter's own photos; photos taken by staff stay on the staff pages."""
    return list(case.photos.filter(step__action="report").order_by("id"))
