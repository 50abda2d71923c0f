
import threading

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.photos import validate_photo
from common.security import dialable_phone
from events.intake.services import outside_district, receipt_message
from events.models import Case, CaseStep, RequestType, Status
from events.notify.citizen import tracking_url
from events.privacy.services import contact_access_record
from events.workflow import levels
from events.workflow.assisting import is_overdue
from events.workflow.selectors import can_see_phone, masked_phone
from events.workflow.services import allowed_actions
from org.routing import ComponentError, picked_component
from places.models import Address
from taxonomy.loader import subcategory_by_code
from taxonomy.models import Category, Subcategory


class DeclaredSerializer(serializers.Serializer):
    """A Serializer that builds its fields from their declarations without deep copies. DRF
    deep-copies every declared field with its choices, help texts and queryset on each
    instantiation, so that an instance may change its own fields; these never change theirs,
    and on the intake path (a report and its receipt) the copies cost more than validating."""

    def get_fields(self):
        return {name: _fresh(field) for name, field in self._declared_fields.items()}


def _fresh(field):
    """A new field from the declaration's arguments, as DRF's deepcopy makes one, with the
    immutable arguments shared; a field passed as an argument (a list's child) is copied, as
    it is bound to its parent."""
    kwargs = {key: _fresh(value) if isinstance(value, serializers.Field) else value
              for key, value in field._kwargs.items()}
    return type(field)(*field._args, **kwargs)


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


class OptionalBooleanField(serializers.BooleanField):
    """A boolean that may be left out of a form body too: DRF reads a missing checkbox of a
    form as false, and a missing `satisfied` is no 不满意."""

    default_empty_html = serializers.empty


_reused = threading.local()  # per thread: {(serializer class, language): its bound fields}


class ReusedFieldsSerializer(DeclaredSerializer):
    """A serializer whose fields are built once per thread and language and reused by every
    instance that has no context and is not partial. On the intake path building a dozen DRF
    fields cost more than validating a report (docs/performance.md). Safe where the fields
    keep nothing of one validation for the next and read nothing of their parent but what is
    the same for every such instance (partial, context); their messages are rendered once, in
    the language of the key."""

    @cached_property
    def fields(self):
        if self.partial or self._context:
            return super().fields
        key = (type(self), get_language())
        built = _reused.__dict__.get(key)
        if built is None:
            # Bound to an instance of their own, which holds no report.
            built = _reused.__dict__[key] = serializers.Serializer.fields.func(type(self)())
        return built


class CaseReportSerializer(ReusedFieldsSerializer):
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
        help_text=_("Mainland mobile or landline number, for updates (SMS to a mobile)."),
    )
    contact_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default="",
        help_text=_("Email address for updates on the case; kept encrypted, never shown."))
    photos = serializers.ListField(
        child=PhotoField(), required=False, default=list, max_length=settings.PHOTO_MAX_COUNT
    )
    request_type = serializers.ChoiceField(
        choices=RequestType.choices, required=False, default=RequestType.COMPLAINT,
        help_text=_("What the reporter asks for; a tip-off (tip_off) is never public."))
    component = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text=_("Code of the registered component (manhole cover, street lamp, hydrant) "
                    "the report is about, e.g. one offered by /api/v1/components/nearest or "
                    "printed on it: its owner handles the report."))

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
        return self._component(attrs)

    def _component(self, data):
        """A component the reporter picked, checked against the point (none without one)."""
        code = data.get("component")
        if not code or "lat" not in data:
            data["component"] = None
            return data
        try:
            data["component"] = picked_component(data["subcategory"], code, data["lat"],
                                                 data["lon"])[1]
        except ComponentError as error:
            raise serializers.ValidationError({"component": [str(error)]}) from None
        return data


class DepartmentRefSerializer(DeclaredSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


_MOMENT = serializers.DateTimeField()  # as the receipt's due_at: in the current time zone


class CaseReceiptSerializer(DeclaredSerializer):
    """What the reporter gets back: where the case went and by when the next step is due.
    Fields declared, not read from the model: a ModelSerializer builds them on every report."""

    tracking_number = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    subcategory = serializers.CharField(source="subcategory.code", read_only=True)
    grid_code = serializers.CharField(source="grid.code", default=None, allow_null=True)
    department = DepartmentRefSerializer(allow_null=True)
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    manual_dispatch = serializers.SerializerMethodField()
    outside_district = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    tracking_url = serializers.SerializerMethodField()

    def to_representation(self, case):
        """The fields above, built directly: they are the receipt's schema, and DRF's field
        by field serialisation cost a tenth of a report's CPU (a test holds the two equal)."""
        department = case.department if case.department_id else None
        return {
            "tracking_number": case.tracking_number, "status": str(case.status),
            "subcategory": case.subcategory.code,
            "grid_code": case.grid.code if case.grid_id else None,
            "department": department and {"code": department.code, "name": department.name},
            "due_at": case.due_at and _MOMENT.to_representation(case.due_at),
            "manual_dispatch": self.get_manual_dispatch(case),
            "outside_district": self.get_outside_district(case),
            "message": self.get_message(case), "tracking_url": self.get_tracking_url(case),
        }

    def get_outside_district(self, case) -> bool:
        return outside_district(case)

    def get_tracking_url(self, case) -> str:
        """The reporter's private link (absolute, from SITE_URL): whoever has it sees the
        case's page with its replies, and may rate it once it is closed."""
        return tracking_url(case)

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
                  "description_en", "keywords", "default_department", "default_urgency",
                  "photo_required", "is_public", "filing_standard", "closing_standard"]


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
                  "lon", "me_too_count", "level", "owner_region"]


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


class MatterSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    legal_basis = serializers.CharField()


# The lead's part as a task: the case's status seen from the handling stage.
LEAD_TASK_STATUS = {
    Status.REPORTED: "pending", Status.ACCEPTED: "pending", Status.DISPATCHED: "dispatched",
    Status.RETURN_REQUESTED: "dispatched", Status.RETURNED: "returned",
    Status.CHECKING: "processing", Status.PROCESSING: "processing",
    Status.EXTENSION_REQUESTED: "processing", Status.SHELVED: "processing",
    Status.RESOLVED: "done", Status.CLOSED: "done", Status.RATED: "done",
    Status.VOIDED: "voided"}


class TaskSerializer(serializers.Serializer):
    """One department's part of the case: the lead (主办) first, then each assisting
    department (协办)."""

    department = DepartmentRefSerializer()
    role = serializers.ChoiceField(choices=["lead", "assisting"])
    status = serializers.ChoiceField(choices=sorted({*LEAD_TASK_STATUS.values(), "released"}))
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    ended_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


def case_tasks(case: Case) -> list[dict]:
    """The lead's part and the assisting tasks (prefetched: `tasks__department`)."""
    rows = []
    if case.department_id is not None:
        handling = case.stage == "handle"
        rows.append({"department": case.department, "role": "lead",
                     "status": LEAD_TASK_STATUS.get(case.status, case.status),
                     "due_at": case.due_at if handling else None,
                     "overdue": bool(handling and case.due_at and case.due_at < timezone.now()),
                     "ended_at": None, "note": ""})
    for task in sorted(case.tasks.all(), key=lambda t: t.department.code):
        rows.append({"department": task.department, "role": "assisting",
                     "status": task.status, "due_at": task.due_at,
                     "overdue": is_overdue(task), "ended_at": task.ended_at,
                     "note": task.note})
    return rows


class LevelStepSerializer(serializers.Serializer):
    level = serializers.CharField()
    region = serializers.CharField(help_text=_("Code of the owning region."))
    region_name = serializers.CharField()
    actor_role = serializers.CharField()
    at = serializers.DateTimeField()


class CaseDetailSerializer(CaseListSerializer):
    contact_phone = serializers.SerializerMethodField()
    matter = MatterSerializer(allow_null=True, read_only=True)
    tasks = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    level_path = serializers.SerializerMethodField(
        help_text=_("The levels and regions that owned the case, oldest first: where it "
                    "entered, then each report up (上报) and hand down (下派)."))

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "description", "source", "request_type", "public_reply", "community_code",
            "contact_phone", "closed_at", "rating", "duplicate_of", "matter", "tasks", "steps",
            "allowed_actions", "level_path"]

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, case) -> list[dict]:
        return TaskSerializer(case_tasks(case), many=True).data

    @extend_schema_field(LevelStepSerializer(many=True))
    def get_level_path(self, case) -> list[dict]:
        return LevelStepSerializer(levels.path(case.steps.all()), many=True).data

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
    satisfied = OptionalBooleanField(
        required=False, allow_null=True,
        help_text=_("rate: whether the reporter is satisfied; false needs a comment and "
                    "sends the case back to the dispatcher to be handled again (重办)."))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)
    target = serializers.CharField(required=False, allow_blank=True, max_length=20)
    region = serializers.CharField(
        required=False, allow_blank=True, max_length=32,
        help_text=_("hand_down: code of the street or community to hand the case to."))
    public_reply = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text=_("The answer the citizen and the public read (resolve, close, void); the "
                    "only words of a case its public view shows."))
    publish_photos = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Show this step's photos in the case's public view (resolve)."))
    subcategory = serializers.CharField(
        required=False, allow_blank=True, max_length=16,
        help_text=_("Subcategory code the case is reclassified to (reclassify)."))
    lat = NumberField(required=False, min_value=-90, max_value=90,
                      help_text=_("WGS84 latitude of the corrected location (reclassify)."))
    lon = NumberField(required=False, min_value=-180, max_value=180,
                      help_text=_("WGS84 longitude of the corrected location (reclassify)."))
    token = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                  help_text=_("The citizen's tracking secret (for rate)."))
    photos = serializers.ListField(child=PhotoField(), required=False, default=list,
                                   max_length=settings.PHOTO_MAX_COUNT)


class WorkflowErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.CharField(required=False)
    task_status = serializers.CharField(
        required=False, help_text=_("The status of the caller's assisting task, when an "
                                    "assisting department's action was refused."))
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False)
