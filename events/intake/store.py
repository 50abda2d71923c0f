"""A report's rows in one statement on PostgreSQL: the day's tracking number, the case, its
stage record, its first log step and its outbox rows, and the NOTIFY that wakes the outbox
relay (events/notify/relay.py), as one data-modifying CTE in one round trip.

One statement is atomic on its own, so the day's counter row is still locked for no longer
than one statement, as when its UPSERT ran alone. The rows are built by the same Python as the
ORM path (events/intake/services.py), which other databases take, and each column's value is
prepared by its model field (encryption, JSON), so both paths store the same rows.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.expressions import DatabaseDefault
from django.utils.duration import duration_iso_string
from psycopg.types.json import Jsonb

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
    params = [day, f"{day:%Y%m%d}-", _documents([case]), _documents([stage]),
              _documents([step])]
    if notes:
        params.append(_documents(notes, number))
    with connection.cursor() as cursor:
        cursor.execute(_statement(bool(notes)), params)
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


# Each table's rows come as one JSON array of {column: value}, expanded by
# jsonb_populate_record into the table's own row type (so the statement's text is the same
# for every report, and the driver parses it once per process), with the id from the table's
# sequence and what only the statement knows merged in.
_INSERT = ("{name} AS (INSERT INTO {table} SELECT r.* FROM jsonb_array_elements(%s) AS e, "
           "LATERAL jsonb_populate_record(NULL::{table}, e || jsonb_build_object('id', "
           "nextval(pg_get_serial_sequence('{table}', 'id')){more})) AS r RETURNING id)")
_OF_CASE = ", 'case_id', (SELECT id FROM c)"
_NUMBERED = ("COALESCE(overlay(e->>'{text}' PLACING (SELECT number FROM tn) "
             "FROM (e->>'_{text}_at')::int FOR {length}), e->>'{text}')")


@cache
def _statement(with_notes: bool) -> str:
    """The counter's UPSERT, the number, then one INSERT per table; the ids come back."""
    number = ", 'tracking_number', (SELECT number FROM tn)"
    parts = [
        "WITH counter AS (INSERT INTO events_trackingcounter (day, last) VALUES (%s, 1) "
        "ON CONFLICT (day) DO UPDATE SET last = events_trackingcounter.last + 1 "
        "RETURNING last)",
        # As next_tracking_number() formats it: at least six digits.
        "tn AS (SELECT %s || lpad(last::text, greatest(6, length(last::text)), '0') "
        "AS number FROM counter)",
        _INSERT.format(name="c", table=Case._meta.db_table, more=number),
        _INSERT.format(name="s", table=StageRecord._meta.db_table, more=_OF_CASE),
        _INSERT.format(name="st", table=CaseStep._meta.db_table, more=_OF_CASE),
    ]
    ids, wake = "NULL", ""
    if with_notes:
        length = len(placeholder(date.today()))
        texts = "".join(f", '{t}', " + _NUMBERED.format(text=t, length=length)
                        for t in ("subject", "body"))
        payload = ", 'payload', (e->'payload') || jsonb_build_object('tracking_number', " \
                  "(SELECT number FROM tn))"
        parts.append(_INSERT.format(name="n", table=Notification._meta.db_table,
                                    more=_OF_CASE + texts + payload))
        ids, wake = "(SELECT array_agg(id ORDER BY id) FROM n)", f", pg_notify('{CHANNEL}', '')"
    return (",\n".join(parts) + "\nSELECT c.id, (SELECT number FROM tn), (SELECT id FROM s), "
            f"(SELECT id FROM st), {ids}{wake} FROM c")


def _documents(rows: list, number: str = "") -> Jsonb:
    """The rows as a JSON array of {column: value}, each value prepared by its model field
    (encrypted, JSON, ...) as an INSERT would; with `number`, where it is in the texts."""
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not one per column
    documents = []
    for row in rows:
        document = {}
        for field in _fields(type(row)):
            value = field.get_db_prep_save(field.pre_save(row, True), db)
            if isinstance(value, DatabaseDefault):
                raise TypeError(f"{field} needs a Python default to be stored in one statement")
            document[field.column] = _json(value)
        for text in ("subject", "body") if number else ():
            if number in document[text]:  # 1-based, as SQL counts
                document[f"_{text}_at"] = document[text].index(number) + 1
        documents.append(document)
    return Jsonb(documents)


def _json(value):
    """A prepared value as jsonb_populate_record reads it back into its column's type."""
    if isinstance(value, Jsonb):
        return value.obj
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


@cache
def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _saved(row, pk: int, case: Case) -> None:
    row.pk = pk
    row.case = case
    row._state.adding = False
