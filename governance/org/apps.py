from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "governance.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from governance.org import reference

        reference.connect_signals()
