"""A patrol, the positions recorded while it was open, and the time it spent per grid (kept
when it ends, so that weekly coverage reads a few rows per patrol, not every position)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Patrol(models.Model):
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="patrols", verbose_name=_("grid worker"))
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        indexes = [models.Index(fields=["worker", "started_at"]),
                   models.Index(fields=["started_at"])]
        constraints = [
            # Starting twice (a double tap, a second tab) must find the patrol already open.
            models.UniqueConstraint(fields=["worker"], condition=Q(ended_at__isnull=True),
                                    name="one_open_patrol_per_worker"),
        ]

    def __str__(self):
        return f"{self.worker} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Position(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="positions",
                               verbose_name=_("patrol"))
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    accuracy = models.FloatField(_("accuracy (m)"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("patrol position")
        verbose_name_plural = _("patrol positions")
        ordering = ["recorded_at"]
        constraints = [
            # A batch sent again after a timeout adds nothing.
            models.UniqueConstraint(fields=["patrol", "recorded_at"],
                                    name="one_position_per_moment"),
        ]

    def __str__(self):
        return f"{self.lat:.6f},{self.lon:.6f} {self.recorded_at:%H:%M:%S}"


class GridTime(models.Model):
    """Seconds a closed patrol spent in one grid (docs/patrols.md: how they are counted)."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="grid_times")
    grid_code = models.CharField(_("grid code"), max_length=32)
    seconds = models.PositiveIntegerField(_("seconds"))

    class Meta:
        verbose_name = _("time in a grid")
        verbose_name_plural = _("time in grids")
        constraints = [models.UniqueConstraint(fields=["patrol", "grid_code"],
                                               name="one_time_per_patrol_grid")]

    def __str__(self):
        return f"{self.grid_code} {self.seconds} s"
