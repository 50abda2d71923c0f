"""SQLite's full-text (FTS5 trigram) index of the address register, kept in step by triggers
(migration 0002). A bulk load drops the triggers, writes, and rebuilds the index in one go:
per-row trigger upkeep costs seconds for tens of thousands of rows, a rebuild half a second.
On PostgreSQL the pg_trgm index needs none of this."""

from contextlib import contextmanager

from django.db import connection, transaction

TRIGGERS = {
    "places_address_ai": "AFTER INSERT ON places_address BEGIN "
    "INSERT INTO places_address_fts(rowid, search) VALUES (new.id, new.search); END",
    "places_address_ad": "AFTER DELETE ON places_address BEGIN "
    "INSERT INTO places_address_fts(places_address_fts, rowid, search) "
    "VALUES ('delete', old.id, old.search); END",
    "places_address_au": "AFTER UPDATE ON places_address BEGIN "
    "INSERT INTO places_address_fts(places_address_fts, rowid, search) "
    "VALUES ('delete', old.id, old.search); "
    "INSERT INTO places_address_fts(rowid, search) VALUES (new.id, new.search); END",
}


@contextmanager
def bulk_load():
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        yield
        cursor.execute("INSERT INTO places_address_fts(places_address_fts) VALUES ('rebuild')")
        for name, body in TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER {name} {body}")
