"""A report's rows in one statement on PostgreSQL: the day's tracking number, the case, its
stage record, its first log step and its outbox rows, and the NOTIFY that wakes the outbox
relay (events/notify/relay.py), as one data-modifying CTE in one round trip.

One statement is atomic on its own, so the day's counter row is still locked for no longer
than one statement, as when its UPSERT ran alone. The rows are built by the same Python as the
ORM path (events/intake/services.py), which other databases take, and each column's value is
prepared by its model field (encryption, JSON), so both paths store the same rows.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.expressions import DatabaseDefault

from events.models import Case, CaseStep, Notification, StageRecord
from events.notify.relay import CHANNEL

# The tracking number in notifications' subjects and bodies, until the statement draws it:
# replaced at its first place in each text (headers come before anything a reporter wrote).
PLACEHOLDER_SEQUENCE = "000000"


def available() -> bool:
    return connection.vendor == "postgresql"


def placeholder(day) -> str:
    return f"{day:%Y%m%d}-{PLACEHOLDER_SEQUENCE}"


def insert_report(*, case: Case, stage: StageRecord, step: CaseStep,
                  notes: list[Notification], day) -> None:
    """Store the unsaved rows (case.tracking_number is placeholder(day)) in one statement;
    sets their ids and the case's tracking number."""
    number = placeholder(day)
    sql, params = [_COUNTER, _NUMBER], [day, f"{day:%Y%m%d}-"]
    _with(sql, params, "c", [case], [{"tracking_number": "(SELECT number FROM tn)"}])
    _with(sql, params, "s", [stage], [{"case_id": "(SELECT id FROM c)"}])
    _with(sql, params, "st", [step], [{"case_id": "(SELECT id FROM c)"}])
    if notes:
        _with(sql, params, "n", notes, [_note_overrides(n, number) for n in notes])
    wake = f", pg_notify('{CHANNEL}', '')" if notes else ""
    ids = "(SELECT array_agg(id ORDER BY id) FROM n)" if notes else "NULL"
    sql.append(f"SELECT c.id, (SELECT number FROM tn), (SELECT id FROM s), (SELECT id FROM st), "
               f"{ids}{wake} FROM c")
    with connection.cursor() as cursor:
        cursor.execute(",\n".join(sql[:-1]) + "\n" + sql[-1], params)
        case_id, tracking_number, stage_id, step_id, note_ids = cursor.fetchone()[:5]
    case.pk, case.tracking_number = case_id, tracking_number
    _saved(stage, stage_id, case)
    _saved(step, step_id, case)
    for note, note_id in zip(notes, note_ids or (), strict=True):
        _saved(note, note_id, case)
        note.subject = note.subject.replace(number, tracking_number, 1)
        note.body = note.body.replace(number, tracking_number, 1)
        note.payload = {**note.payload, "tracking_number": tracking_number}
    case._state.adding = False


_COUNTER = ("WITH counter AS (INSERT INTO events_trackingcounter (day, last) VALUES (%s, 1) "
            "ON CONFLICT (day) DO UPDATE SET last = events_trackingcounter.last + 1 "
            "RETURNING last)")
# As next_tracking_number() formats it: at least six digits.
_NUMBER = ("tn AS (SELECT %s || lpad(last::text, greatest(6, length(last::text)), '0') "
           "AS number FROM counter)")


def _note_overrides(note: Notification, number: str) -> dict:
    """The drawn number where the placeholder is in the texts (1-based, as SQL counts)."""
    over = {"case_id": "(SELECT id FROM c)",
            "payload": "CAST(%s AS jsonb) || jsonb_build_object('tracking_number', "
                       "(SELECT number FROM tn))"}
    for name in ("subject", "body"):
        if number in getattr(note, name):
            at = getattr(note, name).index(number) + 1
            over[name] = (f"overlay(CAST(%s AS text) PLACING (SELECT number FROM tn) "
                          f"FROM {at} FOR {len(number)})")
    return over


def _with(sql: list, params: list, name: str, rows: list, overrides: list[dict]) -> None:
    """Append `name AS (INSERT ... VALUES ... RETURNING id)` for rows of one model. An
    override is an SQL expression for a column, with at most one %s for the field's value."""
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not one per column
    fields = _fields(type(rows[0]))
    # A column left to its database default in one row is left to it in every row.
    fields = [f for f in fields if not any(
        isinstance(getattr(r, f.attname), DatabaseDefault) for r in rows)]
    values = []
    for row, over in zip(rows, overrides, strict=True):
        marks = []
        for field in fields:
            expression = over.get(field.column, "%s")
            if "%s" in expression:
                params.append(field.get_db_prep_save(field.pre_save(row, True), db))
            marks.append(expression)
        values.append(f"({', '.join(marks)})")
    columns = ", ".join(f'"{f.column}"' for f in fields)
    sql.append(f"{name} AS (INSERT INTO {type(rows[0])._meta.db_table} ({columns}) "
               f"VALUES {', '.join(values)} RETURNING id)")


@cache
def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _saved(row, pk: int, case: Case) -> None:
    row.pk = pk
    row.case = case
    row._state.adding = False
