"""Case intake: locate, route and store a report with its first log step in one transaction
(on PostgreSQL, one statement: events/intake/store.py), its tracking number drawn before."""

import secrets
import threading
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from common.i18n import log_texts
from common.photos import files_kept_only_with_their_rows, sanitized
from events.intake import store
from events.intake.geocoding import Placement, placement
from events.models import Case, CasePhoto, CaseStep, RequestType, Source, StageRecord, Status
from events.notify.outbox import case_reported_rows, notify_case_reported
from events.sla.calendar import stage_deadline, stage_department, warning_moment
from events.workflow import levels
from events.workflow.selectors import worker_grid_codes
from events.workflow.services import auto_accept
from grids.index import in_district, locate_grid
from org.models import Component
from org.routing import Route, route_case
from taxonomy.models import Stage, Subcategory

ADDRESS_MAX = Case._meta.get_field("address").max_length


# Numbers a process reserves at a time for the reports it files on its own transactions: one
# counter round trip per NUMBER_BLOCK reports instead of one per report (docs/performance.md).
NUMBER_BLOCK = 20
_reserved: dict = {}  # day → [next, last] of this process's block
_reserving = threading.Lock()


def next_tracking_number(now) -> str:
    """Date + per-day sequence, from the day's counter row: one UPSERT statement, so
    concurrent reports never collide. Drawn in a transaction of its own, before the report's:
    the counter row stays locked until its transaction's commit has reached the disk, and the
    next report's number would wait for it (store.no_disk_wait: on PostgreSQL that commit does
    not wait for the disk). There a process reserves NUMBER_BLOCK numbers at once and hands
    them out in turn: the day's numbers stay unique, though not in the order of filing
    across processes, and a process that stops leaves the rest of its block unused (a gap,
    as a refused report leaves one). Inside a transaction that may still roll back, one
    number is drawn with it."""
    day = timezone.localdate(now)
    if not store.no_disk_wait():
        return _number(day, _draw(day, 1))
    with _reserving:
        block = _reserved.get(day)
        if block is None or block[0] > block[1]:
            last = _draw(day, NUMBER_BLOCK)
            _reserved.clear()  # earlier days' blocks are done with
            block = _reserved[day] = [last - NUMBER_BLOCK + 1, last]
        sequence = block[0]
        block[0] += 1
    return _number(day, sequence)


def forget_reserved_numbers() -> None:
    """Drop this process's reserved block (tests, whose counters are deleted between them)."""
    with _reserving:
        _reserved.clear()


def _draw(day, count: int) -> int:
    """Move the day's counter on by `count`; the last number reserved."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_trackingcounter (day, last) VALUES (%s, %s) "
            "ON CONFLICT (day) DO UPDATE SET last = events_trackingcounter.last + %s "
            f"RETURNING last{store.no_disk_wait()}",
            [day, count, count],
        )
        return cursor.fetchone()[0]


def _number(day, sequence: int) -> str:
    return f"{day:%Y%m%d}-{sequence:06d}"


def advance_tracking_counters(highest: dict) -> None:
    """Move each day's counter past numbers already taken (imported or generated history), so
    that new reports never draw one of them."""
    with connection.cursor() as cursor:
        for day, last in highest.items():
            cursor.execute(
                "INSERT INTO events_trackingcounter (day, last) VALUES (%s, %s) "
                "ON CONFLICT (day) DO UPDATE SET last = "
                "CASE WHEN events_trackingcounter.last > excluded.last "
                "THEN events_trackingcounter.last ELSE excluded.last END",
                [day, last])


@dataclass(frozen=True, kw_only=True)
class Report:
    subcategory: Subcategory
    description: str
    # No point: the report is placed by its address (place() below).
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    address_code: str = ""  # a standard address's code (places.Address.code)
    contact_phone: str = ""
    contact_email: str = ""
    source: str = Source.CITIZEN
    request_type: str = RequestType.COMPLAINT
    placement: Placement | None = None  # how place() found the point, for the log
    # A component the reporter picked (org.routing.picked_component checked it)
    component: Component | None = None


def place(report: Report) -> Report:
    """A report with a point stays as it is; one with only an address (text or code) is put at
    the standard address it names, which becomes its address, or nowhere (manual dispatch)."""
    if report.lat is not None and report.lon is not None:
        return report
    found = placement(report.address, report.address_code)
    return replace(report, lat=found.lat, lon=found.lon, placement=found,
                   address=(found.text or report.address)[:ADDRESS_MAX])


def case_report(*, report: Report, reporter=None, photos=(), role: str = "citizen") -> Case:
    """File a report. A report that cannot be routed is stored all the same, with no department,
    and so waits in the manual dispatch queue. Grid workers' patrol reports are accepted at
    once (and dispatched when routing found the owner)."""
    report = place(report)
    now = timezone.now()
    grid = locate_grid(report.lat, report.lon)
    with override("zh-hans"):  # the log is kept in the platform's working language
        route = route_case(subcategory=report.subcategory, grid=grid, lat=report.lat,
                           lon=report.lon, component=report.component)
    case = _unsaved_case(report, reporter, grid, route, now)
    stage = StageRecord(case=case, stage=Stage.ACCEPT, started_at=now, due_at=case.due_at,
                        department=route.department)
    step = _first_step(case, route, report.placement, reporter, role, now)
    # Re-encoded before the transaction: seconds of image work must not hold a write lock.
    images = [sanitized(photo) for photo in photos]
    # A patrol report from the worker's own grids is accepted at once; one from anywhere
    # else waits for 立案 like a citizen's.
    accepted = (report.source == Source.GRID_WORKER and grid is not None
                and grid.code in worker_grid_codes(reporter))
    case.tracking_number = next_tracking_number(now)
    if not images and not accepted and store.available():
        store.insert_report(case=case, stage=stage, step=step, notes=case_reported_rows(case))
        return case
    with files_kept_only_with_their_rows() as written, transaction.atomic():
        case.save(force_insert=True)
        for row in (stage, step):
            row.case = case
            row.save(force_insert=True)
        for image in images:
            written.append(CasePhoto.objects.create(case=case, step=step, image=image).image)
        if accepted:
            return auto_accept(case)
        notify_case_reported(case)
    return case


def _unsaved_case(report: Report, reporter, grid, route: Route, now) -> Case:
    urgency = report.subcategory.default_urgency
    regions = _region_codes(grid)
    # 立案 runs on the calendar of the command centre on duty for the place (24-hour by default).
    centre = stage_department(Stage.ACCEPT, street_code=regions.get("street_code", ""))
    due = stage_deadline(report.subcategory, urgency, Stage.ACCEPT, now, centre)
    level, owner_region = levels.entry(route.level, grid)
    return Case(
        tracking_secret=secrets.token_urlsafe(16), source=report.source, **regions,
        subcategory=report.subcategory, lat=report.lat, lon=report.lon,
        address=report.address, description=report.description,
        contact_phone=report.contact_phone, contact_email=report.contact_email,
        reporter=reporter, grid=grid,
        request_type=report.request_type, matter=route.matter, level=level,
        owner_region=owner_region, department=route.department, status=Status.REPORTED,
        urgency=urgency, stage=Stage.ACCEPT, stage_started_at=now, created_at=now, due_at=due,
        warn_at=warning_moment(now, due),
    )


def _region_codes(grid) -> dict:
    if grid is None:
        return {}
    community = grid.parent
    street = community.parent if community else None
    return {"community_code": community.code if community else "",
            "street_code": street.code if street else ""}


def _first_step(case: Case, route: Route, placed: Placement | None, reporter, role: str,
                now) -> CaseStep:
    data = {"routing": route.details, "grid": case.grid.code if case.grid else None,
            "level": case.level, "region": case.owner_region}
    note = route.reason
    if placed is not None:
        note = placed.note() + note
        data["geocoding"] = placed.data()
    # The log is kept in the platform's working language, with the English beside it.
    note, english = log_texts(note, "zh-hans")
    return CaseStep(
        case=case, action="report", actor=reporter, role=role, from_status="",
        to_status=Status.REPORTED, to_department=route.department, note=note,
        data={**data, **english}, created_at=now,
    )


def outside_district(case: Case) -> bool:
    """Whether the case lies outside the area the platform serves (not merely between grids):
    the reporter is told to turn to 12345 or the place's own government."""
    return case.grid_id is None and not in_district(case.lat, case.lon)


def receipt_message(case: Case) -> str:
    """What the reporter is told when the report is stored (form, API, Open311)."""
    if outside_district(case):
        return _("The location is outside this district. Your report is recorded and the "
                 "command centre will pass it on if it can; for a problem elsewhere, call "
                 "the 12345 hotline of the city where it is.")
    if case.grid_id is None:
        return _("The location is outside every grid; the command centre will dispatch your "
                 "report by hand.")
    if case.department_id is None:
        return _("No department is responsible by default; the command centre will dispatch "
                 "your report by hand.")
    return _("Your report has been received.")
