from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import CaseAdmin
from events.models import Case
from events.privacy import cases_anonymise, contact_access_record
from events.selectors import role_of
from governance.audit.models import ContactAccess


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


class PrivacyCaseAdmin(CaseAdmin):
    """The events app's case admin, plus what privacy asks of it: opening a case with a phone
    number is logged as a contact access, and finished cases can be anonymised by hand."""

    actions = [*(CaseAdmin.actions or ()), "anonymise"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        if request.method == "GET" and case is not None \
                and self.has_view_or_change_permission(request, case):
            contact_access_record(user=request.user, case=case, where="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Anonymise the selected cases finished before the retention "
                                "period"), permissions=["change"])
    def anonymise(self, request, queryset):
        done = cases_anonymise(older_than_days=settings.RETENTION_DAYS, among=queryset,
                               actor=request.user, role=role_of(request.user))
        skipped = queryset.count() - len(done)
        self.message_user(request, ngettext(
            "%(count)d case anonymised.", "%(count)d cases anonymised.", len(done))
            % {"count": len(done)}, messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d case skipped: not finished %(days)d days ago, or already anonymised.",
                "%(count)d cases skipped: not finished %(days)d days ago, or already "
                "anonymised.", skipped) % {"count": skipped, "days": settings.RETENTION_DAYS},
                messages.WARNING)


admin.site.unregister(Case)
admin.site.register(Case, PrivacyCaseAdmin)
