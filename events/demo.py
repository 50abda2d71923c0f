"""Synthetic historical cases for the demo district, with believable patterns: more reports
in the dense old town, on weekdays and in office hours, mosquito breeding in the wet season,
older cases mostly closed. Routed by the real routing rules; each case gets its full log."""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

import shapely
from django.utils import timezone

from events.intake.services import advance_tracking_counters
from events.models import CLOSED, Case, CaseStep, Source, StageRecord, Status, TrackingCounter
from events.sla.calendar import deadline
from events.workflow import levels
from org.routing import route_case
from taxonomy.models import Stage, Subcategory, TimeLimit

CATEGORY_WEIGHTS = {"01": 8, "02": 5, "03": 7, "04": 4, "05": 20, "06": 6, "07": 6, "08": 16,
                    "09": 3, "10": 6, "11": 3, "12": 3, "13": 4, "14": 2, "15": 5, "16": 4,
                    "17": 3}
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 8, 9, 11, 13, 13, 11, 9, 8, 6, 4, 3, 2]
LIFECYCLE = [
    ("report", Status.REPORTED), ("accept", Status.ACCEPTED), ("dispatch", Status.DISPATCHED),
    ("start", Status.PROCESSING), ("resolve", Status.RESOLVED), ("close", Status.CLOSED),
    ("rate", Status.RATED),
]
OPEN_STAGE = {Status.REPORTED: Stage.ACCEPT, Status.ACCEPTED: Stage.DISPATCH,
              Status.DISPATCHED: Stage.HANDLE, Status.PROCESSING: Stage.HANDLE,
              Status.RESOLVED: Stage.VERIFY}


@dataclass
class DemoGrid:
    region: object
    polygon: shapely.Polygon
    weight: float
    community_code: str
    street_code: str


def _final_status(rng: random.Random, age_days: float) -> Status:
    if age_days > 14:
        return rng.choices([Status.RATED, Status.CLOSED, Status.VOIDED, Status.SHELVED,
                            Status.PROCESSING], [45, 42, 6, 3, 4])[0]
    return rng.choices([Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED,
                        Status.PROCESSING, Status.RESOLVED, Status.CLOSED, Status.RATED],
                       [8, 4, 12, 30, 14, 22, 10])[0]


def _path(final: Status) -> list[tuple[str, Status]]:
    if final == Status.VOIDED:
        return [LIFECYCLE[0], ("void", Status.VOIDED)]
    if final == Status.SHELVED:
        return LIFECYCLE[:4] + [("shelve", Status.SHELVED)]
    return LIFECYCLE[: [s for _, s in LIFECYCLE].index(final) + 1]


def _point_in(rng: random.Random, polygon: shapely.Polygon) -> tuple[float, float]:
    min_x, min_y, max_x, max_y = polygon.bounds
    while True:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shapely.contains_xy(polygon, x, y):
            return round(x, 6), round(y, 6)


def _subcategory_picker(rng: random.Random):
    subs = list(Subcategory.objects.select_related("category"))
    by_category = {}
    for sub in subs:
        by_category.setdefault(sub.category.code, []).append(sub)
    categories = list(by_category)

    def pick(month: int) -> Subcategory:
        weights = [CATEGORY_WEIGHTS.get(c, 3) * (3 if c == "17" and 5 <= month <= 10 else 1)
                   for c in categories]
        return rng.choice(by_category[rng.choices(categories, weights)[0]])

    return pick


def _report_time(rng: random.Random, now, days: int):
    while True:
        day = now - timedelta(days=min(days - 1, int(rng.expovariate(1 / (days / 3)))))
        if day.weekday() < 5 or rng.random() < 0.55:
            break
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = timezone.localtime(day).replace(hour=hour, minute=rng.randrange(60),
                                              second=rng.randrange(60), microsecond=0)
    return min(moment, now - timedelta(minutes=5))


def generate_cases(n: int, grids: list[DemoGrid], *, seed: int = 7, days: int = 180) -> int:
    rng = random.Random(seed)
    now = timezone.now()
    pick_sub = _subcategory_picker(rng)
    cum = [0.0]
    for g in grids:
        cum.append(cum[-1] + g.weight)
    route = cache(lambda sub, grid: route_case(subcategory=sub, grid=grid))
    limits = {(t.subcategory_id, t.urgency, t.stage): t for t in TimeLimit.objects.all()}
    sequence = dict(TrackingCounter.objects.values_list("day", "last"))
    cases, paths = [], []
    for _ in range(n):
        grid = rng.choices(grids, cum_weights=cum[1:])[0]
        lon, lat = _point_in(rng, grid.polygon)
        created = _report_time(rng, now, days)
        sub = pick_sub(created.month)
        final = _final_status(rng, (now - created).total_seconds() / 86400)
        day = timezone.localdate(created)
        sequence[day] = sequence.get(day, 0) + 1
        routed = route(sub, grid.region)
        department = routed.department
        level, owner_region = levels.entry(routed.level, grid.region)
        case = Case(
            tracking_number=f"{day:%Y%m%d}-{sequence[day]:06d}", source=rng.choice(
                [Source.CITIZEN, Source.CITIZEN, Source.GRID_WORKER, Source.HOTLINE]),
            subcategory=sub, lat=lat, lon=lon, description=f"{sub.name_zh}：{sub.description}",
            grid=grid.region, community_code=grid.community_code, street_code=grid.street_code,
            tracking_secret=secrets.token_urlsafe(16), department=department, status=final,
            matter=routed.matter, level=level, owner_region=owner_region,
            urgency=sub.default_urgency, created_at=created,
        )
        path = _path(final)
        times = _step_times(rng, created, len(path), now)
        _set_clock(case, final, times[-1], limits)
        if final in CLOSED:
            case.closed_at = times[[s for _, s in path].index(Status.CLOSED)]
        cases.append(case)
        paths.append((path, times))
    Case.objects.bulk_create(cases, batch_size=2000)
    CaseStep.objects.bulk_create(_steps(cases, paths), batch_size=5000)
    StageRecord.objects.bulk_create(_records(cases, paths, limits), batch_size=5000)
    advance_tracking_counters(sequence)
    return len(cases)


def _step_times(rng, created, count, now):
    times, moment = [created], created
    for _ in range(count - 1):
        moment = min(moment + timedelta(minutes=int(rng.expovariate(1 / 240)) + 5), now)
        times.append(moment)
    return times


def _set_clock(case: Case, final: Status, since, limits) -> None:
    stage = OPEN_STAGE.get(final)
    if stage is None:
        return
    limit = limits.get((case.subcategory_id, case.urgency, stage))
    case.stage, case.stage_started_at = stage, since
    case.due_at = deadline(since, limit.amount, limit.unit) if limit else None


DEMO_NOTE_EN = {"note_en": "Demo data"}  # the log's English beside its Chinese (common/i18n.py)


def _steps(cases, paths):
    for case, (path, times) in zip(cases, paths):
        previous = ""
        for (action, status), moment in zip(path, times):
            yield CaseStep(
                case=case, action=action, role="demo", from_status=previous, to_status=status,
                from_department=case.department if previous else None,
                to_department=case.department, note="示范数据", created_at=moment,
                data={"level": case.level, "region": case.owner_region, **DEMO_NOTE_EN}
                if action == "report" else DEMO_NOTE_EN,
            )
            previous = status


STAGE_SPANS = [("accept", "report", "accept"), ("dispatch", "accept", "dispatch"),
               ("handle", "dispatch", "resolve"), ("verify", "resolve", "close")]


def _records(cases, paths, limits):
    """The SLA stage records the history implies, so that the KPIs have something to count."""
    for case, (path, times) in zip(cases, paths):
        moments = {action: moment for (action, _status), moment in zip(path, times)}
        for stage, begins, ends in STAGE_SPANS:
            if begins not in moments:
                break
            limit = limits.get((case.subcategory_id, case.urgency, stage))
            due = deadline(moments[begins], limit.amount, limit.unit) if limit else None
            ended = moments.get(ends)
            yield StageRecord(case=case, stage=stage, department=case.department,
                              started_at=moments[begins], due_at=due, ended_at=ended,
                              met=None if ended is None or due is None else ended <= due)
