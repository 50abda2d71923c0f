from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Standard addresses")

    def ready(self):
        from grids.services import after_activation
        from places.services import refresh_grid_codes

        if refresh_grid_codes not in after_activation:
            after_activation.append(refresh_grid_codes)
