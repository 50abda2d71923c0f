"""The workflow actions as forms on the case page: what each shows besides its fields (the
routing suggestion at 立案, the subcategory's photo rule and closing standard where a case is
resolved or checked) and, after a refused submit, its errors by field and what was typed."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from events.workflow.services import Action
from events.workflow.suggestion import why_suggested

# Where the result is judged: the closing standard (结案标准) is shown on these forms.
RESULT_ACTIONS = ("resolve", "self_resolve", "close", "rework")
# The resolve forms that need a photo when the subcategory says so (_photo_rule).
PHOTO_RULE_ACTIONS = ("resolve", "self_resolve")
# How each field is named in the error summary.
LABELS = {
    "department": gettext_lazy("Department"), "level": gettext_lazy("Level"),
    "subcategory": gettext_lazy("Subcategory"), "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"), "region": gettext_lazy("Hand down to"),
    "hours": gettext_lazy("Working hours needed"),
    "target": gettext_lazy("Merge into case number"), "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"), "photos": gettext_lazy("Photos"),
    "public_reply": gettext_lazy("Reply to the citizen (public)"),
}
# Finishing the on-site check: the good outcome looks primary, the other danger.
LOOKS = {"close": "primary", "rework": "danger", "check_ok": "primary",
         "check_reject": "danger", "void": "danger"}


@dataclass
class ActionForm:
    spec: Action
    errors: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    suggestion: str = ""  # why routing suggests the department (立案)
    standard: str = ""  # the subcategory's closing standard
    photo_rule: bool = False  # the subcategory needs a photo of the result
    photo_required: bool = False  # ... and this form is where it is checked

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def fields(self) -> tuple:
        return self.spec.fields

    @property
    def look(self) -> str:
        return LOOKS.get(self.spec.name, "")

    @property
    def labels(self) -> dict:
        return LABELS


def action_forms(case, specs, failed: str = "", errors=None, values=None,
                 own_task: bool = False) -> list[ActionForm]:
    """One form per action the user may take; `failed` names the one whose submit was
    refused with `errors`, its `values` kept."""
    subcategory = case.subcategory
    forms = []
    for spec in specs:
        form = ActionForm(spec)
        if spec.name == failed:
            form.errors, form.values = errors or {}, values or {}
        if spec.name == "accept":
            form.suggestion = why_suggested(case)
        if spec.name in RESULT_ACTIONS and not own_task:
            form.standard = subcategory.closing_standard
            form.photo_rule = subcategory.photo_required
            form.photo_required = subcategory.photo_required and spec.name in PHOTO_RULE_ACTIONS
        forms.append(form)
    return forms
