"""Reporters' phone numbers encrypted at rest (common.crypto): the column widens to text,
then every number already stored is encrypted in place (and decrypted again on the way back)."""

import common.crypto
from cryptography.fernet import InvalidToken
from django.db import migrations

BATCH = 2000


def _rewrite(schema_editor, change) -> None:
    """Apply `change` to every non-empty stored number, by id, in batches (raw SQL: the model
    field would decrypt on read)."""
    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT id, contact_phone FROM events_case WHERE id > %s "
                           "AND contact_phone <> '' ORDER BY id LIMIT %s", [last, BATCH])
            rows = cursor.fetchall()
            if not rows:
                return
            updates = [(new, pk) for pk, value in rows if (new := change(value)) != value]
            if updates:
                cursor.executemany("UPDATE events_case SET contact_phone = %s WHERE id = %s",
                                   updates)
            last = rows[-1][0]


def _encrypted(value: str) -> str:
    fernet = common.crypto.fernet()
    try:
        fernet.decrypt(value.encode())
        return value  # already encrypted (a migration run twice)
    except InvalidToken:
        return fernet.encrypt(value.encode()).decode()


def _plain(value: str) -> str:
    try:
        return common.crypto.fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return value


def encrypt(apps, schema_editor):
    _rewrite(schema_editor, _encrypted)


def decrypt(apps, schema_editor):
    _rewrite(schema_editor, _plain)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_statistics'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='contact_phone',
            field=common.crypto.EncryptedCharField(blank=True, max_length=20, verbose_name='contact phone'),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
