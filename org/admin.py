from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from org.models import (
    Component,
    ComponentKind,
    DefaultOwner,
    Department,
    DutyList,
    GridAssignment,
    Matter,
    StaffProfile,
)
from taxonomy import admin as taxonomy_admin
from taxonomy.models import Subcategory


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "region_code", "function", "parent",
                    "works_around_the_clock"]
    list_filter = ["kind", "level", "function", "works_around_the_clock"]
    search_fields = ["code", "name", "region_code"]
    autocomplete_fields = ["parent"]


class MatterInline(admin.TabularInline):
    model = Matter
    fields = ["code", "name", "subcategory", "level", "lead", "assisting", "region_code",
              "is_default", "time_limit", "time_unit"]
    autocomplete_fields = ["subcategory"]
    extra = 0
    show_change_link = True


@admin.register(DutyList)
class DutyListAdmin(admin.ModelAdmin):
    """Lists are imported with manage.py import_duties and activated there or here."""

    list_display = ["name", "region_code", "is_active", "imported_at", "activated_at"]
    readonly_fields = ["is_active", "imported_at", "activated_at"]
    actions = ["activate"]

    @admin.action(description=_("Activate the selected list"))
    def activate(self, request, queryset):
        from org.routing import activate

        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one list."), level="error")
            return
        activate(queryset.get())
        self.message_user(request, _("Activated; every process routes by it within seconds."))


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "subcategory", "level", "lead", "region_code", "is_default",
                    "duty_list"]
    list_filter = ["duty_list", "level", "is_default"]
    search_fields = ["code", "name", "lead", "subcategory__name_zh", "region_code"]
    autocomplete_fields = ["subcategory"]
    list_select_related = ["subcategory", "duty_list"]


@admin.register(ComponentKind)
class ComponentKindAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["subcategories"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "owner", "lat", "lon"]
    list_filter = ["kind"]
    search_fields = ["code", "owner__name"]
    autocomplete_fields = ["owner"]
    list_select_related = ["kind", "owner"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "scope_code"]
    list_filter = ["role"]
    search_fields = ["user__username", "scope_code"]
    autocomplete_fields = ["department"]
    raw_id_fields = ["user"]


@admin.register(GridAssignment)
class GridAssignmentAdmin(admin.ModelAdmin):
    list_display = ["grid_code", "worker"]
    search_fields = ["grid_code", "worker__username"]
    raw_id_fields = ["worker"]


@admin.register(DefaultOwner)
class DefaultOwnerAdmin(admin.ModelAdmin):
    """Every subcategory's default department on one page."""

    list_display = ["subcategory", "department"]
    list_filter = ["department"]
    search_fields = ["subcategory__code", "subcategory__name_zh", "department__name"]
    autocomplete_fields = ["department"]
    list_select_related = ["subcategory", "department"]


class DefaultOwnerInline(admin.StackedInline):
    model = DefaultOwner
    autocomplete_fields = ["department"]


class SubcategoryAdmin(taxonomy_admin.SubcategoryAdmin):
    """The taxonomy's subcategory admin with the default department beside it."""

    list_display = [*taxonomy_admin.SubcategoryAdmin.list_display, "default_department"]
    list_filter = [*taxonomy_admin.SubcategoryAdmin.list_filter, "default_owner__department"]
    list_select_related = ["category", "default_owner__department"]
    inlines = [DefaultOwnerInline, *taxonomy_admin.SubcategoryAdmin.inlines]

    @admin.display(description=_("default department"), ordering="default_owner__department")
    def default_department(self, obj):
        owner = getattr(obj, "default_owner", None)
        return owner.department if owner else None


admin.site.unregister(Subcategory)
admin.site.register(Subcategory, SubcategoryAdmin)
