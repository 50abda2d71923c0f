from django.db import models


class BareReport(models.Model):
    """The fields of a citizen's report, stored as they come: one INSERT, nothing else.
    No migrations: `migrate --run-syncdb` creates the table in the benchmark's database."""

    subcategory = models.CharField(max_length=8)
    lat = models.FloatField()
    lon = models.FloatField()
    description = models.TextField()
    address = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.subcategory} at {self.lat}, {self.lon}"
