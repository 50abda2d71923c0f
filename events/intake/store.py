"""A report's rows in one statement on PostgreSQL: the case, its stage record, its first log
step and its outbox rows, as one data-modifying CTE in one round trip; then a NOTIFY that wakes
the outbox relay (events/notify/relay.py), at most one per process every QUIET_SECONDS.

The tracking number is drawn before, in its own transaction (next_tracking_number, a block of
them per process), and the NOTIFY is sent after, in its own: PostgreSQL keeps the day's
counter row locked, and every notifying transaction queued behind one lock, until the
transaction's commit has reached the disk, so with either inside the report's statement the
reports of all processes committed one at a time (docs/performance.md). The rows are built
by the same Python as the ORM path (events/intake/services.py), which other databases take,
and each column's value is prepared by its model field (encryption, JSON) unless it already is
what that would give, so both paths store the same rows.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from time import monotonic
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models.expressions import DatabaseDefault
from django.utils.duration import duration_iso_string
from psycopg.types.json import Jsonb

from events.models import Case, CaseStep, Notification, StageRecord
from events.notify.relay import CHANNEL, QUIET_SECONDS

# Appended to a statement that runs as its own transaction (autocommit, outside any atomic
# block): its commit does not wait for the disk. For the counter and the NOTIFY only: a later
# commit that waits (the report's) flushes the log up to it, so after a crash a tracking
# number on a stored case is never drawn again; a lost NOTIFY leaves the row to the relay's
# next look or the periodic requeue.
NO_DISK_WAIT = ", set_config('synchronous_commit', 'off', true)"


def available() -> bool:
    return connection.vendor == "postgresql"


def no_disk_wait() -> str:
    """NO_DISK_WAIT when the next statement is a transaction of its own on PostgreSQL (inside
    an atomic block it would be the enclosing transaction's commit that stopped waiting)."""
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not three
    own = db.vendor == "postgresql" and db.get_autocommit() and not db.in_atomic_block
    return NO_DISK_WAIT if own else ""


def insert_report(*, case: Case, stage: StageRecord, step: CaseStep,
                  notes: list[Notification]) -> None:
    """Store the unsaved rows (the case's tracking number drawn) in one statement, then wake
    the relay; sets their ids."""
    params = [_documents([case]), _documents([stage]), _documents([step])]
    if notes:
        params.append(_documents(notes))
    case_id, stage_id, step_id, note_ids = _prepared(_statement(bool(notes)), params)
    if notes:
        _wake_relay()
    case.pk = case_id
    _saved(stage, stage_id, case)
    _saved(step, step_id, case)
    for note, note_id in zip(notes, note_ids or (), strict=True):
        _saved(note, note_id, case)
    case._state.adding = False


_woke_at = float("-inf")  # when this process last sent a NOTIFY on its own transaction


def _wake_relay() -> None:
    """NOTIFY the relay, unless this process did so less than QUIET_SECONDS ago on a
    transaction of its own: the relay that NOTIFY woke looks again QUIET_SECONDS after it
    (events/notify/relay.py), and finds these rows then. Under load that is one NOTIFY per
    process per QUIET_SECONDS instead of one per report. Inside an atomic block, which may
    still roll back its NOTIFY, always."""
    global _woke_at
    own, now = no_disk_wait(), monotonic()
    if own and now - _woke_at < QUIET_SECONDS:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_notify('{CHANNEL}', ''){own}")
    if own:
        _woke_at = now


# psycopg prepares a statement that asks (prepare=True), or one run this many times; Django's
# cursors bind parameters on the client and never prepare.
ONLY_WHEN_ASKED = 2**31 - 1


def _prepared(sql: str, params: list) -> tuple:
    """Execute as a prepared statement, and the first row. Django's cursors bind parameters on
    the client, so PostgreSQL would parse and plan this long statement again for every report
    (0.5 ms of its 2); its text is the same for every report, and prepared once per connection
    it runs on its plan. A cursor that binds on the server, on Django's connection, its errors
    Django's, logged as Django logs when it logs queries."""
    db = connections[DEFAULT_DB_ALIAS]
    # What Django's cursor() and its execute() check first.
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    db.close_if_health_check_failed()  # once per request
    db.ensure_connection()
    if db.connection.prepare_threshold is None:  # Django's: prepares nothing, asked or not
        db.connection.prepare_threshold = ONLY_WHEN_ASKED
    with db.wrap_database_errors, ServerBindingCursor(db.connection) as prepared:
        if not db.queries_logged:
            prepared.execute(sql, params, prepare=True)
            return prepared.fetchone()
        with db.cursor() as cursor, cursor.debug_sql(sql, params):
            prepared.execute(sql, params, prepare=True)
            return prepared.fetchone()


# Each table's rows come as one JSON array of {column: value}, expanded by
# jsonb_populate_record into the table's own row type (so the statement's text is the same
# for every report, and the driver parses it once per process), with the id from the table's
# sequence and the case's id merged in.
_INSERT = ("{name} AS (INSERT INTO {table} SELECT r.* FROM jsonb_array_elements(%s) AS e, "
           "LATERAL jsonb_populate_record(NULL::{table}, e || jsonb_build_object('id', "
           "nextval(pg_get_serial_sequence('{table}', 'id')){more})) AS r RETURNING id)")
_OF_CASE = ", 'case_id', (SELECT id FROM c)"


@cache
def _statement(with_notes: bool) -> str:
    """One INSERT per table; the ids come back."""
    parts = [
        _INSERT.format(name="c", table=Case._meta.db_table, more=""),
        _INSERT.format(name="s", table=StageRecord._meta.db_table, more=_OF_CASE),
        _INSERT.format(name="st", table=CaseStep._meta.db_table, more=_OF_CASE),
    ]
    ids = "NULL::bigint[]"
    if with_notes:
        parts.append(_INSERT.format(name="n", table=Notification._meta.db_table,
                                    more=_OF_CASE))
        ids = "(SELECT array_agg(id ORDER BY id) FROM n)"
    ctes = ",\n".join(parts)
    return f"WITH {ctes}\nSELECT c.id, (SELECT id FROM s), (SELECT id FROM st), {ids} FROM c"


def _documents(rows: list) -> Jsonb:
    """The rows as a JSON array of {column: value}, each value prepared by its model field
    (encrypted, JSON, ...) as an INSERT would; where a plain field's value is already what
    that field would prepare (TAKEN), it is taken as it is."""
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy: one lookup, not one per column
    documents = []
    for row in rows:
        document = {}
        values = row.__dict__
        for column, attname, kind, field in _fields(type(row)):
            value = values[attname]
            if value is None and kind:
                continue  # left out: jsonb_populate_record's row starts as all NULL
            if kind is _NUMBER and type(value) in _NUMBER or kind is str and isinstance(value, str):
                document[column] = value
                continue
            if kind is datetime and type(value) is datetime and value.tzinfo is not None:
                document[column] = value.isoformat()
                continue
            value = field.get_db_prep_save(field.pre_save(row, True), db)
            if isinstance(value, DatabaseDefault):
                raise TypeError(f"{field} needs a Python default to be stored in one statement")
            document[column] = _json(value)
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


# Per field class (exactly these, not their subclasses: an encrypted field is a TextField),
# the kind of value that is already what the field would prepare: text (choices are str
# too), numbers, booleans and ids, aware moments (written as ISO 8601, as _json writes them);
# None for all three.
_NUMBER = frozenset({int, float, bool})
TAKEN = {models.CharField: str, models.TextField: str, models.DateTimeField: datetime,
         **dict.fromkeys((models.IntegerField, models.PositiveIntegerField,
                          models.SmallIntegerField, models.BigIntegerField, models.FloatField,
                          models.BooleanField, models.ForeignKey), _NUMBER)}


@cache
def _fields(model) -> list:
    """(column, attname, TAKEN's kind or None, field) of the model's columns but its id; a
    field that sets its own value on save (auto_now) is always prepared."""
    return [(f.column, f.attname, None if getattr(f, "auto_now", False)
             or getattr(f, "auto_now_add", False) else TAKEN.get(type(f)), f)
            for f in model._meta.concrete_fields if not f.primary_key]


def _saved(row, pk: int, case: Case) -> None:
    row.pk = pk
    row.case = case
    row._state.adding = False
