from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """A boundary set. New sets are imported inactive, checked, then activated (as in MapIt).

    Cases keep the grid they were filed in, so old generations stay in the database.
    """

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    # Bumped whenever the active boundary set changes, so every process rebuilds its index.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("grid generation")
        verbose_name_plural = _("grid generations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True),
                name="one_active_generation",
            )
        ]

    def __str__(self):
        return f"{self.name}{' ✓' if self.is_active else ''}"


class Region(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "district", _("district")
        STREET = "street", _("street / town")
        COMMUNITY = "community", _("community / village")
        GRID = "grid", _("grid")

    generation = models.ForeignKey(
        Generation, on_delete=models.PROTECT, related_name="regions", verbose_name=_("generation")
    )
    code = models.CharField(_("code"), max_length=32, help_text=_("15 digits for a grid"))
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent"),
    )
    # GeoJSON geometry in WGS84 (works on SQLite and PostgreSQL alike) and its bounding box.
    geometry = models.JSONField(_("boundary"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "code"], name="region_code_per_generation"
            )
        ]
        indexes = [models.Index(fields=["generation", "level"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def path(self) -> list["Region"]:
        """This region and its ancestors, nearest first."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain
