from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from org.models import DefaultOwner, Department, DutyRule, GridAssignment, StaffProfile
from taxonomy import admin as taxonomy_admin
from taxonomy.models import Subcategory


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region_code", "email", "works_around_the_clock"]
    list_filter = ["kind", "works_around_the_clock"]
    search_fields = ["code", "name"]


@admin.register(DutyRule)
class DutyRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region_code", "department", "priority", "is_active"]
    list_filter = ["is_active", "department", "category"]
    search_fields = ["region_code", "subcategory__name_zh", "category__name_zh", "note"]
    autocomplete_fields = ["category", "subcategory", "department"]
    list_select_related = ["category", "subcategory", "department"]


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
