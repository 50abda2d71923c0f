from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import CalendarDay, Case, CasePhoto, CaseStep, Notification, StageRecord
from events.notify.outbox import enqueue
from events.privacy.services import cases_anonymise, contact_access_record
from events.sla.calendar import years_without_adjusted_days
from events.sla.tasks import recalculate_deadlines
from events.workflow.selectors import role_of
from org import admin as org_admin
from org.models import Department
from taxonomy.models import Subcategory


class SubcategoryAdmin(org_admin.SubcategoryAdmin):
    """Time limits may change here: the running clocks of the subcategory move with them."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pk = form.instance.pk
        transaction.on_commit(lambda: recalculate_deadlines.delay(subcategory_id=pk))


class DepartmentAdmin(org_admin.DepartmentAdmin):
    """A department that starts or stops working 24/7 counts its running clocks anew."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "works_around_the_clock" in form.changed_data:
            pk = obj.pk
            transaction.on_commit(lambda: recalculate_deadlines.delay(department_id=pk))


for model, model_admin in ((Subcategory, SubcategoryAdmin), (Department, DepartmentAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Holidays and adjusted working days announced by the State Council, for years the
    holiday library does not know yet."""

    list_display = ["day", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "day"

    def changelist_view(self, request, extra_context=None):
        year = timezone.localdate().year
        for missing in years_without_adjusted_days([year, year + 1]):
            self.message_user(request, _(
                "No adjusted working days (调休) are known for %(year)s: deadlines that year "
                "count only weekends and fixed holidays. Enter the announced days here.")
                % {"year": missing}, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(recalculate_deadlines.delay)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(recalculate_deadlines.delay)


@admin.register(StageRecord)
class StageRecordAdmin(admin.ModelAdmin):
    list_display = ["case", "stage", "department", "started_at", "due_at", "ended_at", "met"]
    list_filter = ["stage", "met"]
    raw_id_fields = ["case"]
    search_fields = ["case__tracking_number"]


class CaseStepInline(admin.TabularInline):
    """The log is append-only: shown, never edited here."""

    model = CaseStep
    fields = ["created_at", "action", "actor", "role", "from_status", "to_status",
              "from_department", "to_department", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CasePhotoInline(admin.TabularInline):
    model = CasePhoto
    fields = ["image", "step"]
    readonly_fields = ["step"]
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["tracking_number", "subcategory", "status", "department", "grid",
                    "urgency", "supervision", "due_at", "created_at"]
    list_filter = ["status", "source", "urgency", "supervision", "subcategory__category"]
    search_fields = ["tracking_number", "description", "address"]
    list_select_related = ["subcategory", "department", "grid"]
    date_hierarchy = "created_at"
    raw_id_fields = ["grid", "assignee", "reporter", "duplicate_of"]
    # Workflow state changes only through the services, so that the log replays to it.
    readonly_fields = ["tracking_number", "status", "department", "grid", "stage",
                       "stage_started_at", "due_at", "supervision", "created_at", "updated_at"]
    inlines = [CaseStepInline, CasePhotoInline]
    actions = ["anonymise"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a case with a phone number is logged as a contact access.
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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: dead letters are visible here and can be sent again."""

    list_display = ["created_at", "channel", "recipient", "subject", "state", "attempts",
                    "next_attempt_at", "last_error"]
    list_filter = ["state", "channel"]
    search_fields = ["recipient", "subject", "case__tracking_number"]
    raw_id_fields = ["case"]
    # A reporter's phone or email stays encrypted and out of sight: `recipient` has its mask.
    exclude = ["private_recipient"]
    readonly_fields = ["attempts", "last_error", "sent_at", "created_at"]
    actions = ["retry"]

    @admin.action(description=_("Send the selected notifications again"))
    def retry(self, request, queryset):
        ids = list(queryset.exclude(state=Notification.State.SENT).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            state=Notification.State.PENDING, attempts=0, next_attempt_at=timezone.now())
        for pk in ids:
            transaction.on_commit(lambda pk=pk: enqueue(pk))
        self.message_user(request, _("%(count)d notifications queued again.") % {"count": len(ids)})
