from django.contrib import admin

from common.admin import EvidenceAdmin
from events.privacy.models import ContactAccess


@admin.register(ContactAccess)
class ContactAccessAdmin(EvidenceAdmin):
    """The access trail is evidence: it can be read and searched here, never edited."""

    list_display = ["accessed_at", "username", "tracking_number", "where"]
    list_filter = ["where"]
    search_fields = ["username", "tracking_number"]
    date_hierarchy = "accessed_at"
