"""Admin pieces shared by the apps."""

from django.contrib import admin


class EvidenceAdmin(admin.ModelAdmin):
    """A trail kept as evidence (contact accesses, the register's history): read and searched
    in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
