"""Duty workbooks (权责清单) as the offices keep them in Excel: two sheets, 部门 and 权责事项,
with Chinese column headers in any order; other columns are ignored (docs/duties.md).

read() takes a workbook apart; check() turns its rows into the departments and matters they
describe and names every problem by sheet, row and code in one pass, 属地 references checked
for every street and community where a matter applies, against the departments as they will
be after the import; save() writes a checked plan (the new list inactive unless asked);
export() writes the active list back in the same format.
"""

import datetime
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from common import reference
from grids.models import Region
from org import routing
from org.models import Department, DutyList, Level, Matter
from taxonomy.models import Subcategory

DEPARTMENTS, MATTERS = "部门", "权责事项"
DEPARTMENT_COLUMNS = ["部门编码", "部门名称", "类型", "服务区域编码", "职能", "上级部门",
                      "24小时值守"]
MATTER_COLUMNS = ["事项编码", "事项名称", "小类编码", "处置层级", "主办", "协办", "法律依据",
                  "处置时限", "时限单位", "到场时限", "适用区域编码", "默认", "生效日期",
                  "失效日期"]
REQUIRED = {DEPARTMENTS: ["部门编码", "部门名称", "类型"],
            MATTERS: ["事项编码", "事项名称", "小类编码", "处置层级", "主办", "默认"]}

K = Department.Kind
KINDS = {"局": K.BUREAU, "公司": K.UTILITY, "街道": K.STREET, "村居": K.COMMUNITY,
         "指挥中心": K.COMMAND}
KIND_LEVEL = {K.STREET: Level.STREET, K.COMMUNITY: Level.COMMUNITY}  # others: district
LEVELS = {"区": Level.DISTRICT, "镇街": Level.STREET, "村居": Level.COMMUNITY,
          "网格": Level.GRID}
UNITS = {"小时": Matter.Unit.CALENDAR_HOURS, "工作小时": Matter.Unit.WORKING_HOURS,
         "工作日": Matter.Unit.WORKING_DAYS}
YES_NO = {"是": True, "否": False}
SEPARATOR = re.compile(r"[;；]")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
LOCAL = {routing.LOCAL_STREET: Level.STREET, routing.LOCAL_COMMUNITY: Level.COMMUNITY}
UNREADABLE = (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException,
              ParseError)
SHOWN_REGIONS = 3  # regions named in one unresolvable-reference problem


class WorkbookError(ValueError):
    """The file cannot be read as a duty workbook at all."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    code: str
    message: str

    def __str__(self):
        return _("%(sheet)s row %(row)s %(code)s: %(message)s") % {
            "sheet": self.sheet, "row": self.row, "code": self.code or "-",
            "message": self.message}


@dataclass
class Plan:
    """What a workbook would change: departments created or updated, the matters of the new
    list, and every problem found (nothing may be written while there is one)."""

    region_code: str
    departments: list = field(default_factory=list)  # Department, unsaved changes
    parents: dict = field(default_factory=dict)  # department code → parent code ("" = none)
    matters: list = field(default_factory=list)  # Matter, unsaved
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def problem(self, sheet, row, code, message) -> None:
        self.problems.append(Problem(sheet, row, code, message))


# --- reading ----------------------------------------------------------------------------------


def read(source) -> dict[str, tuple[set, list]]:
    """{sheet: (headers, [(row number, {header: value})])} of the sheets the workbook has."""
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
        try:
            names = {name.strip(): name for name in book.sheetnames}
            return {sheet: _rows(book[names[sheet]]) for sheet in (DEPARTMENTS, MATTERS)
                    if sheet in names}
        finally:
            book.close()
    except UNREADABLE as error:  # not a zip, not OOXML, or broken XML inside
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx): %(error)s") % {
            "error": error}) from error


def _rows(sheet) -> tuple[set, list]:
    rows = sheet.iter_rows(values_only=True)
    headers = [_text(value) for value in next(rows, ())]
    found = []
    for number, values in enumerate(rows, start=2):
        if all(_text(value) == "" for value in values):
            continue  # blank lines between blocks are common in hand-kept sheets
        found.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
    return set(headers) - {""}, found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number
    return str(value).strip()


# --- checking ---------------------------------------------------------------------------------


class Regions:
    """The active generation's region tree, to check a reference in every region it serves."""

    def __init__(self):
        self.level, self.parent, self.children = {}, {}, defaultdict(list)
        for code, level, parent in Region.objects.filter(generation__is_active=True) \
                .values_list("code", "level", "parent__code").iterator(chunk_size=5000):
            self.level[code], self.parent[code] = level, parent
            if parent and level != Level.GRID:
                self.children[parent].append(code)
        self._paths = {}

    def top(self) -> str:
        """The district (the root) of the active generation; "" when there is none or several."""
        roots = [code for code, parent in self.parent.items() if parent is None]
        return roots[0] if len(roots) == 1 else ""

    def path(self, code) -> dict[str, str]:
        """{level: code} of this region and its ancestors."""
        found = {}
        while code:
            found[self.level[code]] = code
            code = self.parent.get(code)
        return found

    def within(self, code, top) -> bool:
        return top in self.path(code).values() if code in self.level else False

    def paths_under(self, code) -> list[dict[str, str]]:
        """The region path of every community in this region (of the street where it has
        none; of the region itself at community level or below)."""
        if code not in self._paths:
            leaves, todo = [], [code]
            while todo:
                node = todo.pop()
                below = self.children.get(node, [])
                if self.level[node] in (Level.COMMUNITY, Level.GRID) or not below:
                    leaves.append(node)
                else:
                    todo += below
            self._paths[code] = [self.path(leaf) for leaf in leaves]
        return self._paths[code]


def check(sheets: dict, *, region_code: str = "") -> Plan:
    """The plan a workbook read by read() describes, with all of its problems."""
    regions = Regions()
    plan = Plan(region_code=region_code or regions.top())
    if plan.region_code not in regions.level:
        plan.problem(MATTERS, 0, plan.region_code, _(
            "The list's region is not a region of the active grid generation."))
        return plan
    if MATTERS not in sheets:
        plan.problem(MATTERS, 0, "", _("The workbook has no sheet named %(sheet)s.") % {
            "sheet": MATTERS})
    for sheet, (headers, _found) in sheets.items():  # 部门 may be left out: no changes
        for column in REQUIRED[sheet]:
            if column not in headers:
                plan.problem(sheet, 1, "", _("Column %(column)s is missing.") % {
                    "column": column})
    if plan.problems:
        return plan
    departments = _check_departments(sheets.get(DEPARTMENTS, (set(), []))[1], plan, regions)
    _check_matters(sheets[MATTERS][1], plan, regions, departments)
    return plan


def _check_departments(rows, plan: Plan, regions: Regions) -> dict:
    """Departments as they will be after the import, by code; the changed ones in the plan."""
    future = {d.code: d for d in Department.objects.select_related("parent")}
    before = {code: (*_department_fields(d), d.parent.code if d.parent else "")
              for code, d in future.items()}
    seen = {}
    for number, row in rows:
        code = _text(row.get("部门编码"))
        if code in seen:
            plan.problem(DEPARTMENTS, number, code, _("The code is already on row %(row)s.")
                         % {"row": seen[code]})
            continue
        fields = _department_row(number, code, row, plan, regions)
        if fields is None:
            continue
        seen[code] = number
        department = future.setdefault(code, Department(code=code))
        for name, value in fields.items():
            setattr(department, name, value)
        if "上级部门" in row:
            plan.parents[code] = _text(row["上级部门"])
    for code, parent in plan.parents.items():
        if parent and (parent not in future or parent == code):
            plan.problem(DEPARTMENTS, seen[code], code, _(
                "Supervising body %(parent)s is no department.") % {"parent": parent})
    plan.departments = [future[code] for code in seen]
    changed = [code for code in seen if code in before and before[code] != (
        *_department_fields(future[code]), plan.parents.get(code, before[code][-1]))]
    plan.counts.update(departments_new=sum(code not in before for code in seen),
                       departments_updated=len(changed))
    return future


def _department_fields(department) -> tuple:
    return (department.name, department.kind, department.level, department.region_code,
            department.function, department.works_around_the_clock)


def _department_row(number, code, row, plan, regions) -> dict | None:
    """The fields a 部门 row sets, or None when it has a problem (named in the plan)."""
    problems = len(plan.problems)

    def bad(message):
        plan.problem(DEPARTMENTS, number, code, message)

    name, kind_name = _text(row.get("部门名称")), _text(row.get("类型"))
    region, function = _text(row.get("服务区域编码")), _text(row.get("职能"))
    kind = KINDS.get(kind_name)
    if not code or len(code) > 32:
        bad(_("The department code is empty or longer than 32 characters."))
    if not name or len(name) > 100:
        bad(_("The department name is empty or longer than 100 characters."))
    if kind is None:
        bad(_("Type %(value)s is none of %(allowed)s.") % {
            "value": kind_name or "-", "allowed": "、".join(KINDS)})
    # A command centre serves the level of its region: the district's, or a street's
    # sub-centre (街道指挥分中心).
    level = KIND_LEVEL.get(kind) or (regions.level.get(region, Level.DISTRICT)
                                     if kind == K.COMMAND and region else Level.DISTRICT)
    if kind in KIND_LEVEL and regions.level.get(region) != level:
        bad(_("Region served %(region)s is no %(level)s of the active grid generation.") % {
            "region": region or "-", "level": Level(level).label})
    elif region and region not in regions.level:
        bad(_("Region served %(region)s is no region of the active grid generation.") % {
            "region": region})
    if len(function) > 32:
        bad(_("The function is longer than 32 characters."))
    fields = {"name": name, "kind": kind, "level": level, "region_code": region,
              "function": function}
    if "24小时值守" in row:
        fields["works_around_the_clock"] = _yes_no(row["24小时值守"], "24小时值守", bad,
                                                   blank=False)
    return fields if len(plan.problems) == problems else None


def _check_matters(rows, plan: Plan, regions: Regions, departments: dict) -> None:
    subcategories = {s.code: s for s in Subcategory.objects.all()}
    index = routing.department_index(departments.values())
    resolved = {}  # (reference, region) → the problem text, or "" when it resolves everywhere
    checked = {}  # (code, region) → row
    for number, row in rows:
        matter = _matter_row(number, row, plan, regions, subcategories, departments)
        if matter is None:
            continue
        key = (matter.code, matter.region_code)
        if key in checked:
            plan.problem(MATTERS, number, matter.code, _(
                "The same code for the same region is already on row %(row)s.") % {
                "row": checked[key]})
            continue
        checked[key] = number
        matter.row = number
        _check_owners(matter, plan, regions, index, resolved)
        plan.matters.append(matter)
    _check_conflicts(plan)
    defaults = {m.subcategory.code for m in plan.matters if m.is_default}
    plan.counts.update(
        matters=len(plan.matters), subcategories=len({m.subcategory.code for m in plan.matters}),
        defaults=sum(m.is_default for m in plan.matters),
        regional=sum(bool(m.region_code) for m in plan.matters),
        references_checked=len(resolved),
        subcategories_without_default=len(set(subcategories) - defaults))


def _matter_row(number, row, plan, regions, subcategories, departments) -> Matter | None:
    """The unsaved matter a 权责事项 row describes, or None when it has a problem."""
    problems = len(plan.problems)
    code = _text(row.get("事项编码"))

    def bad(message):
        plan.problem(MATTERS, number, code, message)

    name, sub_code = _text(row.get("事项名称")), _text(row.get("小类编码"))
    sub_code = sub_code.zfill(5) if sub_code.isdigit() else sub_code  # 01001 typed as 1001
    level, lead = LEVELS.get(_text(row.get("处置层级"))), _text(row.get("主办"))
    assisting = [ref.strip() for ref in SEPARATOR.split(_text(row.get("协办"))) if ref.strip()]
    region = _text(row.get("适用区域编码"))
    if not code or len(code) > 32:
        bad(_("The matter code is empty or longer than 32 characters."))
    if not name or len(name) > 200:
        bad(_("The matter name is empty or longer than 200 characters."))
    if sub_code not in subcategories:
        bad(_("No subcategory with code %(code)s.") % {"code": sub_code or "-"})
    if level is None:
        bad(_("Handling level %(value)s is none of %(allowed)s.") % {
            "value": _text(row.get("处置层级")) or "-", "allowed": "、".join(LEVELS)})
    if not lead:
        bad(_("The lead (主办) is empty."))
    for ref in [lead, *assisting]:
        if ref and len(ref) > 64:
            bad(_("Reference %(ref)s is longer than 64 characters.") % {"ref": ref})
        elif ref and _local_level(ref) is None and ref not in departments:
            bad(_("No department with code %(code)s.") % {"code": ref})
    if region and not regions.within(region, plan.region_code):
        bad(_("Region %(region)s is not in the list's region %(top)s of the active grid "
              "generation.") % {"region": region, "top": plan.region_code})
    limit, unit, response = _time_limit(row, bad)
    default = _yes_no(row.get("默认"), "默认", bad, blank=None)
    start, end = _date(row.get("生效日期"), bad), _date(row.get("失效日期"), bad)
    if start and end and end < start:
        bad(_("The end date %(end)s is before the start date %(start)s.") % {
            "end": end, "start": start})
    if len(plan.problems) > problems:
        return None
    return Matter(code=code, name=name, subcategory=subcategories[sub_code], level=level,
                  lead=lead, assisting=assisting, legal_basis=_text(row.get("法律依据")),
                  time_limit=limit, time_unit=unit, response_hours=response,
                  region_code=region, is_default=default, effective_from=start,
                  effective_to=end)


def _local_level(ref: str) -> str | None:
    """The region level a 属地 reference reads (None for a department code)."""
    name, _sep, function = ref.partition(":")
    if name.strip() == routing.LOCAL_COMMUNITY and function:
        return None  # committees have no functions: routing reads it as a code
    return LOCAL.get(name.strip())


def _time_limit(row, bad) -> tuple:
    limit = _number(row.get("处置时限"), "处置时限", Decimal("99999.99"), bad)
    unit_name = _text(row.get("时限单位"))
    unit = UNITS.get(unit_name, "")
    if unit_name and not unit:
        bad(_("Time unit %(value)s is none of %(allowed)s.") % {
            "value": unit_name, "allowed": "、".join(UNITS)})
    elif bool(limit) != bool(unit):
        bad(_("A time limit and its unit go together: give both or neither."))
    response = _number(row.get("到场时限"), "到场时限", Decimal("9999.99"), bad)
    return limit, unit, response


def _number(value, column, most, bad) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 < number <= most or number != round(number, 2):
        bad(_("%(column)s %(value)s is not a number above 0 and up to %(most)s with at most two "
              "decimals.") % {"column": column, "value": text, "most": most})
        return None
    return number


def _yes_no(value, column, bad, *, blank):
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in YES_NO:
        return YES_NO[text]
    if not text and blank is not None:
        return blank
    if not text:
        bad(_("%(column)s is empty: write 是 or 否.") % {"column": column})
    else:
        bad(_("%(column)s must be 是 or 否, not “%(value)s”.") % {"column": column,
                                                              "value": text})
    return False


def _date(value, bad) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS if text else ():
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if text:
        bad(_("%(value)s is not a date (write 2025-01-31).") % {"value": text})
    return None


def _check_owners(matter, plan, regions, index, resolved) -> None:
    """Every 属地 reference of the matter names exactly one department in every street and
    community where the matter applies."""
    region = matter.region_code or plan.region_code
    for lead, refs in ((True, [matter.lead]), (False, matter.assisting)):
        for ref in refs:
            level = _local_level(ref)
            if level is None:
                continue  # a department code, checked with the row
            if (ref, region) not in resolved:
                resolved[(ref, region)] = _unresolved(ref, region, level, regions, index)
            if resolved[(ref, region)]:
                plan.problem(MATTERS, matter.row, matter.code, _(
                    "The %(role)s %(ref)s cannot be resolved: %(errors)s") % {
                    "role": _("lead") if lead else _("assisting body"), "ref": ref,
                    "errors": resolved[(ref, region)]})


def _unresolved(ref, region, level, regions, index) -> str:
    """The errors of resolving `ref` in every region of `level` under `region`, as a text."""
    paths = {path.get(level, ""): path for path in regions.paths_under(region)}
    errors = []
    for path in paths.values():
        try:
            routing.resolve_owner(ref, path, index)
        except routing.OwnerError as error:
            errors.append(str(error))
    if not errors:
        return ""
    shown = " ".join(errors[:SHOWN_REGIONS])
    if len(errors) > SHOWN_REGIONS:
        shown += " " + _("(%(count)s regions in all)") % {"count": len(errors)}
    return shown


def _check_conflicts(plan: Plan) -> None:
    """Two default matters of one subcategory for one region on overlapping dates."""
    groups = defaultdict(list)
    for matter in plan.matters:
        if matter.is_default:
            groups[(matter.subcategory.code, matter.region_code or plan.region_code)].append(
                matter)
    for (sub_code, region), matters in groups.items():
        for i, later in enumerate(matters):
            for earlier in matters[:i]:
                if _overlap(earlier, later):
                    plan.problem(MATTERS, later.row, later.code, _(
                        "Conflicts with row %(row)s (%(other)s): both are the default for "
                        "subcategory %(sub)s in region %(region)s on overlapping dates.") % {
                        "row": earlier.row, "other": earlier.code, "sub": sub_code,
                        "region": region})


def _overlap(a: Matter, b: Matter) -> bool:
    low, high = datetime.date.min, datetime.date.max
    return (a.effective_from or low) <= (b.effective_to or high) and \
        (b.effective_from or low) <= (a.effective_to or high)


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def save(plan: Plan, *, name: str, source: str = "", activate: bool = False) -> DutyList:
    """Write a plan without problems: departments created or updated, the list (inactive
    unless `activate`) with its matters."""
    if plan.problems:
        raise ValueError("a plan with problems cannot be saved")
    new = [d for d in plan.departments if d.pk is None]
    Department.objects.bulk_create(new)
    Department.objects.bulk_update([d for d in plan.departments if d.pk is not None], [
        "name", "kind", "level", "region_code", "function", "works_around_the_clock"],
        batch_size=500)
    _save_parents(plan)
    listed = DutyList.objects.create(name=name[:100], region_code=plan.region_code,
                                     source=source[-200:])
    for matter in plan.matters:
        matter.duty_list = listed
    Matter.objects.bulk_create(plan.matters, batch_size=500)
    reference.changed()  # bulk writes send no signals
    if activate:
        routing.activate(listed)
    return listed


def _save_parents(plan: Plan) -> None:
    ids = dict(Department.objects.filter(code__in=[*plan.parents, *plan.parents.values()])
               .values_list("code", "pk"))
    changed = [Department(pk=ids[code], parent_id=ids.get(parent))
               for code, parent in plan.parents.items()]
    Department.objects.bulk_update(changed, ["parent"], batch_size=500)


# --- exporting --------------------------------------------------------------------------------

KIND_NAMES = {kind: name for name, kind in KINDS.items()}
LEVEL_NAMES = {level: name for name, level in LEVELS.items()}
UNIT_NAMES = {unit: name for name, unit in UNITS.items()}


def export(target) -> DutyList:
    """Write the active list and the department register as an import reads them."""
    listed = DutyList.objects.filter(is_active=True).first()
    if listed is None:
        raise WorkbookError(_("No duty list is active."))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(DEPARTMENTS)
    sheet.append(DEPARTMENT_COLUMNS)
    for d in Department.objects.select_related("parent").order_by("code"):
        sheet.append(_cells(sheet, [
            d.code, d.name, KIND_NAMES[d.kind], d.region_code, d.function,
            d.parent.code if d.parent else "", "是" if d.works_around_the_clock else "否"]))
    sheet = book.create_sheet(MATTERS)
    sheet.append(MATTER_COLUMNS)
    for m in listed.matters.select_related("subcategory").order_by("code", "region_code"):
        sheet.append(_cells(sheet, [
            m.code, m.name, m.subcategory.code, LEVEL_NAMES[m.level], m.lead,
            "；".join(m.assisting), m.legal_basis, _plain(m.time_limit),
            UNIT_NAMES.get(m.time_unit, ""), _plain(m.response_hours), m.region_code,
            "是" if m.is_default else "否", m.effective_from, m.effective_to]))
    book.save(target)
    return listed


def _cells(sheet, values) -> list:
    """Text stays text: a value starting with = is not written as a formula."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


def _plain(number: Decimal | None):
    if number is None:
        return None
    return int(number) if number == int(number) else float(number)
