from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "events.open311"
    label = "open311"
    verbose_name = _("Open311 GeoReport v2")

    def ready(self):
        from events.open311.models import ServiceRequest
        from events.privacy import services as privacy

        def forget_identities(case_ids: list[int]) -> None:
            ServiceRequest.objects.filter(case_id__in=case_ids).update(account_id="",
                                                                       device_id="")

        privacy.forgetters.append(forget_identities)
