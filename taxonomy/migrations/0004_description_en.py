"""An English plain-language description per subcategory, filled from taxonomy/data_en.py.

Added with plain SQL for the reason 0003 gives (SQLite rebuilds the table from this app's
model state, which would drop events' old column before events 0007 has moved its values)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from taxonomy.data_en import DESCRIPTIONS_EN

    Subcategory = apps.get_model("taxonomy", "Subcategory")
    for code, text in DESCRIPTIONS_EN.items():
        Subcategory.objects.filter(code=code, description_en="").update(description_en=text)


class Migration(migrations.Migration):

    dependencies = [
        ('taxonomy', '0003_subcategory_national_code'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE events_subcategory ADD COLUMN description_en varchar(200) "
                "NOT NULL DEFAULT ''",
                "ALTER TABLE events_subcategory DROP COLUMN description_en")],
            state_operations=[migrations.AddField(
                model_name='subcategory',
                name='description_en',
                field=models.CharField(blank=True, db_default='', default='', max_length=200, verbose_name='plain-language description in English'),
            )],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
