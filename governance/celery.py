import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

app = Celery("governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each room of events keeps its entry points in its own tasks module.
app.autodiscover_tasks(["events.notify", "events.sla", "events.stats", "events.idempotency",
                        "events.simulator"])
