import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from events.models import Case, Category, Subcategory
from events.photos import validate_photo

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


class PhotoField(serializers.FileField):
    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            validate_photo(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return upload


class CaseReportSerializer(serializers.Serializer):
    subcategory = serializers.SlugRelatedField(
        slug_field="code", queryset=Subcategory.objects.all(),
        help_text=_("Subcategory code, e.g. 01001."),
    )
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text=_("WGS84 latitude"))
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text=_("WGS84 longitude"))
    description = serializers.CharField(max_length=2000)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="",
        help_text=_("Mainland mobile or landline number, for updates."),
    )
    photos = serializers.ListField(
        child=PhotoField(), required=False, default=list, max_length=settings.PHOTO_MAX_COUNT
    )

    def validate_contact_phone(self, value):
        value = value.replace(" ", "")
        if value and not PHONE.match(value):
            raise serializers.ValidationError(_("Enter a valid phone number."))
        return value


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CaseReceiptSerializer(serializers.ModelSerializer):
    """What the reporter gets back: where the case went and by when the next step is due."""

    grid_code = serializers.CharField(source="grid.code", default=None, allow_null=True)
    department = DepartmentRefSerializer(allow_null=True)
    subcategory = serializers.CharField(source="subcategory.code")
    manual_dispatch = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["tracking_number", "status", "subcategory", "grid_code", "department",
                  "due_at", "manual_dispatch", "message"]

    def get_manual_dispatch(self, case) -> bool:
        return case.department_id is None

    def get_message(self, case) -> str:
        if case.grid_id is None:
            return str(_("The location is outside every grid; the command centre will "
                          "dispatch your report by hand."))
        if case.department_id is None:
            return str(_("No department is responsible by default; the command centre will "
                          "dispatch your report by hand."))
        return str(_("Your report has been received."))


class SubcategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    default_department = serializers.CharField(
        source="default_department.code", default=None, allow_null=True
    )

    class Meta:
        model = Subcategory
        fields = ["code", "name", "name_zh", "name_en", "description", "keywords",
                  "default_department", "default_urgency", "photo_required",
                  "filing_standard", "closing_standard"]


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    subcategories = SubcategorySerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name", "name_zh", "name_en", "subcategories"]
