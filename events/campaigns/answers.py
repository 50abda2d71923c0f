"""A campaign form's answers: checked against its fields, and turned into register values.

Answers are kept as JSON by field key: yes/no as true/false, numbers as numbers, a choice as
its text, text as text; a photo field's answer is the stored photo's name."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.photos import validate_photo
from events.campaigns.models import FormField

YES = {"true", "1", "yes", "on", "是"}
NO = {"false", "0", "no", "off", "否"}
TEXT_MAX = 500


def clean_answers(fields: list[FormField], data, files) -> tuple[dict, dict]:
    """(answers, photos by key) from form or JSON data; a ValidationError names each wrong
    field by its key. Photos are checked here and stored by the caller."""
    answers, photos, errors = {}, {}, {}
    for field in fields:
        try:
            if field.kind == FormField.Kind.PHOTO:
                upload = files.get(field.key) if files else None
                if upload:
                    validate_photo(upload)
                    photos[field.key] = upload
                elif field.required:
                    raise ValidationError(_("A photo is required."))
                continue
            value = _value(field, data.get(field.key))
            if value is None and field.required:
                raise ValidationError(_("This field is required."))
            if value is not None:
                answers[field.key] = value
        except ValidationError as error:
            errors[field.key] = error.messages
    if errors:
        raise ValidationError(errors)
    return answers, photos


def _value(field: FormField, raw):
    if raw is None or raw == "" or raw == []:
        return None
    if isinstance(raw, list):
        raw = raw[-1]
    if field.kind == FormField.Kind.YES_NO:
        return _yes_no(raw)
    if field.kind == FormField.Kind.NUMBER:
        return _number(raw)
    text = str(raw).strip()[:TEXT_MAX]
    if field.kind == FormField.Kind.CHOICE and text not in field.choice_list():
        raise ValidationError(_("Choose one of the listed answers."))
    return text or None


def _yes_no(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in YES | NO:
        return text in YES
    raise ValidationError(_("Answer yes or no."))


def _number(raw) -> int | float:
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite() or number < 0 or number > 1_000_000:
        raise ValidationError(_("Enter a number between 0 and 1,000,000."))
    return int(number) if number == number.to_integral_value() else float(number)
