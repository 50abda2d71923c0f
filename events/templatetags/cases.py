from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from events.models import Status
from events.sla.calendar import clock_state
from events.workflow.services import ACTIONS
from org.models import Level, Role

register = template.Library()


@register.simple_tag
def case_clock(case) -> str:
    """A green/yellow/red badge with the time left on the case's current stage. Built here,
    not by a template of its own: a queue renders one per row."""
    state = clock_state(case, timezone.now())
    if state is None:
        return ""
    minutes = int(abs(state.left.total_seconds()) // 60)
    span = (_("%(h)dh %(m)02dm") % {"h": minutes // 60, "m": minutes % 60}) if minutes < 2880 \
        else _("%(d)d days") % {"d": minutes // 1440}
    text = _("%(span)s overdue") % {"span": span} if state.colour == "red" \
        else _("%(span)s left") % {"span": span}
    return format_html('<span class="clock clock-{}">{}</span>', state.colour, text)


@register.simple_tag
def department_options(choices, suggested_id) -> str:
    """A department picker's options, the suggested one chosen, from the page's choices
    (events/staff/queue_filters.py), whose options are joined once per page: a queue holds a
    picker of some two hundred departments on each of fifty rows, and the template engine
    spent a second on them (bench/scale.py)."""
    option = choices.options.get(suggested_id)
    if option is None:
        return choices.html
    code, name = option
    suggested = escape(_(" (suggested)"))
    return mark_safe(choices.html.replace(  # every value was escaped when the choices were made
        f'<option value="{code}">{name}</option>',
        f'<option value="{code}" selected>{name}{suggested}</option>', 1))


EXTRA_ACTIONS = {
    "report": gettext_lazy("Report (上报)"),
    "me_too": gettext_lazy("Me too (附议)"),
    "escalate": gettext_lazy("Escalate (升级)"),
    "warn": gettext_lazy("Warning (预警)"),
    "import": gettext_lazy("Imported"),
}


@register.filter
def action_label(name: str) -> str:
    action = ACTIONS.get(name)
    return str(action.label if action else EXTRA_ACTIONS.get(name, name))


@register.filter
def step_note(step) -> str:
    """The step's note in the reader's language: the English the system wrote beside its own
    Chinese note (common/i18n.py), else the note as written: a person's words stay theirs."""
    english = (get_language() or "").startswith("en") and (step.data or {}).get("note_en")
    return english or step.note


@register.filter
def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


ROLE_LABELS = {"system": gettext_lazy("system"), "citizen": gettext_lazy("citizen"),
               "demo": gettext_lazy("demo data"), **dict(Role.choices)}


@register.filter
def role_label(value: str) -> str:
    return str(ROLE_LABELS.get(value, value))


LEVEL_LABELS = dict(Level.choices)  # lazy labels: translated when shown


@register.filter
def level_label(value: str) -> str:
    """Once per queue row: a dictionary, not the enum's values rebuilt at every call."""
    return str(LEVEL_LABELS.get(value, value))
