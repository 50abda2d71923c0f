from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Standard addresses")

    def ready(self):
        from grids.services import after_activation
        from places.services import refresh_after_activation

        if refresh_after_activation not in after_activation:
            after_activation.append(refresh_after_activation)
