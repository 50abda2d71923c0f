"""The standard base data of 四标四实: standard addresses (标准地址), standard buildings
(标准建筑物), actual houses (实有房屋) and actual units (实有单位).

Houses carry counts of residents, never names: the platform keeps counts, not a population
register. A unit's contact is encrypted at rest like reporters' phones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.crypto import EncryptedCharField
from places.text import compose


class Address(models.Model):
    code = models.CharField(_("address code"), max_length=40, unique=True)
    street = models.CharField(_("street / town"), max_length=50, blank=True)
    community = models.CharField(_("community / village"), max_length=50, blank=True)
    road = models.CharField(_("road or lane"), max_length=50, blank=True)
    number = models.CharField(_("house number"), max_length=20, blank=True)
    estate = models.CharField(_("estate"), max_length=50, blank=True)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    # Derived by the grid index, refreshed when a new grid generation is activated.
    grid_code = models.CharField(_("grid code"), max_length=32, blank=True, db_index=True)
    # The normalised text that search matches (places.text.normalise of the full address).
    search = models.CharField(_("search text"), max_length=300, editable=False)

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        ordering = ["code"]
        indexes = [models.Index(fields=["lat", "lon"])]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return compose(self.street, self.community, self.road, self.number, self.estate,
                       self.building, self.unit, self.room)


class Building(models.Model):
    code = models.CharField(_("building code"), max_length=40, unique=True)
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="buildings",
                                verbose_name=_("address"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    footprint = models.JSONField(_("footprint (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("standard building")
        verbose_name_plural = _("standard buildings")

    def __str__(self):
        return f"{self.code} {self.name}"


class House(models.Model):
    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("residential")
        COMMERCIAL = "commercial", _("commercial")
        MIXED = "mixed", _("residential and commercial")
        OTHER = "other", _("other")

    address = models.OneToOneField(Address, on_delete=models.CASCADE, related_name="house",
                                   verbose_name=_("address"))
    use = models.CharField(_("use"), max_length=16, choices=Use.choices,
                           default=Use.RESIDENTIAL)
    is_rented = models.BooleanField(_("rented (出租屋)"), default=False)
    registered_residents = models.PositiveSmallIntegerField(_("registered residents"), default=0)
    floating_residents = models.PositiveSmallIntegerField(_("floating residents"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")

    def __str__(self):
        return str(self.address)


class Unit(models.Model):
    """A shop, enterprise, school … at an address (实有单位)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, help_text=_("e.g. 九小场所, 企业, 学校"))
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="units",
                                verbose_name=_("address"))
    contact_name = EncryptedCharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class GridTally(models.Model):
    """The register counted per grid of the active generation, and the grid's area: what the
    per-grid pages and the per-capita statistics read. Recomputed whole by
    places.services.refresh_grid_tallies (GROUP BY grid), never edited by hand."""

    grid_code = models.CharField(_("grid code"), max_length=32, unique=True)
    addresses = models.PositiveIntegerField(_("addresses"), default=0)
    houses = models.PositiveIntegerField(_("houses"), default=0)
    rented_houses = models.PositiveIntegerField(_("rented houses"), default=0)
    units = models.PositiveIntegerField(_("units"), default=0)
    registered_residents = models.PositiveIntegerField(_("registered residents"), default=0)
    floating_residents = models.PositiveIntegerField(_("floating residents"), default=0)
    area_km2 = models.FloatField(_("area (km²)"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("grid tally")
        verbose_name_plural = _("grid tallies")
        ordering = ["grid_code"]

    def __str__(self):
        return f"{self.grid_code}: {self.addresses} addresses"

    @property
    def residents(self) -> int:
        return self.registered_residents + self.floating_residents
