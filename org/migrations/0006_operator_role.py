from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("org", "0005_around_the_clock")]

    operations = [
        migrations.AlterField(
            model_name="staffprofile",
            name="role",
            field=models.CharField(
                choices=[("grid_worker", "grid worker"), ("handler", "department handler"),
                         ("dispatcher", "dispatcher"), ("shift_leader", "shift leader"),
                         ("admin", "administrator"), ("operator", "hotline operator")],
                max_length=16, verbose_name="role"),
        ),
    ]
