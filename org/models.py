from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Region

Level = Region.Level  # the levels of handling are the levels of the region tree


class Department(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", _("district bureau")
        STREET = "street", _("street office")
        COMMUNITY = "community", _("community")
        UTILITY = "utility", _("utility company")
        COMMAND = "command", _("command centre")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region_code = models.CharField(
        _("region served"), max_length=32, blank=True,
        help_text=_("For street offices and communities: the code of the region they serve."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    sms_phone = models.CharField(
        _("SMS number"), max_length=32, blank=True,
        help_text=_("Mobile number that receives SMS alerts (escalations, urgent cases)."),
    )
    webhook_url = models.URLField(_("webhook URL"), blank=True)
    webhook_secret = models.CharField(
        _("webhook secret"), max_length=128, blank=True,
        help_text=_("Key for the HMAC-SHA256 signature in the X-Signature header."),
    )
    works_around_the_clock = models.BooleanField(
        _("works 24/7"), default=False,
        help_text=_("Utilities and emergency services: time limits count calendar hours."),
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.DISTRICT,
        db_default=Level.DISTRICT,
    )
    function = models.CharField(
        _("function"), max_length=32, blank=True, default="", db_default="",
        help_text=_("For street-level bodies: what they do (司法所, 爱卫办, 城管中队). Duty lists "
                    "name them as 属地街道:<function>."),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("supervising body"),
        help_text=_("Who an overdue case of this department escalates to first."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("grid worker")
    HANDLER = "handler", _("department handler")
    DISPATCHER = "dispatcher", _("dispatcher")
    SHIFT_LEADER = "shift_leader", _("shift leader")
    ADMIN = "admin", _("administrator")
    OPERATOR = "operator", _("hotline operator")


# Role sets, each defined here only: the command centre's dispatching staff, and everyone who
# may watch the command centre (its map, statistics and exports).
DISPATCHING = (Role.DISPATCHER, Role.SHIFT_LEADER)
COMMAND_STAFF = (*DISPATCHING, Role.ADMIN)
# Who checks a resolved case on site (核查) and closes it or sends it back.
VERIFYING = (Role.GRID_WORKER, Role.SHIFT_LEADER)


class StaffProfile(models.Model):
    """Who a staff user is in the workflow. Citizens need no account and have no profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="staff",
        verbose_name=_("department"),
    )
    scope_code = models.CharField(
        _("scope"), max_length=32, blank=True,
        help_text=_("Region code of the subtree a command-centre user sees; empty sees all."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class GridAssignment(models.Model):
    """A grid worker's grid, by code so that it survives a new grid generation."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grid_assignments",
        verbose_name=_("grid worker"),
    )
    grid_code = models.CharField(_("grid code"), max_length=32, db_index=True)

    class Meta:
        verbose_name = _("grid assignment")
        verbose_name_plural = _("grid assignments")
        constraints = [
            models.UniqueConstraint(fields=["worker", "grid_code"], name="one_assignment_per_grid")
        ]

    def __str__(self):
        return f"{self.grid_code} → {self.worker}"


class DefaultOwner(models.Model):
    """The department a subcategory goes to where no duty-list matter applies (the catalogue's
    default). Kept here, not on the subcategory, because the taxonomy sits below org."""

    subcategory = models.OneToOneField(
        "taxonomy.Subcategory", primary_key=True, on_delete=models.CASCADE,
        related_name="default_owner", verbose_name=_("subcategory"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="default_for",
        verbose_name=_("default department"),
    )

    class Meta:
        verbose_name = _("default department")
        verbose_name_plural = _("default departments")

    def __str__(self):
        return f"{self.subcategory} → {self.department}"


class DutyList(models.Model):
    """A version of the 权责清单. Imported inactive, checked, then activated: one list is active
    at a time, and every process routes by the new one at its next reference check."""

    name = models.CharField(_("name"), max_length=100)
    region_code = models.CharField(_("region code"), max_length=32, blank=True,
                                   help_text=_("The region the whole list applies to."))
    is_active = models.BooleanField(_("active"), default=False)
    source = models.CharField(_("source file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("duty list")
        verbose_name_plural = _("duty lists")
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_duty_list")]

    def __str__(self):
        return self.name


class Matter(models.Model):
    """One 权责事项 of a duty list: who handles this kind of problem, at which level, on what
    legal basis and within what time, in a region and over a period.

    Owners are department codes or 属地 references resolved from the case's region path:
    属地街道, 属地村居, 属地街道:<function> (org.routing.resolve_owner)."""

    class Unit(models.TextChoices):
        CALENDAR_HOURS = "h", _("calendar hours")
        WORKING_HOURS = "wh", _("working hours")
        WORKING_DAYS = "wd", _("working days")

    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="matters",
                                  verbose_name=_("duty list"))
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    subcategory = models.ForeignKey(
        "taxonomy.Subcategory", on_delete=models.PROTECT, related_name="matters",
        verbose_name=_("subcategory"),
    )
    level = models.CharField(_("handling level"), max_length=16, choices=Level.choices)
    lead = models.CharField(_("lead (主办)"), max_length=64)
    assisting = models.JSONField(_("assisting (协办)"), default=list, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    time_limit = models.DecimalField(_("time limit"), max_digits=7, decimal_places=2,
                                     null=True, blank=True)
    time_unit = models.CharField(_("time unit"), max_length=2, choices=Unit.choices,
                                 blank=True)
    response_hours = models.DecimalField(_("on-site within (hours)"), max_digits=6,
                                         decimal_places=2, null=True, blank=True)
    region_code = models.CharField(_("applies in region"), max_length=32, blank=True,
                                   help_text=_("Empty: the whole list's region."))
    is_default = models.BooleanField(_("default"), default=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["duty_list", "code", "region_code"],
                                               name="one_matter_per_code_and_region")]
        indexes = [models.Index(fields=["duty_list", "subcategory"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def in_force(self, day) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)


class ComponentKind(models.Model):
    """A kind of city component (部件): 污水井盖, 路灯, 消防栓 … and the subcategories whose
    reports it can decide."""

    name = models.CharField(_("name"), max_length=32, unique=True)
    subcategories = models.ManyToManyField("taxonomy.Subcategory", blank=True,
                                           related_name="component_kinds",
                                           verbose_name=_("subcategories"))

    class Meta:
        verbose_name = _("component kind")
        verbose_name_plural = _("component kinds")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Component(models.Model):
    """A registered component with its owner: a report of a matching kind near it goes to the
    owner, whatever the matter says."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.ForeignKey(ComponentKind, on_delete=models.PROTECT, related_name="components",
                             verbose_name=_("kind"))
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    owner = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="components",
                              verbose_name=_("owner"))

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.kind}"
