"""Import historical cases from a CSV file (a predecessor system's export, a hotline archive).

Columns: tracking_number (optional), subcategory (code), lat, lon (WGS84), description,
address, address_code (optional: a standard address code), created_at (ISO 8601; without an
offset it is local time), status (a status code such
as ``closed`` or its Chinese name such as 已结案), department (code, optional). Rows are read in
batches: each row is checked, located in the active grid generation's in-memory index (no query
per row), routed by the duty list (route_case, cached per subcategory and community), and the
batch is written with bulk_create, one "import" step per case.

Choices:
* A row without lat and lon is placed by its address_code or address at the standard address
  it names (events/intake/geocoding.py; a match of at least GEOCODE_MIN_SCORE), else at no
  point, for manual dispatch. So lat and lon may be left out when there is an address column.
* A row with a department code keeps that department; otherwise routing decides, as for a new
  report. A point outside every grid is imported all the same, for manual dispatch.
* A case still open gets the clock of its stage started now: the history says nothing about
  deadlines, and an open case must still be chased. Cases that were shelved or waiting for an
  extension keep their clock paused.
* Tracking numbers missing from the file are drawn from the per-day counters of the case's
  reporting day, reserved with the same UPSERT as live reports, so the two never collide; a
  number given in the file in the platform's own format moves its day's counter past it.
"""

import csv
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop, override

from common.i18n import Phrase, log_texts
from events.intake.geocoding import Placement, placement
from events.intake.services import advance_tracking_counters
from events.models import Case, CaseStep, Source, StageRecord, Status
from events.sla.calendar import stage_deadline, stage_department, warning_moment
from events.workflow import levels
from grids.index import GridIndex, active_index
from grids.models import Region
from org.models import Department, Matter
from org.routing import route_case
from taxonomy.models import Stage, Subcategory

REQUIRED = ("subcategory", "lat", "lon", "created_at", "status")
OPTIONAL = ("tracking_number", "description", "address", "address_code", "department")
# lat and lon may be missing from the file when it names addresses instead.
PLACED_BY = ("address", "address_code")
ALIASES = {"subcategory_code": "subcategory", "department_code": "department"}
# The stage an open case is in, by status; None: its clock is paused.
OPEN_STAGE = {Status.REPORTED: Stage.ACCEPT, Status.ACCEPTED: Stage.DISPATCH,
              Status.RETURNED: Stage.DISPATCH, Status.DISPATCHED: Stage.HANDLE,
              Status.PROCESSING: Stage.HANDLE, Status.RESOLVED: Stage.VERIFY,
              Status.CHECKING: Stage.ACCEPT, Status.RETURN_REQUESTED: None,
              Status.EXTENSION_REQUESTED: None, Status.SHELVED: None}
OWN_FORMAT = re.compile(r"^(\d{8})-(\d{6})$")
MAX_TRACKING = Case._meta.get_field("tracking_number").max_length
MAX_ADDRESS = Case._meta.get_field("address").max_length
ROLE = "import"


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str
    row: dict = field(default_factory=dict, compare=False)


@dataclass
class Result:
    read: int = 0
    imported: int = 0
    outside_grids: int = 0
    manual: int = 0  # no department: waiting in the manual dispatch queue
    geocoded: int = 0  # placed by their address (no lat and lon in the row)
    rejected: list[Rejection] = field(default_factory=list)


@dataclass
class Context:
    """Everything looked up once per import instead of once per row."""

    file_name: str
    source: str
    now: datetime
    index: GridIndex
    subcategories: dict
    departments: dict
    statuses: dict
    grids: dict = field(default_factory=dict)  # region id -> Region with its ancestors
    grid_matters: set = field(default_factory=set)  # region codes of active matters
    routes: dict = field(default_factory=dict)  # see _route
    deadlines: dict = field(default_factory=dict)
    numbers: set = field(default_factory=set)  # tracking numbers seen in the file


@dataclass
class Row:
    """One accepted row, ready to write."""

    line: int
    case: Case
    step: CaseStep
    record: StageRecord | None


def import_cases(path, *, encoding: str = "utf-8-sig", source: str = Source.CITIZEN,
                 batch_size: int = 2000, progress: Callable = lambda rows: rows) -> Result:
    """Import the CSV file at `path`. Writes as it goes; the caller owns the transaction (and
    so decides whether anything is kept)."""
    with open(path, encoding=encoding, newline="") as handle:
        advance_tracking_counters(_own_numbers(csv.DictReader(handle)))
    context = _context(getattr(path, "name", str(path)), source)
    result = Result()
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        header = _check_header(reader.fieldnames)
        for batch in _batches(progress(_numbered(reader, header)), batch_size):
            _write(_accepted(batch, context, result), result)
    result.rejected.sort(key=lambda rejection: rejection.line)
    return result


def _check_header(fieldnames) -> dict[str, str]:
    """File column -> our column name; a missing required column stops everything."""
    header = {}
    for name in fieldnames or []:
        key = (name or "").strip().lower()
        header[name] = ALIASES.get(key, key)
    needed = REQUIRED
    if any(column in header.values() for column in PLACED_BY):
        needed = tuple(column for column in REQUIRED if column not in ("lat", "lon"))
    missing = [column for column in needed if column not in header.values()]
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)}")
    return header


def _context(file_name: str, source: str) -> Context:
    with override("zh-hans"):
        statuses = {str(label): value for value, label in Status.choices}
    statuses.update({value: value for value in Status.values})
    return Context(
        file_name=file_name, source=source, now=timezone.now(), index=active_index(),
        subcategories={s.code: s for s in Subcategory.objects.select_related("category")},
        departments={d.code: d for d in Department.objects.all()}, statuses=statuses,
        grid_matters=set(Matter.objects.filter(duty_list__is_active=True)
                         .values_list("region_code", flat=True)),
    )


def _numbered(reader: csv.DictReader, header: dict) -> Iterator[tuple[int, dict]]:
    """(first line of the record, row by our column names); line 1 is the header."""
    line = reader.line_num + 1
    for raw in reader:
        row = {header.get(k, k): (v or "").strip() for k, v in raw.items() if k is not None}
        yield line, row
        line = reader.line_num + 1


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _accepted(batch: list[tuple[int, dict]], context: Context, result: Result) -> list[Row]:
    result.read += len(batch)
    parsed = []
    for line, raw in batch:
        try:
            parsed.append((line, raw, _parse(raw, context)))
        except ValueError as error:
            result.rejected.append(Rejection(line, str(error), raw))
    _load_grids(context, [fields["grid_id"] for _, _, fields in parsed])
    taken = _numbers_taken([fields["tracking_number"] for _, _, fields in parsed])
    rows = []
    for line, raw, fields in parsed:
        if fields["tracking_number"] in taken:
            result.rejected.append(Rejection(
                line, f"tracking number {fields['tracking_number']} already exists", raw))
            continue
        rows.append(_row(line, fields, context))
    return rows


def _parse(raw: dict, context: Context) -> dict:
    """The row's fields, checked; a ValueError names the first problem."""
    if any("\x00" in value for value in raw.values()):
        raise ValueError("the row contains a NUL character")
    subcategory = context.subcategories.get(raw.get("subcategory", ""))
    if subcategory is None:
        raise ValueError(f"unknown subcategory {raw.get('subcategory', '')!r}")
    status = _status(raw.get("status", ""), context)
    address = raw.get("address", "")
    if len(address) > MAX_ADDRESS:
        raise ValueError(f"address is longer than {MAX_ADDRESS} characters")
    placed = _placement(raw, address)
    if placed is None:
        lat, lon = _coordinate(raw.get("lat", ""), "lat", 90), _coordinate(raw.get("lon", ""),
                                                                           "lon", 180)
    else:
        lat, lon, address = placed.lat, placed.lon, placed.text or address
    fields = {
        "tracking_number": _tracking_number(raw.get("tracking_number", ""), context),
        "subcategory": subcategory, "status": status, "lat": lat, "lon": lon,
        "created_at": _moment(raw.get("created_at", ""), context.now),
        "description": raw.get("description", "") or subcategory.name_zh, "address": address,
        "department": _department(raw.get("department", ""), context), "placement": placed,
    }
    position = context.index.locate(lon, lat)
    fields["grid_id"] = None if position is None else int(context.index.ids[position])
    if fields["tracking_number"]:
        context.numbers.add(fields["tracking_number"])
    return fields


def _placement(raw: dict, address: str) -> Placement | None:
    """None when the row has a point (or nothing to place it by: then lat and lon are checked
    and found missing); one query of the address register otherwise."""
    code = raw.get("address_code", "")
    if raw.get("lat", "") or raw.get("lon", "") or not (address or code):
        return None
    return placement(address, code)


def _status(text: str, context: Context) -> str:
    status = context.statuses.get(text) or context.statuses.get(text.lower())
    if status is None:
        raise ValueError(f"unknown status {text!r}")
    return status


def _coordinate(text: str, name: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not -limit <= value <= limit:  # also refuses NaN
        raise ValueError(f"{name} {value} is out of range")
    return value


def _moment(text: str, now: datetime) -> datetime:
    """ISO 8601, or the 2025/3/1 8:30 of spreadsheets; without an offset, local time."""
    match = re.match(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2})(:.*)?)?$", text)
    if not match:
        raise ValueError(f"created_at {text!r} is not a date and time")
    year, month, day, hour, rest = match.groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        iso += f"T{int(hour):02d}{rest or ':00'}"
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    except (ValueError, OverflowError):
        raise ValueError(f"created_at {text!r} is not a date and time") from None
    if moment > now:
        raise ValueError(f"created_at {text} lies in the future")
    return moment


def _department(code: str, context: Context) -> Department | None:
    if not code:
        return None
    department = context.departments.get(code)
    if department is None:
        raise ValueError(f"unknown department {code!r}")
    return department


def _tracking_number(number: str, context: Context) -> str:
    if not number:
        return ""
    if len(number) > MAX_TRACKING or not re.fullmatch(r"[0-9A-Za-z-]+", number):
        raise ValueError(f"tracking number {number!r} is not up to {MAX_TRACKING} letters, "
                         "digits and hyphens")
    if number in context.numbers:
        raise ValueError(f"tracking number {number} appears twice in the file")
    return number


def _load_grids(context: Context, ids: list[int | None]) -> None:
    missing = {pk for pk in ids if pk is not None and pk not in context.grids}
    if missing:
        # Only codes and the tree are needed; boundaries are big JSON, not worth decoding.
        regions = (Region.objects.select_related("parent__parent__parent")
                   .defer("geometry", "parent__geometry", "parent__parent__geometry",
                          "parent__parent__parent__geometry").in_bulk(missing))
        context.grids.update(regions)


def _numbers_taken(numbers: list[str]) -> set[str]:
    wanted = [number for number in numbers if number]
    return set(Case.objects.filter(tracking_number__in=wanted)
               .values_list("tracking_number", flat=True)) if wanted else set()


def _route(context: Context, subcategory: Subcategory, grid: Region | None):
    """route_case, cached per subcategory and community: matters and their 属地 owners depend
    on the grid only through its community and street (unless a matter names the grid
    itself), so a city's 100,000 grids collapse into a few thousand routing calls. History
    is routed by matter alone, not by components."""
    path = [region.code for region in grid.path()] if grid else None
    key = (subcategory.pk, None if path is None else
           (path[0] if path[0] in context.grid_matters else "", *path[1:]))
    if key not in context.routes:
        with override("zh-hans"):  # the log is kept in the platform's working language
            context.routes[key] = route_case(subcategory=subcategory, grid=grid)
    return context.routes[key]


def _row(line: int, fields: dict, context: Context) -> Row:
    subcategory, grid = fields["subcategory"], context.grids.get(fields["grid_id"])
    route = _route(context, subcategory, grid)
    department = fields["department"] or route.department
    community = grid.parent if grid else None
    level, owner_region = levels.entry(route.level, grid)
    case = Case(
        tracking_number=fields["tracking_number"], tracking_secret=secrets.token_urlsafe(16),
        source=context.source, subcategory=subcategory, lat=fields["lat"], lon=fields["lon"],
        address=fields["address"], description=fields["description"], grid=grid,
        community_code=community.code if community else "",
        street_code=community.parent.code if community and community.parent else "",
        department=department, status=fields["status"], urgency=subcategory.default_urgency,
        created_at=fields["created_at"], matter=route.matter, level=level,
        owner_region=owner_region,
    )
    record = _start_clock(case, context)
    note = Phrase(gettext_noop("Imported history: %(file)s, line %(line)s."),
                  {"file": context.file_name, "line": line}) + (
        Phrase(gettext_noop("Department as the import file gives it."))
        if fields["department"] else route.reason)
    data = {"file": context.file_name, "line": line, "routing": route.details,
            "grid": grid.code if grid else None, "level": level, "region": owner_region}
    if (placed := fields["placement"]) is not None:
        note += placed.note()
        data["geocoding"] = placed.data()
    # The log is kept in the platform's working language, with the English beside it.
    note, english = log_texts(note, "zh-hans")
    step = CaseStep(case=case, action="import", role=ROLE, from_status="",
                    to_status=case.status, to_department=department, note=note,
                    data={**data, **english}, created_at=case.created_at)
    return Row(line, case, step, record)


def _start_clock(case: Case, context: Context) -> StageRecord | None:
    """Open cases get the clock of their stage started now (see the module docstring)."""
    if case.status not in OPEN_STAGE:
        return None
    now, stage = context.now, OPEN_STAGE[case.status]
    if stage is None:
        case.stage, case.stage_started_at, case.paused_at = Stage.HANDLE, now, now
        return None
    owner = stage_department(stage, department=case.department, street_code=case.street_code)
    around = bool(owner and owner.works_around_the_clock)
    key = (case.subcategory_id, case.urgency, stage, around, case.matter_id)
    if key not in context.deadlines:
        context.deadlines[key] = stage_deadline(case.subcategory, case.urgency, stage, now,
                                                owner if around else None, case.matter)
    due = context.deadlines[key]
    case.stage, case.stage_started_at, case.due_at = stage, now, due
    case.warn_at = warning_moment(now, due)
    return StageRecord(case=case, stage=stage, department=case.department, started_at=now,
                       due_at=due)


def _write(rows: list[Row], result: Result) -> None:
    if not rows:
        return
    _assign_numbers([row.case for row in rows if not row.case.tracking_number])
    Case.objects.bulk_create([row.case for row in rows], batch_size=1000)
    CaseStep.objects.bulk_create([row.step for row in rows], batch_size=2000)
    StageRecord.objects.bulk_create([row.record for row in rows if row.record],
                                    batch_size=2000)
    result.imported += len(rows)
    result.outside_grids += sum(1 for row in rows if row.case.grid_id is None)
    result.manual += sum(1 for row in rows if row.case.department_id is None)
    result.geocoded += sum(1 for row in rows if row.step.data.get("geocoding", {}).get("code"))


def _assign_numbers(cases: list[Case]) -> None:
    """Reserve every day's block of numbers in one UPSERT, the statement live reports draw
    theirs with, so the two never collide."""
    if not cases:
        return
    by_day: dict = {}
    for case in cases:
        by_day.setdefault(timezone.localdate(case.created_at), []).append(case)
    values = ", ".join(["(%s, %s)"] * len(by_day))
    params = [item for day, members in by_day.items() for item in (day, len(members))]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO events_trackingcounter (day, last) VALUES {values} "
            "ON CONFLICT (day) DO UPDATE SET last = events_trackingcounter.last + "
            "excluded.last RETURNING day, last", params)
        reserved = cursor.fetchall()
    for day, last in reserved:
        day = _as_date(day)
        members = by_day[day]
        for sequence, case in enumerate(members, start=last - len(members) + 1):
            case.tracking_number = f"{day:%Y%m%d}-{sequence:06d}"


def _as_date(value) -> date:
    """SQLite hands a DATE column back as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _own_numbers(reader: csv.DictReader) -> dict:
    """The highest sequence per day among the file's numbers in the platform's own format."""
    column = next((name for name in reader.fieldnames or []
                   if (name or "").strip().lower() == "tracking_number"), None)
    highest: Counter = Counter()
    for row in reader if column else ():
        match = OWN_FORMAT.match((row.get(column) or "").strip())
        if match:
            try:
                day = datetime.strptime(match[1], "%Y%m%d").date()
            except ValueError:
                continue
            highest[day] = max(highest[day], int(match[2]))
    return highest
