"""Service definitions: the extra questions ("attributes") each service asks.

Every service asks for the address detail (house number, building, landmark), which completes
the case's address, and when the problem was first noticed. Some categories add a question of
their own: whether anyone is hurt in an emergency (required: it decides how hard to run), how
many people a dispute involves, what kind of pollution it is, and whether a broken facility
endangers passers-by. Answers the case has no field for are appended to its description, where
the department reads them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from events.open311.formats import Open311Error

ADDRESS_DETAIL = "ADDRESS_DETAIL"
ADDRESS_DETAIL_MAX = 100
TEXT_MAX = 500
LIST_TYPES = ("singlevaluelist", "multivaluelist")


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    required: bool
    description: str
    datatype_description: str = ""
    values: tuple = ()  # (key, name) pairs for the list types

    def as_dict(self, order: int) -> dict:
        return {
            "variable": True,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": str(self.datatype_description) or None,
            "order": order,
            "description": str(self.description),
            "values": [{"key": key, "name": str(name)} for key, name in self.values],
        }


YES_NO = (("yes", _("yes")), ("no", _("no")))
COMMON = (
    Attribute(ADDRESS_DETAIL, "string", False,
              _("House number, building, or a landmark nearby."),
              _("At most 100 characters.")),
    Attribute("NOTICED_AT", "datetime", False, _("When did you first notice the problem?"),
              _("ISO 8601 date and time, e.g. 2026-11-23T08:30:00+08:00.")),
)
BY_CATEGORY = {
    "09": Attribute("CASUALTIES", "singlevaluelist", True, _("Is anyone hurt or trapped?"),
                    values=(*YES_NO, ("unknown", _("not sure")))),
    "10": Attribute("PARTIES", "number", False, _("How many people are involved?"),
                    _("A whole number.")),
    "15": Attribute("POLLUTION", "multivaluelist", False, _("What do you notice?"),
                    values=(("smell", _("smell")), ("noise", _("noise")),
                            ("smoke", _("smoke or dust")), ("water", _("dirty water")))),
}
# Broken physical facilities (a closing photo is required for them): a danger to passers-by
# makes the dispatcher hurry.
DANGER = Attribute("DANGER", "singlevaluelist", False,
                   _("Does it endanger people or vehicles passing by?"), values=YES_NO)


def attributes_for(subcategory) -> tuple[Attribute, ...]:
    extra = BY_CATEGORY.get(subcategory.category.code)
    if extra is None and subcategory.photo_required:
        extra = DANGER
    return COMMON + ((extra,) if extra else ())


def definition(subcategory) -> dict:
    return {"service_code": subcategory.code,
            "attributes": [a.as_dict(order) for order, a in
                           enumerate(attributes_for(subcategory), start=1)]}


def submitted(post) -> dict[str, list[str]]:
    """attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2 from a form body."""
    answers: dict[str, list[str]] = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):-1].removesuffix("][")
            values = [v.strip() for v in post.getlist(key) if v.strip()]
            if values:
                answers.setdefault(code, []).extend(values)
    return answers


def clean(subcategory, answers: dict[str, list[str]]) -> dict:
    """The answers checked against the service definition: {code: value or list of keys}.
    Every problem is reported at once, as the specification's error list allows."""
    known = {a.code: a for a in attributes_for(subcategory)}
    problems = [_("Unknown attribute %(code)s.") % {"code": code}
                for code in answers if code not in known]
    cleaned = {}
    for code, attribute in known.items():
        values = answers.get(code, [])
        if not values:
            if attribute.required:
                problems.append(_("Attribute %(code)s is required.") % {"code": code})
            continue
        value, problem = _check(attribute, values)
        if problem:
            problems.append(problem)
        else:
            cleaned[code] = value
    if problems:
        raise Open311Error(400, *problems)
    return cleaned


def _check(attribute: Attribute, values: list[str]):
    code = attribute.code
    if attribute.datatype != "multivaluelist" and len(values) > 1:
        return None, _("Attribute %(code)s takes one value.") % {"code": code}
    if attribute.datatype in LIST_TYPES:
        keys = {key for key, _name in attribute.values}
        if any(value not in keys for value in values):
            return None, _("Attribute %(code)s must be one of: %(keys)s.") % {
                "code": code, "keys": ", ".join(sorted(keys))}
        return (values if attribute.datatype == "multivaluelist" else values[0]), None
    return _check_scalar(attribute, values[0])


def _check_scalar(attribute: Attribute, value: str):
    code = attribute.code
    limit = ADDRESS_DETAIL_MAX if code == ADDRESS_DETAIL else TEXT_MAX
    if len(value) > limit:
        return None, _("Attribute %(code)s is longer than %(limit)s characters.") % {
            "code": code, "limit": limit}
    if attribute.datatype == "string" and "\n" in value:
        return None, _("Attribute %(code)s must be one line.") % {"code": code}
    if attribute.datatype == "number" and not _is_number(value):
        return None, _("Attribute %(code)s must be a number.") % {"code": code}
    if attribute.datatype == "datetime" and not _is_datetime(value):
        return None, _("Attribute %(code)s must be an ISO 8601 date and time.") % {
            "code": code}
    return value, None


def _is_number(value: str) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return number == number and abs(number) != float("inf")


def _is_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def summary(subcategory, answers: dict) -> str:
    """The answers other than the address detail, as lines for the case's description. In
    Chinese, the platform's working language, like the rest of the case log."""
    lines = []
    with override("zh-hans"):
        for attribute in attributes_for(subcategory):
            value = answers.get(attribute.code)
            if attribute.code == ADDRESS_DETAIL or value is None:
                continue
            names = dict(attribute.values)
            shown = [str(names.get(v, v)) for v in (value if isinstance(value, list) else
                                                     [value])]
            lines.append(f"{attribute.description}{'、'.join(shown)}")
    return "\n".join(lines)
