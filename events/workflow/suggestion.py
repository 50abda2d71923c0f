"""Routing's suggestion at 立案, in words: which matter, component or default picked the
department (from the first log step's routing details), and the note of the dispatch that
follows 立案, which must say the same thing as the first step, or that the dispatcher chose
another department."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.i18n import Phrase
from events.models import Case, CaseStep


def _first_step(case: Case) -> CaseStep | None:
    return CaseStep.objects.filter(case=case, action="report").order_by("id").first()


def routing_details(case: Case) -> dict:
    """What routing recorded on the case's first step (intake.services._first_step)."""
    first = _first_step(case)
    return (first.data or {}).get("routing") or {} if first else {}


def first_steps(cases) -> dict[int, CaseStep]:
    """The first step of each case, in one query (for a queue's rows)."""
    steps = CaseStep.objects.filter(case__in=cases, action="report").order_by("-id")
    return {step.case_id: step for step in steps.only("case_id", "data", "to_department_id")}


def why_suggested(case: Case, first: CaseStep | None = None) -> str:
    """Why routing suggests the case's department, for the dispatcher deciding at 立案;
    `first` is the case's first step when the caller read it already."""
    department = case.department
    if department is None:
        return _("Routing found no department for this case: choose one.")
    first = first or _first_step(case)
    details = (first.data or {}).get("routing") or {} if first else {}
    if first is None or first.to_department_id != department.pk:  # moved since (改类, 上报)
        return _("%(department)s was set after the report was filed.") % {
            "department": department.name}
    if details.get("component"):
        return _("Component %(code)s, %(metres)s m from the point, belongs to "
                 "%(department)s.") % {"code": details["component"],
                                       "metres": details.get("metres", "?"),
                                       "department": department.name}
    if details.get("matched") == "matter" and case.matter is not None:
        return _("Duty-list matter %(code)s %(name)s: lead %(lead)s, here %(department)s.") % {
            "code": case.matter.code, "name": case.matter.name, "lead": case.matter.lead,
            "department": department.name}
    if details.get("matched") == "default_department":
        return _("No duty-list matter applies here; %(department)s is the default department "
                 "of %(subcategory)s.") % {"department": department.name,
                                           "subcategory": case.subcategory.name}
    return _("Suggested by routing: %(department)s.") % {"department": department.name}


def dispatch_note(case: Case, chosen: str = "", suggested: str = "") -> Phrase:
    """The note of the dispatch made at 立案 (a Phrase: written in the log's language with
    its English beside it): the department the dispatcher chose instead of routing's, or
    routing's own reason, as the first step gave it (a default department is no duty-list
    matter)."""
    department = case.department.name
    if chosen:
        if suggested:
            return Phrase(gettext_noop("Dispatched to %(department)s, chosen at 立案 instead of "
                                       "the suggested %(suggested)s."),
                          {"department": department, "suggested": suggested})
        return Phrase(gettext_noop("Dispatched to %(department)s, chosen at 立案."),
                      {"department": department})
    details = routing_details(case)
    if details.get("component"):
        return Phrase(gettext_noop("Dispatched automatically to %(department)s, the owner of "
                                   "component %(code)s."),
                      {"department": department, "code": details["component"]})
    if details.get("matched") == "matter":
        return Phrase(gettext_noop("Dispatched automatically to %(department)s, the lead of "
                                   "duty-list matter %(code)s."),
                      {"department": department, "code": details.get("matter")})
    if details.get("matched") == "default_department":
        return Phrase(gettext_noop("Dispatched automatically to %(department)s, the default "
                                   "department (no duty-list matter applies)."),
                      {"department": department})
    return Phrase(gettext_noop("Dispatched automatically to %(department)s."),
                  {"department": department})
