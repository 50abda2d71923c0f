"""Each subcategory's default department gets a table of its own here (events 0007 copies the
old column into it), and duty rules point at the taxonomy app, where the catalogue now lives."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0002_sla_clock"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DefaultOwner",
            fields=[
                ("subcategory", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="default_owner", serialize=False, to="taxonomy.subcategory", verbose_name="subcategory")),
                ("department", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="default_for", to="org.department", verbose_name="default department")),
            ],
            options={
                "verbose_name": "default department",
                "verbose_name_plural": "default departments",
            },
        ),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="dutyrule", name="category",
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="duty_rules", to="taxonomy.category", verbose_name="category"),
            ),
            migrations.AlterField(
                model_name="dutyrule", name="subcategory",
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="duty_rules", to="taxonomy.subcategory", verbose_name="subcategory"),
            ),
        ]),
    ]
