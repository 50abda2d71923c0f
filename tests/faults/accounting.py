"""The accounting after every fault: nothing lost, nothing duplicated, the outbox drained."""

import email
import email.policy
from collections import Counter
from pathlib import Path

from events.models import Case, CaseStep, Notification


def assert_stored_once(tracking_numbers: list[str]) -> None:
    """Every number a client was given is a stored case, no two alike, each with exactly one
    first step (intake's "report" step) and no other step."""
    assert len(set(tracking_numbers)) == len(tracking_numbers), "a tracking number repeated"
    cases = Case.objects.filter(tracking_number__in=tracking_numbers)
    assert cases.count() == len(tracking_numbers), "a case the client was given is missing"
    steps = CaseStep.objects.filter(case__in=cases)
    assert steps.filter(action="report").count() == len(tracking_numbers)
    assert steps.count() == len(tracking_numbers), "a first step repeated"


def sent_mail(mail_dir: Path) -> Counter:
    """(recipient, subject) of every mail the workers delivered: the file backend appends each
    message to a file, followed by a line of 79 dashes."""
    found = Counter()
    for path in mail_dir.glob("*.log"):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                found[(str(message["To"]), _unfolded(message["Subject"]))] += 1
    return found


def assert_outbox_drained(case_ids, mail_dir: Path) -> int:
    """Every notification of these cases was sent, and delivered exactly once; returns how
    many there were."""
    rows = Notification.objects.filter(case_id__in=case_ids)
    assert set(rows.values_list("state", flat=True)) <= {"sent"}
    expected = Counter((to, _unfolded(subject)) for to, subject in
                       rows.values_list("recipient", "subject"))
    assert sent_mail(mail_dir) == expected
    return sum(expected.values())


def acts(case_ids) -> int:
    """Warnings, breaches and escalations logged so far (one each, one per level of the chain)."""
    return CaseStep.objects.filter(case_id__in=case_ids,
                                   action__in=["warn", "breach", "escalate"]).count()


def pending(case_ids) -> int:
    return Notification.objects.filter(case_id__in=case_ids, state="pending").count()


def _unfolded(header) -> str:
    """A long subject comes back from the mail file folded over lines."""
    return " ".join(str(header).split())


def wait_until_swept(case_ids, *, timeout: float = 120) -> None:
    """Every case escalated to the top and every notification out of the outbox."""
    from tests.helpers import fully_escalated, wait_for

    wait_for(lambda: fully_escalated(case_ids), timeout=timeout)
    wait_for(lambda: pending(case_ids) == 0, timeout=timeout)


def assert_swept_once(case_ids, mail_dir: Path) -> int:
    """One step per case and level, every notification delivered once; how many were sent."""
    from tests.helpers import assert_once_per_level

    assert_once_per_level(case_ids)
    return assert_outbox_drained(case_ids, mail_dir)
