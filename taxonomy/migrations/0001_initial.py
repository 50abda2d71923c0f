"""Category, Subcategory and TimeLimit move here from the events app. Their tables keep their
names and rows (state only: events' migrations made them, events 0007 drops them from its
state); the content types are relabelled, so permissions and admin history stay attached."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("category", "subcategory", "timelimit")


def relabel_content_types(apps, schema_editor, old="events", new="taxonomy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MOVED)
                .values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, old="taxonomy", new="events")


URGENCY = [("normal", "normal"), ("urgent", "urgent"), ("emergency", "emergency")]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="Category",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("name_zh", models.CharField(max_length=100, verbose_name="Chinese name")),
                    ("name_en", models.CharField(max_length=100, verbose_name="English name")),
                    ("code", models.CharField(max_length=8, unique=True, verbose_name="code")),
                ],
                options={"verbose_name": "category", "verbose_name_plural": "categories",
                         "db_table": "events_category", "ordering": ["code"]},
            ),
            migrations.CreateModel(
                name="Subcategory",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("name_zh", models.CharField(max_length=100, verbose_name="Chinese name")),
                    ("name_en", models.CharField(max_length=100, verbose_name="English name")),
                    ("code", models.CharField(max_length=8, unique=True, verbose_name="code")),
                    ("description", models.CharField(max_length=200, verbose_name="plain-language description")),
                    ("keywords", models.JSONField(blank=True, default=list, verbose_name="synonyms")),
                    ("default_urgency", models.CharField(choices=URGENCY, default="normal", max_length=16, verbose_name="default urgency")),
                    ("photo_required", models.BooleanField(default=False, verbose_name="photo required to resolve")),
                    ("filing_standard", models.TextField(verbose_name="filing standard (立案标准)")),
                    ("closing_standard", models.TextField(verbose_name="closing standard (结案标准)")),
                    ("category", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="subcategories", to="taxonomy.category", verbose_name="category")),
                ],
                options={"verbose_name": "subcategory", "verbose_name_plural": "subcategories",
                         "db_table": "events_subcategory", "ordering": ["code"]},
            ),
            migrations.CreateModel(
                name="TimeLimit",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("urgency", models.CharField(choices=URGENCY, max_length=16, verbose_name="urgency")),
                    ("stage", models.CharField(choices=[("accept", "accept"), ("dispatch", "dispatch"), ("handle", "handle"), ("verify", "verify")], max_length=16, verbose_name="stage")),
                    ("amount", models.DecimalField(decimal_places=2, max_digits=6, verbose_name="amount")),
                    ("unit", models.CharField(choices=[("h", "calendar hours"), ("wh", "working hours"), ("wd", "working days")], max_length=2, verbose_name="unit")),
                    ("subcategory", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="time_limits", to="taxonomy.subcategory", verbose_name="subcategory")),
                ],
                options={
                    "verbose_name": "time limit", "verbose_name_plural": "time limits",
                    "db_table": "events_timelimit",
                    "constraints": [
                        models.UniqueConstraint(fields=("subcategory", "urgency", "stage"), name="one_limit_per_stage"),
                        models.CheckConstraint(condition=models.Q(("amount__gt", 0)), name="limit_is_positive"),
                    ],
                },
            ),
        ]),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
