"""The wiring: settings, urls, the Celery app and wsgi. Imports everything; nothing imports it."""
from governance.celery import app as celery_app

__all__ = ("celery_app",)
