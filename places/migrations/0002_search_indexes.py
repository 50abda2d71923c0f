"""Indexes for address search: a trigram GIN index on PostgreSQL (pg_trgm serves LIKE '%…%'),
an FTS5 trigram table kept in step by triggers on SQLite."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS places_address_search_trgm ON places_address "
    "USING gin (search gin_trgm_ops)",
]
POSTGRES_BACK = ["DROP INDEX IF EXISTS places_address_search_trgm"]
SQLITE = [
    "CREATE VIRTUAL TABLE places_address_fts USING fts5(search, content='places_address', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER places_address_ai AFTER INSERT ON places_address BEGIN "
    "INSERT INTO places_address_fts(rowid, search) VALUES (new.id, new.search); END",
    "CREATE TRIGGER places_address_ad AFTER DELETE ON places_address BEGIN "
    "INSERT INTO places_address_fts(places_address_fts, rowid, search) "
    "VALUES ('delete', old.id, old.search); END",
    "CREATE TRIGGER places_address_au AFTER UPDATE ON places_address BEGIN "
    "INSERT INTO places_address_fts(places_address_fts, rowid, search) "
    "VALUES ('delete', old.id, old.search); "
    "INSERT INTO places_address_fts(rowid, search) VALUES (new.id, new.search); END",
]
SQLITE_BACK = ["DROP TRIGGER places_address_au", "DROP TRIGGER places_address_ad",
               "DROP TRIGGER places_address_ai", "DROP TABLE places_address_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, ()):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(
        _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
        _run({"postgresql": POSTGRES_BACK, "sqlite": SQLITE_BACK}))]
