from rest_framework import generics, permissions, serializers

from bench.bare.models import BareReport


class BareReportSerializer(serializers.ModelSerializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)

    class Meta:
        model = BareReport
        fields = ["id", "subcategory", "lat", "lon", "description", "address",
                  "contact_phone", "created_at"]


class BareReportCreate(generics.CreateAPIView):
    """The same JSON body as POST /api/v1/cases/, validated by a ModelSerializer and saved:
    the cost of Django, DRF and one INSERT, with the product's middleware and authentication."""

    permission_classes = [permissions.AllowAny]
    serializer_class = BareReportSerializer
