from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactAccess(models.Model):
    """One showing of a reporter's full phone number to a member of staff. Rows are written
    by events.privacy.services.contact_access_record and never changed; they keep the user's
    name and the tracking number, so the trail outlives a deleted account or case."""

    class Where(models.TextChoices):
        API = "api", _("API")
        PAGE = "page", _("case page")
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150)
    case = models.ForeignKey("events.Case", null=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("case"))
    tracking_number = models.CharField(_("tracking number"), max_length=20, db_index=True)
    where = models.CharField(_("where"), max_length=8, choices=Where.choices)
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("contact access")
        verbose_name_plural = _("contact accesses")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["case", "accessed_at"])]

    def __str__(self):
        return f"{self.username} → {self.tracking_number} ({self.where}, {self.accessed_at:%F %T})"
