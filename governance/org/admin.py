from django.contrib import admin
from django.db import transaction

from governance.org.models import Department, DutyRule, GridAssignment, StaffProfile


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region_code", "email", "works_around_the_clock"]
    list_filter = ["kind", "works_around_the_clock"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "works_around_the_clock" in form.changed_data:
            from events.tasks import recalculate_deadlines

            pk = obj.pk
            transaction.on_commit(lambda: recalculate_deadlines.delay(department_id=pk))


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
