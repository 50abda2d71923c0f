"""Per-field errors, the same on every form: the message next to its field (its id named by the
field's aria-describedby, the field marked aria-invalid) and a summary at the top linking to
the fields. static/form-errors.js focuses the first invalid field."""

from django import template
from django.utils.html import format_html

register = template.Library()


def field_id(name: str, prefix: str = "") -> str:
    """The id of a field's control; forms with several on a page prefix it (the action)."""
    return f"{prefix}-{name}" if prefix else name


def _messages(errors, name: str) -> list[str]:
    found = errors.get(name) if errors else None
    if not found:
        return []
    return [str(m) for m in found] if isinstance(found, list | tuple) else [str(found)]


@register.simple_tag
def aria(errors, name: str, prefix: str = ""):
    """` aria-invalid="true" aria-describedby="<field>-error"` for a field with errors."""
    if not _messages(errors, name):
        return ""
    return format_html(' aria-invalid="true" aria-describedby="{}-error"', field_id(name, prefix))


@register.inclusion_tag("forms/field_errors.html")
def field_errors(errors, name: str, prefix: str = ""):
    """The field's messages, or an empty hidden slot that the page's script may fill."""
    return {"id": f"{field_id(name, prefix)}-error", "messages": _messages(errors, name)}


@register.inclusion_tag("forms/error_summary.html")
def error_summary(errors, labels, prefix: str = ""):
    """Every error at the top of the form, each a link to its field (the form itself for an
    error of no field, when it has an id: `<prefix>-form`). `labels` names the fields, by a
    label or a (label, id of the control) pair."""
    items = []
    for name in errors or {}:
        label = labels.get(name, "")
        if isinstance(label, tuple):  # (label, id) for a control of another id
            label, anchor = label
        elif name in labels or prefix:
            anchor = field_id(name if name in labels else "form", prefix)
        else:
            anchor = ""
        for message in _messages(errors, name):
            items.append((anchor, label, message))
    return {"items": items}
