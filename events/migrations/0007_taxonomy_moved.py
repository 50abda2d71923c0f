"""The catalogue moved to the taxonomy app (same tables) and each subcategory's default
department to org.DefaultOwner: copy the column there, drop it, and point this app's foreign
keys at the taxonomy models."""

import django.db.models.deletion
from django.db import migrations, models


def copy_defaults(apps, schema_editor):
    Subcategory = apps.get_model("events", "Subcategory")
    DefaultOwner = apps.get_model("org", "DefaultOwner")
    DefaultOwner.objects.bulk_create(
        DefaultOwner(subcategory_id=pk, department_id=department)
        for pk, department in Subcategory.objects.filter(default_department__isnull=False)
        .values_list("pk", "default_department"))


def copy_back(apps, schema_editor):
    Subcategory = apps.get_model("events", "Subcategory")
    for owner in apps.get_model("org", "DefaultOwner").objects.all():
        Subcategory.objects.filter(pk=owner.subcategory_id).update(
            default_department=owner.department_id)


def fk(to, related_name, **kwargs):
    return models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name=related_name,
                             to=to, **kwargs)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0006_encrypt_contact_phone"),
        ("org", "0003_defaultowner"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_defaults, copy_back),
        migrations.RemoveField(model_name="subcategory", name="default_department"),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="case", name="subcategory",
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="cases", to="taxonomy.subcategory", verbose_name="subcategory"),
            ),
            migrations.AlterField(model_name="heatcell", name="subcategory", field=fk("taxonomy.subcategory", "+")),
            migrations.AlterField(model_name="heatcell", name="category", field=fk("taxonomy.category", "+")),
            migrations.AlterField(model_name="casefact", name="category", field=fk("taxonomy.category", "+")),
            migrations.AlterField(model_name="hotspot", name="category", field=fk("taxonomy.category", "+")),
            migrations.DeleteModel(name="TimeLimit"),
            migrations.DeleteModel(name="Subcategory"),
            migrations.DeleteModel(name="Category"),
        ]),
    ]
