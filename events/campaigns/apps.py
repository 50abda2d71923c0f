from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "events.campaigns"
    label = "campaigns"
    verbose_name = _("Tasks and campaigns")
    default_auto_field = "django.db.models.BigAutoField"
