from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import EvidenceAdmin
from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField, ReadGrant, RegisterChange, Task


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 1
    fields = ["order", "key", "label", "kind", "choices", "required", "register_attribute"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "region_code", "target", "starts_on", "ends_on", "department",
                    "launched_at"]
    list_filter = ["target", "department"]
    search_fields = ["name", "region_code"]
    readonly_fields = ["created_by", "created_at", "launched_at"]
    inlines = [FormFieldInline]
    actions = ["launch"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Launch: create the tasks of the selected campaigns"))
    def launch(self, request, queryset):
        for campaign in queryset:
            created = campaign_launch(campaign=campaign)
            if created or campaign.launched_at is None:
                self.message_user(request, ngettext(
                    "%(campaign)s: %(count)d task created.",
                    "%(campaign)s: %(count)d tasks created.", created) % {
                    "campaign": campaign, "count": created})
            else:
                self.message_user(request, _("%(campaign)s was launched before.")
                                  % {"campaign": campaign}, messages.WARNING)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["id", "campaign", "grid_code", "worker", "status", "due_at", "done_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["grid_code", "community_code", "street_code"]
    raw_id_fields = ["worker", "address", "house", "unit", "done_by", "case"]
    list_select_related = ["campaign", "worker"]


@admin.register(RegisterChange)
class RegisterChangeAdmin(EvidenceAdmin):
    """The register's history is evidence: read here, never edited."""

    list_display = ["changed_at", "attribute", "grid_code", "changed_by"]
    list_filter = ["attribute"]
    search_fields = ["grid_code"]
    date_hierarchy = "changed_at"


@admin.register(ReadGrant)
class ReadGrantAdmin(admin.ModelAdmin):
    list_display = ["department", "region_code", "contacts"]
    list_filter = ["contacts"]
