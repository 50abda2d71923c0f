from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    CalendarDay,
    Case,
    CasePhoto,
    CaseStep,
    Category,
    Notification,
    StageRecord,
    Subcategory,
    TimeLimit,
)
from events.outbox import enqueue
from events.sla import years_without_adjusted_days
from events.tasks import recalculate_deadlines


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    fields = ["code", "name_zh", "name_en", "default_department", "default_urgency"]
    extra = 0
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]
    inlines = [SubcategoryInline]


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0


@admin.register(Subcategory)
class SubcategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "category", "default_department",
                    "default_urgency", "photo_required"]
    list_filter = ["category", "default_urgency", "default_department"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["category", "default_department"]
    inlines = [TimeLimitInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Time limits may have changed: move the running clocks of this subcategory.
        pk = form.instance.pk
        transaction.on_commit(lambda: recalculate_deadlines.delay(subcategory_id=pk))


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: dead letters are visible here and can be sent again."""

    list_display = ["created_at", "channel", "recipient", "subject", "state", "attempts",
                    "next_attempt_at", "last_error"]
    list_filter = ["state", "channel"]
    search_fields = ["recipient", "subject", "case__tracking_number"]
    raw_id_fields = ["case"]
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
