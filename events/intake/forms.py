"""The report form of the pages (the citizen's form and the grid worker's patrol report),
checked like the API's report serializer, plus the choice to take the location from a photo."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.photos import photo_location, validate_photo
from common.security import dialable_phone
from events.intake.services import Report
from events.models import RequestType, Source
from grids.index import in_district
from org.routing import ComponentError, component_kinds, picked_component
from taxonomy.loader import subcategory_by_code
from taxonomy.models import Category, Subcategory

NO_LOCATION = gettext_lazy(
    "Where is the problem? Tap the map, use your location, or enter latitude and longitude.")
OUTSIDE_DISTRICT = gettext_lazy(
    "This spot is outside our district, so we cannot send anyone there. For a problem in "
    "another place, call the 12345 hotline of that city. If the spot is right, tick the box "
    "to send the report all the same.")


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos under one name, each checked by common.photos.validate_photo."""

    widget = PhotoInput

    def clean(self, data, initial=None):
        photos = [p for p in (data if isinstance(data, list | tuple) else [data]) if p]
        if len(photos) > settings.PHOTO_MAX_COUNT:
            raise ValidationError(_("At most %(count)s photos.")
                                  % {"count": settings.PHOTO_MAX_COUNT})
        errors = []
        for photo in photos:
            try:
                validate_photo(photo)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return photos


class SubcategoryField(forms.ModelChoiceField):
    """A subcategory by code, read from the process's copy of the taxonomy (as the API's
    SubcategoryField): no query per report or duplicate lookup."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        subcategory = subcategory_by_code(str(value))
        if subcategory is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return subcategory


def checked_phone(value: str) -> str:
    """A number someone can call back (reporter or caller), or empty; a ValidationError
    otherwise."""
    phone = dialable_phone(value)
    if phone is None:
        raise ValidationError(_("Enter a mainland mobile or landline number, or leave it "
                                "empty."))
    return phone


def _coordinate_message(name, low: int, high: int) -> str:
    return _("%(name)s must be a number of degrees between %(low)s and %(high)s, e.g. from "
             "your phone's map app.") % {"name": name, "low": low, "high": high}


def coordinate_errors(name, low: int, high: int) -> dict:
    """A coordinate's errors name the coordinate (in the language of the request that shows
    them): the form's summary lists them apart from the field."""
    message = lazy(_coordinate_message, str)(name, low, high)
    return {"invalid": message, "min_value": message, "max_value": message}


class ReportForm(forms.Form):
    """Labels name the fields in the page's error summary."""

    subcategory = SubcategoryField(
        Subcategory.objects.all(), to_field_name="code", label=gettext_lazy("Category"),
        error_messages={"required": gettext_lazy("Choose what kind of problem it is."),
                        "invalid_choice": gettext_lazy("Choose what kind of problem it is.")})
    lat = forms.FloatField(required=False, min_value=-90, max_value=90,
                           label=gettext_lazy("Latitude"),
                           error_messages=coordinate_errors(gettext_lazy("Latitude"), -90, 90))
    lon = forms.FloatField(required=False, min_value=-180, max_value=180,
                           label=gettext_lazy("Longitude"),
                           error_messages=coordinate_errors(gettext_lazy("Longitude"), -180,
                                                            180))
    use_photo_location = forms.BooleanField(required=False)
    address = forms.CharField(required=False, max_length=200,
                              label=gettext_lazy("Address or landmark"))
    description = forms.CharField(
        max_length=2000, label=gettext_lazy("Description"),
        error_messages={"required": gettext_lazy("Describe the problem in a few words.")})
    contact_phone = forms.CharField(required=False, max_length=20, label=gettext_lazy("Phone"))
    contact_email = forms.EmailField(
        required=False, max_length=254, label=gettext_lazy("Email"),
        error_messages={"invalid": gettext_lazy("Enter an email address such as "
                                                "name@example.com, or leave it empty.")})
    photos = PhotosField(required=False, label=gettext_lazy("Photos"))
    tip_off = forms.BooleanField(required=False)  # a tip-off is never public
    component = forms.CharField(required=False, max_length=40,  # picked from the list offered
                                label=gettext_lazy("Component number"))

    @property
    def labels(self) -> dict:
        return {name: field.label for name, field in self.fields.items() if field.label}

    def clean_contact_phone(self):
        return checked_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        data = super().clean()
        if "lat" in self.errors or "lon" in self.errors:
            return data
        if data.get("lat") is None or data.get("lon") is None:
            self._locate_from_photos(data)
        if data.get("component") and data.get("subcategory") and data.get("lat") is not None:
            data["component"] = self._picked(data)
        return data

    def _picked(self, data):
        try:
            return picked_component(data["subcategory"], data["component"], data["lat"],
                                    data["lon"])[1]
        except ComponentError as error:
            self.add_error("component", str(error))
            return None

    def _locate_from_photos(self, data) -> None:
        """Only when the reporter ticked the box: a photo's location can be far from where
        they stand now, and it is theirs to share."""
        if not data.get("use_photo_location"):
            self.add_error("lat", NO_LOCATION)
            return
        found = next(filter(None, map(photo_location, data.get("photos") or [])), None)
        if found is None:
            self.add_error("lat", _("The photos carry no location. Tap the map, use your "
                                    "location, or enter latitude and longitude."))
            return
        data["lat"], data["lon"] = found

    def report(self, source: str = Source.CITIZEN) -> Report:
        data = self.cleaned_data
        return Report(subcategory=data["subcategory"], lat=data["lat"], lon=data["lon"],
                      description=data["description"], address=data["address"],
                      contact_phone=data["contact_phone"],
                      contact_email=data.get("contact_email") or "", source=source,
                      request_type=RequestType.TIP_OFF if data.get("tip_off")
                      else RequestType.COMPLAINT, component=data.get("component") or None)


def locate_texts() -> dict:
    """What the maps of the report forms (citizen, patrol) say about finding the device's
    location (grids/static/grids/map.js govMap.locate), in the page's language."""
    return {
        "locate": _("Locate"),
        "locating": _("Finding your location…"),
        "located": _("Location found. Drag the pin if it is not quite right."),
        "noLocation": _("Could not get your location. Tap the map where the problem "
                        "is instead."),
        "locationDenied": _("Could not get your location: this site may not use it. Allow "
                            "it in the browser's settings, or tap the map where the problem "
                            "is."),
        "noGeolocation": _("Could not get your location: this browser cannot tell it. Tap "
                           "the map where the problem is instead."),
    }


def picker_data() -> list[dict]:
    """Categories with their subcategories and the words people use for them (names in both
    languages, synonyms, description), for the category pickers of the citizen form and the
    hotline desk."""
    return [{
        "code": category.code, "name": category.name,
        "subs": [{"code": sub.code, "name": sub.name,
                  "description": sub.localized_description,
                  "search": " ".join([sub.name_zh, sub.name_en, *sub.keywords,
                                      sub.description, sub.description_en]).lower(),
                  "components": bool(component_kinds(sub))}
                 for sub in category.subcategories.all()],
    } for category in Category.objects.prefetch_related("subcategories")]


# The hotline's request types (诉求类型), in the order operators ask about them.
CALL_TYPES = [RequestType.COMPLAINT, RequestType.HELP, RequestType.CONSULT,
              RequestType.SUGGESTION, RequestType.TIP_OFF]


class CallForm(forms.Form):
    """A 12345 call as the operator records it: placed by its address (a standard address
    picked from the suggestions, or the text as said), never by a point."""

    caller_phone = forms.CharField(required=False, max_length=20)
    request_type = forms.ChoiceField(choices=[(t.value, t.label) for t in CALL_TYPES],
                                     initial=RequestType.COMPLAINT)
    address = forms.CharField(required=False, max_length=200)
    address_code = forms.CharField(required=False, max_length=40)
    subcategory = ReportForm.base_fields["subcategory"]
    description = forms.CharField(
        max_length=2000,
        error_messages={"required": gettext_lazy("Write down what the caller says.")})
    answer = forms.CharField(required=False, max_length=2000)

    def clean_caller_phone(self):
        return checked_phone(self.cleaned_data["caller_phone"])

    def clean(self):
        data = super().clean()
        # A consultation may concern no place (opening hours, a policy); anything else is
        # somewhere, or it cannot be routed.
        if (data.get("request_type") != RequestType.CONSULT
                and not (data.get("address", "").strip() or data.get("address_code"))):
            self.add_error("address", _("Where is it? Search the address and pick it."))
        return data

    def report(self) -> Report:
        data = self.cleaned_data
        return Report(subcategory=data["subcategory"], description=data["description"],
                      address=data["address"].strip(), address_code=data["address_code"],
                      contact_phone=data["caller_phone"], source=Source.HOTLINE,
                      request_type=data["request_type"])




class CitizenReportForm(ReportForm):
    """The citizen's form: a point outside the district is refused until the citizen confirms
    it (the API stores such points and says so in its answer)."""

    confirm_outside = forms.BooleanField(required=False)
    outside_district = False  # found by clean(): the page then offers the confirmation

    def clean(self):
        data = super().clean()
        if data.get("lat") is None or data.get("lon") is None:
            return data
        self.outside_district = not in_district(data["lat"], data["lon"])
        if self.outside_district and not data.get("confirm_outside"):
            self.add_error("lat", OUTSIDE_DISTRICT)
        return data
