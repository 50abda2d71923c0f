from django.contrib import admin

from events.open311.models import ApiClient, ServiceRequest


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "created"]
    list_filter = ["active"]
    search_fields = ["name"]
    readonly_fields = ["created"]
    fields = ["name", "key", "active", "created"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["case", "client", "account_id", "located", "created_at"]
    list_filter = ["client", "located"]
    search_fields = ["case__tracking_number", "account_id"]
    list_select_related = ["case", "client"]
    raw_id_fields = ["case"]
    readonly_fields = ["case", "client", "account_id", "device_id", "attributes", "media_url",
                       "located", "created_at"]

    def has_add_permission(self, request):
        return False  # rows are written by POST requests only
