"""The national catalogue's code per subcategory.

Added with plain SQL: on SQLite, Django adds a NOT NULL column by rebuilding the table from
the taxonomy's model state, which would drop the old default_department column before
events 0007 has moved its values (the two apps' migrations are not ordered)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('taxonomy', '0002_subcategory_is_public'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE events_subcategory ADD COLUMN national_code varchar(16) "
                "NOT NULL DEFAULT ''",
                "ALTER TABLE events_subcategory DROP COLUMN national_code")],
            state_operations=[migrations.AddField(
                model_name='subcategory',
                name='national_code',
                field=models.CharField(blank=True, db_default='', default='', help_text='The code of the national catalogue (GB/T 47678.5-2026, else GB/T 30428.2) where a public source gives one; empty otherwise.', max_length=16, verbose_name='national code'),
            )],
        ),
    ]
