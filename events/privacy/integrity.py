"""The integrity check behind `manage.py check_integrity`, run after restoring a backup and on
a schedule: every case's log replays to its state (its assisting tasks included), every
photo's file is in storage, and every phone number decrypts.

Built for a million cases: cases are read in primary-key chunks with only the columns the
replay needs, each chunk's steps in one query and its tasks in another, so memory and queries
grow with the chunk size and the number of chunks, never with one query per case. On
PostgreSQL, set-based queries per chunk (events/privacy/integrity_sql.py) leave to the replay
only the logs they cannot prove sound: ten million cases in minutes instead of hours.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection, models

from common.crypto import Undecryptable
from events.models import Case, CasePhoto, CaseStep, CaseTask
from events.privacy import integrity_sql
from events.workflow.replay import REPLAYED_KEYS, BrokenLog, log_matches, replay, task_states


class Problem(NamedTuple):
    tracking_number: str
    what: str


class _Step(NamedTuple):
    id: int
    action: str
    from_status: str
    to_status: str
    from_department_id: int | None
    to_department_id: int | None
    data: dict

    @property
    def pk(self) -> int:
        return self.id



@dataclass(frozen=True)
class _Steps:
    """Stands in for `case.steps` with the rows already fetched, so that
    events.workflow.replay.replay — the one definition of a valid log — runs without a query."""

    rows: list  # in id order, as fetched

    def order_by(self, *fields):
        if fields not in (("id",), ("pk",)):
            # Fetching another order's columns for millions of steps costs real time: fail
            # loudly so that this module follows replay rather than misjudging logs.
            raise NotImplementedError(f"steps were fetched in id order; replay asks {fields}")
        return self.rows


@dataclass(frozen=True)
class _LoggedCase:
    pk: int
    tracking_number: str
    status: str
    department_id: int | None
    level: str
    owner_region: str
    steps: _Steps
    tasks: dict  # department code → status, as stored


def _chunks(queryset, fields: tuple, size: int) -> Iterator[list[tuple]]:
    """Rows of `fields` (the primary key first) in ascending key order, `size` at a time."""
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page.order_by("pk").values_list(*fields)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


# A step's details only when replay reads some of them: decoding every step's JSON (the
# routing explanation of each report, the sweep's notes) was most of the check's time.
_REPLAYED_DATA = models.Case(
    models.When(models.Q(data__has_any_keys=REPLAYED_KEYS), then=models.F("data")),
    default=models.Value(None), output_field=models.JSONField())


def _logged_cases(rows: list[tuple]) -> list[_LoggedCase]:
    """The chunk's cases with their steps. The chunk holds every case between its first and
    last key, so a key range selects its steps: an index range scan, and no parameter list
    that could outgrow SQLite's limit."""
    steps, tasks = defaultdict(list), defaultdict(dict)
    in_range = {"case_id__gte": rows[0][0], "case_id__lte": rows[-1][0]}
    for case_id, *step, data in CaseStep.objects.filter(**in_range).order_by("case_id", "id") \
            .values_list("case_id", "id", "action", "from_status", "to_status",
                         "from_department_id", "to_department_id", _REPLAYED_DATA):
        steps[case_id].append(_Step(*step, data or {}))
    for case_id, code, status in CaseTask.objects.filter(**in_range).values_list(
            "case_id", "department__code", "status"):
        tasks[case_id][code] = status
    return [_LoggedCase(pk, number, status, department, level, region, _Steps(steps[pk]),
                        tasks[pk])
            for pk, number, status, department, level, region in rows]


def _problem(case) -> str | None:
    """Why the case's log does not replay to its state, or None if it does."""
    tasks = case.tasks if isinstance(case, _LoggedCase) else task_states(case)
    try:
        if log_matches(case, tasks):
            return None
        found = replay(case)
        return (f"the log ends at {found.status or '-'} / department {found.department_id} / "
                f"{found.level or '-'} {found.owner_region or '-'}{_tasks_text(found.tasks)}, "
                f"the case is at {case.status} / department {case.department_id} / "
                f"{case.level or '-'} {case.owner_region or '-'}{_tasks_text(tasks)}")
    except BrokenLog as error:
        return str(error)


def _tasks_text(tasks: dict) -> str:
    return "".join(f" / task {code} {status}" for code, status in sorted(tasks.items()))


def broken_logs(*, chunk_size: int = 2000, replay_all: bool = False) -> Iterator[Problem]:
    if connection.vendor == "postgresql" and not replay_all:
        yield from _broken_logs_in_sql(chunk_size)
        return
    fields = ("pk", "tracking_number", "status", "department_id", "level", "owner_region")
    for rows in _chunks(Case.objects.all(), fields, chunk_size):
        for case in _logged_cases(rows):
            if _problem(case) is not None:
                yield from _judged_again(case.pk)


def _broken_logs_in_sql(size: int) -> Iterator[Problem]:
    """The replay of only the cases whose log the set-based query cannot prove sound."""
    for rows in _chunks(Case.objects.all(), ("pk",), size):
        for pk in integrity_sql.suspects(rows[0][0], rows[-1][0]):
            yield from _judged_again(pk)


def _judged_again(pk: int) -> Iterator[Problem]:
    """The workflow may have moved the case since it was read: judge it on a fresh read of the
    case and its steps before calling it broken."""
    fresh = Case.objects.filter(pk=pk).first()
    if fresh is not None and (why := _problem(fresh)) is not None:
        yield Problem(fresh.tracking_number, why)


def missing_photos(*, chunk_size: int = 2000) -> Iterator[Problem]:
    storage = CasePhoto._meta.get_field("image").storage
    fields = ("pk", "image", "case__tracking_number")
    for rows in _chunks(CasePhoto.objects.all(), fields, chunk_size):
        for _pk, name, number in rows:
            if not name or not storage.exists(name):
                yield Problem(number, f"photo file missing: {name or '(empty)'}")


def undecryptable_phones(*, chunk_size: int = 2000) -> Iterator[Problem]:
    """Phone numbers and email addresses no configured FIELD_ENCRYPTION_KEY opens (a restore
    with the wrong key)."""
    for field, what in (("contact_phone", "phone number"), ("contact_email", "email address")):
        fields = ("pk", "tracking_number", field)
        for rows in _chunks(Case.objects.exclude(**{field: ""}), fields, chunk_size):
            for _pk, number, value in rows:
                if isinstance(value, Undecryptable):
                    yield Problem(number, f"the {what} does not decrypt with "
                                          "FIELD_ENCRYPTION_KEY")


def counts() -> dict[str, int]:
    return {"cases": Case.objects.count(), "photos": CasePhoto.objects.count()}
