"""Publicity per subcategory: the catalogue's non-public subcategories become non-public on
databases that loaded it before the field existed."""

from django.db import migrations, models

from taxonomy.data import NON_PUBLIC


def mark_non_public(apps, schema_editor):
    apps.get_model("taxonomy", "Subcategory").objects.filter(code__in=NON_PUBLIC).update(
        is_public=False)


class Migration(migrations.Migration):

    dependencies = [("taxonomy", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="subcategory", name="is_public",
            field=models.BooleanField(db_default=True, default=True, help_text="Cases of a non-public subcategory (tip-offs, public security, disputes, health, special populations, private homes) appear on no public page, list, map or count; only their reporter's tracking page shows them.", verbose_name="public"),
        ),
        migrations.RunPython(mark_non_public, migrations.RunPython.noop),
    ]
