from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from common import reference

        reference.watch("org.Department", "org.DutyList", "org.Matter", "org.DefaultOwner",
                        "org.ComponentKind", "org.Component",
                        # whose dispatchers act for which region (events/workflow/levels.py)
                        "org.StaffProfile")
