"""What the reporter hears about their case: a short SMS to a mobile number and an email to an
address they gave, at the milestones a Chinese hotline reports (受理, 派遣, 办结, 重办, and 不予
受理), each with the private tracking link. Nothing internal goes out: no notes, no staff, no
routing; the page behind the link says the rest.

Rows go through the outbox like every other notification. The reporter's phone or address is
kept encrypted (Notification.private_recipient), `recipient` holds only its mask, and both are
forgotten when the case is anonymised (events/privacy/services.py).
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from events.models import Case, Notification, Source, Status
from events.notify.outbox import queue

MOBILE_NUMBER = re.compile(r"1[3-9]\d{9}")  # as stored (common.security.dialable_phone)
REPORTER = "reporter"  # payload["to"] of the rows written here

# Event → (headline for the email's subject, text). The texts fit two SMS segments with the
# link; %(department)s is the department's public name, as the tracking page shows it.
TEXTS = {
    "accept": (gettext_lazy("Your report has been accepted"), gettext_lazy(
        "Your report %(number)s has been accepted and will be sent to the department "
        "responsible. Follow it here: %(link)s")),
    "accept_dispatched": (gettext_lazy("Your report has been accepted"), gettext_lazy(
        "Your report %(number)s has been accepted and sent to %(department)s. Follow it "
        "here: %(link)s")),
    "dispatch": (gettext_lazy("Your report has been sent to the department"), gettext_lazy(
        "Your report %(number)s has been sent to %(department)s. Follow it here: %(link)s")),
    "close": (gettext_lazy("Your report has been dealt with"), gettext_lazy(
        "Your report %(number)s has been dealt with and closed. See the result and tell us "
        "whether you are satisfied: %(link)s")),
    "citizen_reopen": (gettext_lazy("Your report is being handled again"), gettext_lazy(
        "Thank you for telling us. Your report %(number)s is being handled again; you can "
        "rate it once more when it is done: %(link)s")),
    "reopen": (gettext_lazy("Your report is being handled again"), gettext_lazy(
        "Your report %(number)s has been reopened and is being handled again. Follow it "
        "here: %(link)s")),
    "void": (gettext_lazy("Your report was not accepted"), gettext_lazy(
        "Your report %(number)s was not accepted. The reason is on this page: %(link)s")),
}


def tracking_path(case: Case) -> str:
    """The private link's path: the tracking number and the case's secret."""
    return (reverse("citizen-track", args=[case.tracking_number]) + "?"
            + urlencode({"token": case.tracking_secret}))


def tracking_url(case: Case) -> str:
    """The private link, absolute (SITE_URL), for messages and API clients."""
    return settings.SITE_URL + tracking_path(case)


def notify_reporter(case: Case, action: str) -> None:
    """Queue the reporter's SMS and email for this step of the case, if it is a milestone and
    they left a mobile number or an address. Call inside the step's transaction."""
    event = _event(case, action)
    if event is None or case.source == Source.GRID_WORKER or not case.tracking_secret:
        return
    with override(settings.LANGUAGE_CODE):  # the reporter gets the platform's language
        headline, text = _texts(case, event)
    rows = []
    if MOBILE_NUMBER.fullmatch(case.contact_phone or ""):
        rows.append((Notification.Channel.SMS, case.contact_phone,
                     _masked_phone(case.contact_phone), text))
    if case.contact_email:
        rows.append((Notification.Channel.EMAIL, case.contact_email,
                     _masked_email(case.contact_email), _email_body(case, text)))
    for channel, address, mask, body in rows:
        queue(case=case, channel=channel, recipient=mask, private_recipient=address,
              # An SMS backend sends the subject: for SMS rows it is the text itself.
              subject=text[:200] if channel == Notification.Channel.SMS
              else f"[{case.tracking_number}] {headline}"[:200],
              body=body, payload={"tracking_number": case.tracking_number, "event": event,
                                  "to": REPORTER})


def _event(case: Case, action: str) -> str | None:
    if action == "accept" and case.status == Status.DISPATCHED:
        return "accept_dispatched"  # routed and dispatched at once: one message, not two
    return action if action in TEXTS else None


def _texts(case: Case, event: str) -> tuple[str, str]:
    headline, text = TEXTS[event]
    department = case.department.name if case.department_id else _("the department")
    return str(headline), str(text) % {"number": case.tracking_number,
                                       "department": department, "link": tracking_url(case)}


def _email_body(case: Case, text: str) -> str:
    reply = case.public_reply.strip()
    lines = [text]
    if reply and case.status in (Status.CLOSED, Status.VOIDED):
        lines += ["", _("Reply from the department:"), reply]
    lines += ["", _("This message was sent automatically; please do not reply to it.")]
    return "\n".join(lines)


def _masked_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def _masked_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"
