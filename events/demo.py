"""Synthetic history for the demo district, shaped like a centre that works: reports over the
last ~60 days (more in the dense old town, on weekdays and in office hours, mosquito breeding
in the wet season), routed by the real routing rules, and each case played through the closed
loop on a timeline of its own: 立案 within the hour or two, 签收 soon after dispatch, most
cases resolved well inside their time limit, a few late, an occasional 返工, ratings from
about half the citizens. The timeline is cut at `now`, so recent cases are still open and the
queue holds only what arrived in the last hours.

The rows are those the services would write (log steps with their roles, SLA stage records,
clocks, the sweep's warnings and breaches, assisting tasks): `manage.py check_integrity` holds
and the KPIs count them as they count live cases. The demo simulator (events/simulator)
carries on from `now`.
"""

import random
import secrets
from datetime import timedelta
from functools import cache

from django.utils import timezone
from django.utils.translation import override

from events.intake.services import advance_tracking_counters
from events.models import Case, CaseStep, CaseTask, Source, StageRecord, TrackingCounter
from events.simulator import position
from events.simulator.district import DemoGrid, pick_grid, subcategory_picker
from events.simulator.timeline import Plan, plan_case
from events.workflow import levels
from org.routing import route_case

HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 8, 9, 11, 13, 13, 11, 9, 8, 6, 4, 3, 2]
SOURCES = [(Source.CITIZEN, 50), (Source.GRID_WORKER, 30), (Source.HOTLINE, 20)]


def _report_time(rng: random.Random, now, days: int):
    while True:
        day = now - timedelta(days=rng.uniform(0, days))
        if day.weekday() < 5 or rng.random() < 0.55:
            break
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = timezone.localtime(day).replace(hour=hour, minute=rng.randrange(60),
                                              second=rng.randrange(60), microsecond=0)
    return min(moment, now - timedelta(minutes=5))


def generate_cases(n: int, grids: list[DemoGrid], *, seed: int = 7, days: int = 60,
                   now=None) -> int:
    """`n` cases reported over the `days` days before `now`, each played up to `now`."""
    rng = random.Random(seed)
    now = now or timezone.now()
    pick_sub = subcategory_picker(rng)
    route = cache(lambda sub, grid: route_case(subcategory=sub, grid=grid))
    sequence = dict(TrackingCounter.objects.values_list("day", "last"))
    cases, plans = [], []
    for _ in range(n):
        grid, (lon, lat) = pick_grid(rng, grids)
        created = _report_time(rng, now, days)
        sub = pick_sub(created.month)
        day = timezone.localdate(created)
        sequence[day] = sequence.get(day, 0) + 1
        with override("zh-hans"):  # the log is kept in the platform's working language
            routed = route(sub, grid.region)
        level, owner_region = levels.entry(routed.level, grid.region)
        case = Case(
            tracking_number=f"{day:%Y%m%d}-{sequence[day]:06d}",
            source=rng.choices(*zip(*SOURCES))[0], subcategory=sub, lat=lat, lon=lon,
            description=f"{sub.name_zh}：{sub.description}", grid=grid.region,
            community_code=grid.community_code, street_code=grid.street_code,
            tracking_secret=secrets.token_urlsafe(16), department=routed.department,
            matter=routed.matter, level=level, owner_region=owner_region,
            urgency=sub.default_urgency, created_at=created,
        )
        plan = plan_case(case, rng, now, note=routed.reason, routing=routed.details)
        plan.apply_state(case)
        cases.append(case)
        plans.append(plan)
    Case.objects.bulk_create(cases, batch_size=2000)
    _write_rows(cases, plans)
    advance_tracking_counters(sequence)
    position.set_position(now)
    return len(cases)


def _write_rows(cases: list[Case], plans: list[Plan]) -> None:
    steps, records, tasks = [], [], []
    for case, plan in zip(cases, plans):
        steps += plan.steps(case)
        records += plan.records(case)
        tasks += plan.tasks_of(case)
    CaseStep.objects.bulk_create(steps, batch_size=5000)
    StageRecord.objects.bulk_create(records, batch_size=5000)
    CaseTask.objects.bulk_create(tasks, batch_size=5000)
