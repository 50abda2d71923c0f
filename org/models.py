from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
    """The department a subcategory goes to where no duty rule names one (the catalogue's
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


class DutyRule(models.Model):
    """One entry of the 权责清单: (sub)category × region → responsible department.

    Regions are named by code so a rule survives a new grid generation. Routing takes the rule
    on the nearest region going up from the case's grid; on one region a subcategory rule beats
    a category rule, then higher priority wins.
    """

    category = models.ForeignKey(
        "taxonomy.Category", null=True, blank=True, on_delete=models.CASCADE,
        related_name="duty_rules", verbose_name=_("category"),
    )
    subcategory = models.ForeignKey(
        "taxonomy.Subcategory", null=True, blank=True, on_delete=models.CASCADE,
        related_name="duty_rules", verbose_name=_("subcategory"),
    )
    region_code = models.CharField(_("region code"), max_length=32, db_index=True)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="duty_rules",
        verbose_name=_("department"),
    )
    priority = models.IntegerField(_("priority"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty rule")
        verbose_name_plural = _("duty rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True, subcategory__isnull=False)
                | Q(category__isnull=False, subcategory__isnull=True),
                name="duty_rule_names_category_or_subcategory",
            )
        ]

    def __str__(self):
        target = self.subcategory or self.category
        return f"{target} @ {self.region_code} → {self.department}"
