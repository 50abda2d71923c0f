"""What a citizen's private tracking link shows: selectors for the public view of one case.

The link is the tracking number plus the case's secret; tracking numbers are sequential and
so guessable, the secret is not. The public timeline names what happened and when, and the
status it moved the case to: never notes, staff, roles, routing details or contact data.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy

from events.models import Case, Status

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


def tracking_path(case: Case) -> str:
    return (reverse("citizen-track", args=[case.tracking_number]) + "?"
            + urlencode({"token": case.tracking_secret}))


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
