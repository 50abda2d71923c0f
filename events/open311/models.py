import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(24)


class ApiClient(models.Model):
    """An application allowed to file service requests (POST requests needs its api_key)."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("API key"), max_length=64, unique=True, default=new_key)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API client")
        verbose_name_plural = _("Open311 API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceRequest(models.Model):
    """What an Open311 client sent beyond the case's own fields, and who sent it.

    The case itself is an ordinary case (source "api"); this row keeps the audit trail of the
    client, the answers to the service definition's attributes and the client's media URL.
    """

    case = models.OneToOneField(
        "events.Case", on_delete=models.CASCADE, related_name="open311", verbose_name=_("case")
    )
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="requests", verbose_name=_("client")
    )
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    # False when the client sent only address_string: the case then has no real point and
    # waits for manual dispatch (lat/long are left out of the answers).
    located = models.BooleanField(_("located"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 service request")
        verbose_name_plural = _("Open311 service requests")

    def __str__(self):
        return f"{self.case_id} ← {self.client_id}"
