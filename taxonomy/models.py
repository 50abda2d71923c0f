"""The catalogue of reportable problems: categories, subcategories and their time limits.

The tables keep their original names (events_*): the models moved here from the events app
without touching a row (migrations/0001_initial.py)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")
    EMERGENCY = "emergency", _("emergency")


class Stage(models.TextChoices):
    ACCEPT = "accept", _("accept")
    DISPATCH = "dispatch", _("dispatch")
    HANDLE = "handle", _("handle")
    VERIFY = "verify", _("verify")


class BilingualName(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Category(BilingualName):
    code = models.CharField(_("code"), max_length=8, unique=True)

    class Meta:
        db_table = "events_category"
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]


class Subcategory(BilingualName):
    code = models.CharField(_("code"), max_length=8, unique=True)
    national_code = models.CharField(
        _("national code"), max_length=16, blank=True, default="", db_default="",
        help_text=_("The code of the national catalogue (GB/T 47678.5-2026, else GB/T "
                    "30428.2) where a public source gives one; empty otherwise."))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="subcategories",
        verbose_name=_("category"),
    )
    description = models.CharField(_("plain-language description"), max_length=200)
    description_en = models.CharField(_("plain-language description in English"),
                                      max_length=200, blank=True, default="", db_default="")
    keywords = models.JSONField(_("synonyms"), default=list, blank=True)
    default_urgency = models.CharField(
        _("default urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    photo_required = models.BooleanField(_("photo required to resolve"), default=False)
    is_public = models.BooleanField(
        _("public"), default=True, db_default=True,
        help_text=_("Cases of a non-public subcategory (tip-offs, public security, disputes, "
                    "health, special populations, private homes) appear on no public page, "
                    "list, map or count; only their reporter's tracking page shows them."))
    filing_standard = models.TextField(_("filing standard (立案标准)"))
    closing_standard = models.TextField(_("closing standard (结案标准)"))

    class Meta:
        db_table = "events_subcategory"
        verbose_name = _("subcategory")
        verbose_name_plural = _("subcategories")
        ordering = ["code"]

    @property
    def localized_description(self) -> str:
        """The description in the reader's language (the Chinese one where no English is
        written yet)."""
        english = (get_language() or "").startswith("en") and self.description_en
        return english or self.description


class TimeLimit(models.Model):
    class Unit(models.TextChoices):
        CALENDAR_HOURS = "h", _("calendar hours")
        WORKING_HOURS = "wh", _("working hours")
        WORKING_DAYS = "wd", _("working days")

    subcategory = models.ForeignKey(
        Subcategory, on_delete=models.CASCADE, related_name="time_limits",
        verbose_name=_("subcategory"),
    )
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    amount = models.DecimalField(_("amount"), max_digits=6, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=2, choices=Unit.choices)

    class Meta:
        db_table = "events_timelimit"
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(
                fields=["subcategory", "urgency", "stage"], name="one_limit_per_stage"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="limit_is_positive"),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.amount} {self.get_unit_display()}"
