"""Existing databases: command centres and the emergency services (公安 GAJ, 交警 JJD, 消防 XFJ)
keep 24-hour duty (值班), as new databases get it from org.catalogue. A migration runs once:
a department an administrator later sets back to office hours stays so (a catalogue loader
run on every deploy could not tell that choice from the old default)."""

from django.db import migrations
from django.db.models import Q

EMERGENCY_SERVICES = ["GAJ", "JJD", "XFJ"]


def on_duty_day_and_night(apps, schema_editor):
    Department = apps.get_model("org", "Department")
    Department.objects.filter(Q(kind="command") | Q(code__in=EMERGENCY_SERVICES),
                              works_around_the_clock=False).update(works_around_the_clock=True)


class Migration(migrations.Migration):
    dependencies = [("org", "0004_duty_lists")]

    operations = [migrations.RunPython(on_duty_day_and_night, migrations.RunPython.noop)]
