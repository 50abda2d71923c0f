from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def forget_identities(case_ids: list[int]) -> None:
    """Anonymising forgets the client's account and device ids of these cases' requests."""
    from events.open311.models import ServiceRequest

    ServiceRequest.objects.filter(case_id__in=case_ids).update(account_id="", device_id="")


class Open311Config(AppConfig):
    name = "events.open311"
    label = "open311"
    verbose_name = _("Open311 GeoReport v2")

    def ready(self):
        from events.privacy import services as privacy

        if forget_identities not in privacy.forgetters:
            privacy.forgetters.append(forget_identities)
