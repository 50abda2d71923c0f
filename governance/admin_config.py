from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class AdminConfig(SimpleAdminConfig):
    """Django admin discovering every app's admin module except django-leaflet's, which
    imports GeoDjango and so needs GDAL; boundaries here are GeoJSON handled by Shapely."""

    def ready(self):
        super().ready()
        for app in apps.get_app_configs():
            if app.label != "leaflet" and module_has_submodule(app.module, "admin"):
                import_module(f"{app.name}.admin")
