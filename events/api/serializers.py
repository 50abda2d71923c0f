
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.photos import validate_photo
from common.security import dialable_phone
from events.intake.services import receipt_message
from events.models import Case, CaseStep, RequestType
from events.privacy.services import contact_access_record
from events.workflow.selectors import can_see_phone, masked_phone
from events.workflow.services import allowed_actions
from places.models import Address
from taxonomy.loader import subcategory_by_code
from taxonomy.models import Category, Subcategory


class PhotoField(serializers.FileField):
    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            validate_photo(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return upload


class NumberField(serializers.FloatField):
    """DRF's FloatField without float(True) == 1.0: a client that sends `"lat": true` has a
    bug to hear about, not a case on the equator or 1° east of Greenwich."""

    default_error_messages = {"boolean": _("A number is required, not true or false.")}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("boolean")
        return super().to_internal_value(data)


class SubcategoryField(serializers.SlugRelatedField):
    """A subcategory by code, read from the process's copy of the taxonomy."""

    def to_internal_value(self, data):
        subcategory = subcategory_by_code(data) if isinstance(data, str) else None
        if subcategory is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data))
        return subcategory


class CaseReportSerializer(serializers.Serializer):
    subcategory = SubcategoryField(
        slug_field="code", queryset=Subcategory.objects.all(),
        help_text=_("Subcategory code, e.g. 01001."),
    )
    lat = NumberField(min_value=-90, max_value=90, required=False,
                      help_text=_("WGS84 latitude; without lat and lon, the report is placed "
                                  "by address_code or address."))
    lon = NumberField(min_value=-180, max_value=180, required=False,
                      help_text=_("WGS84 longitude"))
    description = serializers.CharField(max_length=2000)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text=_("A standard address code (地址编码) of the address register."))
    contact_phone = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="",
        help_text=_("Mainland mobile or landline number, for updates."),
    )
    photos = serializers.ListField(
        child=PhotoField(), required=False, default=list, max_length=settings.PHOTO_MAX_COUNT
    )
    request_type = serializers.ChoiceField(
        choices=RequestType.choices, required=False, default=RequestType.COMPLAINT,
        help_text=_("What the reporter asks for; a tip-off (tip_off) is never public."))

    def validate_contact_phone(self, value):
        phone = dialable_phone(value)
        if phone is None:
            raise serializers.ValidationError(_("Enter a valid phone number."))
        return phone

    def validate_address_code(self, value):
        value = value.strip()
        if value and not Address.objects.filter(code=value).exists():
            raise serializers.ValidationError(
                _("This code is not in the standard address register."))
        return value

    def validate(self, attrs):
        has_lat, has_lon = "lat" in attrs, "lon" in attrs
        if has_lat != has_lon:
            raise serializers.ValidationError(
                {"lon" if has_lat else "lat": _("lat and lon must be sent together.")})
        if not has_lat and not (attrs["address"].strip() or attrs["address_code"]):
            raise serializers.ValidationError({"lat": _(
                "A location is required: lat and lon, or address or address_code.")})
        return attrs


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
        return str(receipt_message(case))


class SubcategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    default_department = serializers.CharField(
        source="default_owner.department.code", default=None, allow_null=True
    )

    class Meta:
        model = Subcategory
        fields = ["code", "national_code", "name", "name_zh", "name_en", "description",
                  "keywords", "default_department", "default_urgency", "photo_required",
                  "is_public", "filing_standard", "closing_standard"]


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    subcategories = SubcategorySerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name", "name_zh", "name_en", "subcategories"]


class CaseListSerializer(serializers.ModelSerializer):
    subcategory = serializers.CharField(source="subcategory.code")
    subcategory_name = serializers.CharField(source="subcategory.name")
    category = serializers.CharField(source="subcategory.category.code")
    grid_code = serializers.CharField(source="grid.code", default=None, allow_null=True)
    department = DepartmentRefSerializer(allow_null=True)
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Case
        fields = ["tracking_number", "status", "status_display", "subcategory",
                  "subcategory_name", "category", "grid_code", "street_code", "department",
                  "urgency", "supervision", "stage", "due_at", "created_at", "address", "lat",
                  "lon", "me_too_count"]


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    from_department = serializers.CharField(source="from_department.name", default=None,
                                            allow_null=True)
    to_department = serializers.CharField(source="to_department.name", default=None,
                                          allow_null=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = ["action", "role", "actor", "from_status", "to_status", "from_department",
                  "to_department", "note", "data", "photos", "created_at"]

    def get_actor(self, step) -> str | None:
        return (step.actor.get_full_name() or step.actor.get_username()) if step.actor else None

    def get_photos(self, step) -> list[str]:
        return [photo.image.url for photo in step.photos.all()]


class CaseDetailSerializer(CaseListSerializer):
    contact_phone = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "description", "source", "request_type", "public_reply", "community_code",
            "contact_phone", "closed_at", "rating", "duplicate_of", "steps", "allowed_actions"]

    def get_contact_phone(self, case) -> str:
        user = self.context["request"].user
        contact_access_record(user=user, case=case, where="api")
        return case.contact_phone if can_see_phone(user, case) else masked_phone(
            case.contact_phone)

    def get_allowed_actions(self, case) -> list[str]:
        return allowed_actions(case, self.context["request"].user)


class ActionRequestSerializer(serializers.Serializer):
    """Parameters of a workflow action; which ones an action reads depends on the action."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    department = serializers.CharField(required=False, allow_blank=True, max_length=32)
    level = serializers.ChoiceField(required=False, choices=["normal", "yellow", "red"])
    hours = NumberField(required=False, min_value=0)
    rating = serializers.IntegerField(required=False, min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)
    target = serializers.CharField(required=False, allow_blank=True, max_length=20)
    public_reply = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text=_("The answer the citizen and the public read (resolve, close, void); the "
                    "only words of a case its public view shows."))
    publish_photos = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Show this step's photos in the case's public view (resolve)."))
    token = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                  help_text=_("The citizen's tracking secret (for rate)."))
    photos = serializers.ListField(child=PhotoField(), required=False, default=list,
                                   max_length=settings.PHOTO_MAX_COUNT)


class WorkflowErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField(required=False)
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False)
