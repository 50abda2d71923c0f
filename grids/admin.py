from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from common.context_processors import site
from grids.editing import boundary_errors, boundary_update, editable
from grids.models import Generation, Region
from grids.services import generation_activate, generation_touch
from grids.widgets import BoundaryWidget


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "created_at", "activated_at", "revision"]
    readonly_fields = ["is_active", "activated_at", "revision"]
    actions = ["activate"]

    @admin.action(description=_("Activate the selected generation"))
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one generation."), messages.ERROR)
            return
        generation_activate(generation=queryset.get())
        self.message_user(request, _("Generation activated; new cases route by it."))


class RegionForm(forms.ModelForm):
    """A region; its boundary is checked as the grid import checks it (grids/editing.py)."""

    class Meta:
        model = Region
        fields = ["generation", "code", "name", "level", "parent", "geometry"]

    def clean(self):
        cleaned = super().clean()
        generation = cleaned.get("generation", self.instance.generation
                                 if self.instance.generation_id else None)
        if "geometry" not in self.fields:  # the active generation's: read-only
            return cleaned
        if generation is not None and not editable(generation):
            self.add_error("generation", _("The active generation cannot be changed here: "
                                           "edit an inactive one, then activate it."))
            return cleaned
        if generation is not None and cleaned.get("code") and cleaned.get("level"):
            errors = boundary_errors(
                cleaned.get("geometry"), code=cleaned["code"], level=cleaned["level"],
                generation=generation, parent=cleaned.get("parent"), pk=self.instance.pk)
            if errors:
                self.add_error("geometry", errors)
        return cleaned


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionForm
    list_display = ["code", "name", "level", "parent", "generation"]
    list_filter = ["level", "generation"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "generation"]
    raw_id_fields = ["parent"]
    BOX = ["min_lon", "min_lat", "max_lon", "max_lat"]

    def get_readonly_fields(self, request, obj=None):
        """Boundaries of the active generation are shown, not edited: new cases route by them.
        An inactive generation's are drawn and edited on the map."""
        if obj is not None and not editable(obj.generation):
            return ["boundary_map", "geometry", *self.BOX]
        return self.BOX

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "geometry" in form.base_fields:
            form.base_fields["geometry"].widget = BoundaryWidget(
                context_geometries=_surroundings(obj))
        return form

    @admin.display(description=_("map"))
    def boundary_map(self, region):
        return render_to_string("grids/region_map.html", {
            "geometry": region.geometry or {}, **site(None)})

    def save_model(self, request, obj, form, change):
        if "geometry" in form.changed_data:
            for field, value in boundary_update(obj.geometry).items():
                setattr(obj, field, value)
        super().save_model(request, obj, form, change)
        generation_touch(generation=obj.generation)


def _surroundings(region: Region | None) -> dict:
    """Outlines to draw beneath the one being edited: its parent and its siblings."""
    if region is None or region.parent_id is None:
        return {}
    around = Region.objects.filter(generation=region.generation_id, parent=region.parent_id,
                                   geometry__isnull=False).exclude(pk=region.pk)
    outlines = {code: geometry for code, geometry in around.values_list("code", "geometry")}
    if region.parent.geometry:
        outlines[region.parent.code] = region.parent.geometry
    return outlines
