"""Campaigns, their form fields and tasks, the register's change history and read grants.

A task denormalises the grid, community and street codes of its target at creation, so that
progress is one GROUP BY on indexed columns of one table, whatever the size of the campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.crypto import EncryptedCharField
from events.models import Case
from org.models import Department
from places.models import Address, House, Unit
from taxonomy.models import Subcategory

# Register attributes a form field may read from and write back to (collect once): the
# attribute's path → its kind of value. Contacts are personal data: read grants name them.
REGISTER_ATTRIBUTES = {
    "house.is_rented": "yes_no",
    "house.registered_residents": "number",
    "house.floating_residents": "number",
    "unit.contact_name": "text",
    "unit.contact_phone": "text",
}
CONTACT_ATTRIBUTES = ("unit.contact_name", "unit.contact_phone")


class Campaign(models.Model):
    class Target(models.TextChoices):
        HOUSE = "house", _("every house")
        UNIT = "unit", _("every unit (of a kind)")
        GRID = "grid", _("every grid")

    name = models.CharField(_("name"), max_length=100)
    region_code = models.CharField(
        _("region"), max_length=32, blank=True,
        help_text=_("Code of the district, street, community or grid; empty: the whole area."))
    target = models.CharField(_("targets"), max_length=8, choices=Target.choices)
    unit_kind = models.CharField(
        _("unit kind"), max_length=32, blank=True,
        help_text=_("For units: only this kind (e.g. 小餐饮); empty: all."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The deadline of every task."))
    finding_subcategory = models.ForeignKey(
        Subcategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("subcategory of findings"),
        help_text=_("A finding that needs action is filed as a case of this subcategory."))
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns",
        verbose_name=_("department"), help_text=_("The body that runs the campaign."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.name


class FormField(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("yes / no")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("choice")
        TEXT = "text", _("text")
        PHOTO = "photo", _("photo")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="fields",
                                 verbose_name=_("campaign"))
    key = models.SlugField(_("key"), max_length=40,
                           help_text=_("Stable name of the answer, e.g. positive_containers."))
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)
    register_attribute = models.CharField(
        _("register attribute"), max_length=40, blank=True,
        choices=[(key, key) for key in REGISTER_ATTRIBUTES],
        help_text=_("Prefilled from and written back to the register (collect once)."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"],
                                               name="one_field_per_key")]

    def __str__(self):
        return f"{self.key} ({self.label})"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        DONE = "done", _("done")

    # Foreign keys without an index of their own where a composite index below starts with
    # them or nothing reads by them: every index costs on each of a campaign's 100,000 rows.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks",
                                 db_index=False)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="campaign_tasks",
                               verbose_name=_("grid worker"), db_index=False)
    grid_code = models.CharField(_("grid code"), max_length=32)
    community_code = models.CharField(_("community code"), max_length=32, blank=True)
    street_code = models.CharField(_("street code"), max_length=32, blank=True)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("address"))
    house = models.ForeignKey(House, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("house"), db_index=False)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("unit"), db_index=False)
    due_at = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    finding = models.BooleanField(_("finding that needs action"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("done by"), db_index=False)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("case filed"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["campaign", "street_code", "status"]),
            models.Index(fields=["campaign", "community_code", "status"]),
            models.Index(fields=["campaign", "grid_code", "status"]),
            models.Index(fields=["grid_code", "status", "due_at"]),
            models.Index(fields=["house", "done_at"]),
            models.Index(fields=["unit", "done_at"]),
            # The worker KPIs and the patrol log read a worker's results by time. Partial:
            # launching a campaign inserts only open tasks, which this index never holds.
            models.Index(fields=["done_by", "done_at"], name="task_done_by_worker",
                         condition=models.Q(done_by__isnull=False)),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.grid_code} #{self.pk}"


def task_photo_path(instance, filename):
    return f"tasks/{instance.task.campaign_id}/{instance.task_id}/{filename}"


class TaskPhoto(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="photos")
    key = models.SlugField(_("key"), max_length=40)
    image = models.ImageField(_("photo"), upload_to=task_photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task photo")
        verbose_name_plural = _("task photos")

    def __str__(self):
        return f"{self.key}: {self.image.name}"


class RegisterChange(models.Model):
    """Who changed which register attribute when, and from what to what (collect once).
    Values are kept encrypted: a contact's history is as personal as the contact."""

    attribute = models.CharField(_("attribute"), max_length=40)
    house = models.ForeignKey(House, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("house"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("unit"))
    grid_code = models.CharField(_("grid code"), max_length=32, db_index=True)
    old_value = EncryptedCharField(_("old value"), blank=True)
    new_value = EncryptedCharField(_("new value"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), db_index=True)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="changes", verbose_name=_("task"))

    class Meta:
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.attribute} @ {self.changed_at:%Y-%m-%d %H:%M}"


class ReadGrant(models.Model):
    """A department's right to read the register through the API (with its staff's tokens)
    and its CSV export: the records in one region, contacts only when granted."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE,
                                   related_name="register_grants",
                                   verbose_name=_("department"))
    region_code = models.CharField(_("region"), max_length=32, blank=True,
                                   help_text=_("Code of the region readable; empty: all."))
    contacts = models.BooleanField(_("contacts"), default=False,
                                   help_text=_("May read units' contacts (personal data)."))

    class Meta:
        verbose_name = _("register read grant")
        verbose_name_plural = _("register read grants")

    def __str__(self):
        return f"{self.department} → {self.region_code or '*'}"
