from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "events.privacy"
    label = "audit"
    verbose_name = _("Privacy and audit")

    def ready(self):
        from common.security import all_handlers, install_phone_filter

        # LOGGING filters only the handlers it defines; Django's defaults were set up before
        # it, and Celery replaces the root logger's handlers when a worker starts.
        install_phone_filter(all_handlers())
        try:
            from celery.signals import after_setup_logger, after_setup_task_logger
        except ImportError:  # pragma: no cover - Celery is a dependency, but not a web need
            return
        after_setup_logger.connect(_filter_celery_logger, weak=False)
        after_setup_task_logger.connect(_filter_celery_logger, weak=False)


def _filter_celery_logger(logger=None, **kwargs):
    from common.security import install_phone_filter

    if logger is not None:
        install_phone_filter(logger.handlers)
