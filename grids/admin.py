from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from common.context_processors import site
from grids.models import Generation, Region
from grids.services import generation_activate, generation_touch


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


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "generation"]
    list_filter = ["level", "generation"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "generation"]
    raw_id_fields = ["parent"]
    readonly_fields = ["boundary_map", "min_lon", "min_lat", "max_lon", "max_lat"]

    @admin.display(description=_("map"))
    def boundary_map(self, region):
        return render_to_string("grids/region_map.html", {
            "geometry": region.geometry or {}, **site(None)})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        generation_touch(generation=obj.generation)
