"""A database made before the layout (the catalogue in the events app, default departments on
the subcategory) migrates without losing a row, a content type or a permission. Run in a
subprocess on a scratch SQLite database, so that the session's test database stays as it is."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json
    import django
    from django.core.management import call_command

    django.setup()
    from django.utils import timezone
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    for app, target in [("contenttypes", None), ("auth", None), ("events", "0006"),
                        ("open311", None)]:
        call_command("migrate", app, *[target] if target else [], verbosity=0)
    loader = MigrationExecutor(connection).loader
    old = loader.project_state([("events", "0006_encrypt_contact_phone"), ("org", "0002_sla_clock"),
                                *loader.graph.leaf_nodes("contenttypes"),
                                *loader.graph.leaf_nodes("auth")]).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    # Made by post_migrate at the old state, as on every database of the time.
    types = {m: ContentType.objects.get(app_label="events", model=m)
             for m in ("category", "subcategory", "timelimit")}
    perm = Permission.objects.get(content_type=types["subcategory"],
                                  codename="change_subcategory")
    bureau = old.get_model("org", "Department").objects.create(code="PSG", name="排水公司",
                                                               kind="utility")
    category = old.get_model("events", "Category").objects.create(code="01", name_zh="市政",
                                                                  name_en="Public")
    Subcategory = old.get_model("events", "Subcategory")
    manhole = Subcategory.objects.create(
        code="01001", name_zh="井盖丢失", name_en="Manhole", category=category,
        default_department=bureau, description="d", filing_standard="f",
        closing_standard="c")
    Subcategory.objects.create(code="01002", name_zh="无默认", name_en="None",
                               category=category, description="d", filing_standard="f",
                               closing_standard="c")
    old.get_model("events", "TimeLimit").objects.create(
        subcategory=manhole, urgency="normal", stage="handle", amount=6, unit="h")
    old.get_model("events", "Case").objects.create(
        tracking_number="20261201-000001", source="citizen", subcategory=manhole, lat=23.0,
        lon=113.1, description="井盖没了", status="reported", urgency="normal",
        created_at=timezone.now())

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from events.models import Case
    from org.models import DefaultOwner
    from taxonomy.models import Subcategory, TimeLimit

    print(json.dumps({
        "types": {t.model: [t.pk, t.app_label] for t in ContentType.objects.filter(
            model__in=["category", "subcategory", "timelimit"])},
        "before": {m: t.pk for m, t in types.items()},
        "permission": [perm.pk, Permission.objects.get(pk=perm.pk).content_type.app_label],
        "subcategories": sorted(Subcategory.objects.values_list("code", flat=True)),
        "limits": TimeLimit.objects.count(),
        "defaults": sorted(DefaultOwner.objects.values_list("subcategory__code",
                                                            "department__code")),
        "case": Case.objects.values_list("tracking_number", "subcategory__code").get(),
    }))
""")


def test_a_database_from_before_the_layout_keeps_every_row_type_and_permission(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE":
           "governance.settings", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["types"] == {model: [pk, "taxonomy"] for model, pk in found["before"].items()}
    assert found["permission"][1] == "taxonomy"
    assert found["subcategories"] == ["01001", "01002"] and found["limits"] == 1
    assert found["defaults"] == [["01001", "PSG"]]
    assert found["case"] == ["20261201-000001", "01001"]
