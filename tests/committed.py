"""The committed demo district that every transactional test shares.

Tests that need committed data (a live server, real workers, races between connections) are
transactional, and Django ends each one by flushing the database; the next then had to seed the
whole district again, a quarter of a minute each and most of CI's time. Instead such a test
finds the district committed, and afterwards the rows it added are deleted. On PostgreSQL a
fingerprint of the rows that were there before tells whether the test changed or deleted any
of them (a duty list activated, a watermark moved): only then is the database flushed and
seeded again, as Django would have done; a test that changes rows on purpose names their
models with `keep()`, and they are written back instead. SQLite is not checked: there the rows
added are deleted and changes stay, so a test that changes the district is caught on
PostgreSQL (CI).
"""

import warnings
from dataclasses import dataclass

from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

from tests.helpers import PASSWORD

NUMERIC = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
           "PositiveIntegerField", "PositiveBigIntegerField", "SmallIntegerField"}


@dataclass(frozen=True)
class Marks:
    """Per table, the highest id when the test started (or, where rows are keyed by text or
    date, whether there were any); `fingerprint` of the rows up to there, or None: unchecked."""

    highest: dict
    fingerprint: tuple | None


_last: list[Marks] = []  # the marks of the district as the last clean-up left it
_kept: list[tuple] = []  # (model, its rows) that the running test changes on purpose


def seed() -> None:
    call_command("seed_demo", "--commit", "--cases", "0", "--password", PASSWORD, verbosity=0)


def take(check_changes: bool = True) -> Marks:
    """The marks of the district now, seeding it first into an empty database. The fingerprint
    is taken again only when some table's highest id moved since the last clean-up."""
    from grids.models import Region

    if not Region.objects.exists():
        connections.close_all()  # as TransactionTestCase gives each test a fresh connection
        seed()
        # Flushing restarts the ids: the new district has the highest ids of the last marks,
        # but not their fingerprint (times, password salts), which would then look changed.
        _last.clear()
    highest = _highest_ids()
    if not check_changes:
        return Marks(highest, None)
    if not _last or _last[0].highest != highest:
        _last[:] = [Marks(highest, _fingerprint(highest))]
    return _last[0]


def keep(*models) -> None:
    """For a test that changes rows of the district on purpose (activating another duty list):
    these models' rows as they are now, written back when it ends, before the check below, so
    that no flush and seed follow it."""
    _kept.extend((model, list(model.objects.all())) for model in models)


def restore(marks: Marks) -> None:
    """Delete the rows added since `marks` and write back the kept ones; flush and seed again
    if rows from before still differ."""
    kept, _kept[:] = list(_kept), []
    try:
        # Added rows first: a kept duty list cannot be the active one again beside a new one.
        with transaction.atomic():
            _delete_rows_added_since(marks.highest)
            for model, rows in kept:
                model.objects.bulk_update(rows, [f.name for f in model._meta.concrete_fields
                                                 if not f.primary_key])
        changed = _changed_tables(marks) if marks.fingerprint is not None else []
    except IntegrityError:  # foreign keys checked at commit: a row from before refers to a new one
        if marks.fingerprint is None:
            raise
        changed = ["rows referring to added ones"]
    if changed:
        warnings.warn(f"this test changed rows of the committed demo district in "
                      f"{', '.join(changed)}: the database was flushed and seeded again "
                      f"(a quarter of a minute)", stacklevel=1)
        call_command("flush", interactive=False, verbosity=0)
        _last.clear()


def _tables() -> list[tuple[str, str, bool]]:
    """(table, primary key column, whether its keys are numbers) of every concrete model."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        pk = model._meta.pk
        key = pk.target_field if pk.is_relation else pk
        tables.append((model._meta.db_table, pk.column, key.get_internal_type() in NUMERIC))
    return tables


def _highest_ids() -> dict:
    quote = connection.ops.quote_name
    highest = {}
    with connection.cursor() as cursor:
        for table, pk, numeric in _tables():
            if numeric:
                cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
            else:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
            value = cursor.fetchone()[0]
            highest[(table, pk)] = (value or 0) if numeric else bool(value)
    return highest


def _fingerprint_queries(highest: dict) -> list[tuple[str, str]]:
    """Per table holding rows from before: their count and the sum of a hash of each row."""
    quote = connection.ops.quote_name
    queries = []
    for (table, pk), mark in highest.items():
        if mark is False or mark == 0:
            continue  # empty before: every row it holds now is the test's, and deleted
        where = "" if mark is True else f" WHERE {quote(pk)} <= {int(mark)}"
        # Signing in stamps last_login: not a change any later test could notice.
        queries.append((table, f"SELECT '{table}', COUNT(*), "
                               f"COALESCE(SUM(hashtext((to_jsonb(t) - 'last_login')::text)"
                               f"::bigint), 0) FROM {quote(table)} t{where}"))
    return queries


def _fingerprint(highest: dict) -> tuple | None:
    if connection.vendor != "postgresql":
        return None
    queries = _fingerprint_queries(highest)
    # Times as text depend on the session's time zone, which a fresh connection may not share.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute(" UNION ALL ".join(sql for _, sql in queries))
        return tuple(sorted(cursor.fetchall()))


def _changed_tables(marks: Marks) -> list[str]:
    now = dict((row[0], row[1:]) for row in _fingerprint(marks.highest) or ())
    before = dict((row[0], row[1:]) for row in marks.fingerprint)
    return sorted(table for table in before if now.get(table) != before[table])


def _delete_rows_added_since(highest: dict) -> None:
    """One transaction: foreign keys are checked at commit (Django declares them deferred),
    so the order of the deletes does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for (table, pk), mark in highest.items():
            if mark is True:
                continue  # rows keyed by text that were there before: left as they are
            if mark is False:
                cursor.execute(f"DELETE FROM {quote(table)}")
            else:
                cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(pk)} > %s", [mark])
