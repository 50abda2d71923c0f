from django.contrib import admin

from events.privacy.models import ContactAccess


@admin.register(ContactAccess)
class ContactAccessAdmin(admin.ModelAdmin):
    """The access trail is evidence: it can be read and searched here, never edited."""

    list_display = ["accessed_at", "username", "tracking_number", "where"]
    list_filter = ["where"]
    search_fields = ["username", "tracking_number"]
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
