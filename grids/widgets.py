"""The admin's boundary editor: the GeoJSON text of a region's boundary with a map on which
its polygons are drawn and edited (Leaflet.draw, shipped in django-leaflet's static files).

Not django-leaflet's LeafletWidget: that one is built on django.contrib.gis and needs GDAL,
which this project (GeoJSON in a JSON field, on SQLite and PostgreSQL alike) does without. The
map is started by an external script, as the CSP asks (no inline script)."""

import json

from django import forms

from common.context_processors import site


class BoundaryWidget(forms.Textarea):
    template_name = "grids/boundary_widget.html"

    def __init__(self, attrs=None, context_geometries=None):
        super().__init__({"rows": 4, "class": "boundary-editor vLargeTextField", **(attrs or {})})
        # Outlines drawn beneath for orientation: the parent and the neighbouring regions.
        self.context_geometries = context_geometries or {}

    class Media:
        css = {"all": ["leaflet/leaflet.css", "leaflet/draw/leaflet.draw.css",
                       "grids/region_map.css"]}
        js = ["leaflet/leaflet.js", "leaflet/draw/leaflet.draw.js", "grids/map.js",
              "grids/boundary_editor.js"]

    def format_value(self, value):
        # The JSON form field hands over its text already; a dict comes from initial data.
        if isinstance(value, dict):
            return json.dumps(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context.update(site(None))
        context["context_geometries"] = self.context_geometries
        return context
