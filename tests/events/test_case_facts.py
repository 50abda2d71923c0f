"""The KPI facts, computed in SQL, on a varied data set: the demo generator's district (every
lifecycle it plays: voided, accepted, dispatched, handled late, reworked, closed, rated, with
assisting tasks) and cases driven through the workflow for what it does not play (extension,
shelving, a breach, a citizen's 不满意)."""

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.demo import generate_cases
from events.models import Case, CaseFact
from events.simulator.district import active_grids
from events.simulator.services import pinned_clock
from events.sla import escalation
from events.stats import refresh as statistics
from tests.events.test_statistics import run

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
FAR_FUTURE = NOW + timedelta(days=3650)
BOOLEANS = ["accepted", "handled", "handled_on_time", "resolved", "closed", "extended",
            "overdue", "shelved"]
COUNTS = ["dispatches", "dispatches_on_time", "reworks", "citizen_reopens", "rating"]
FIELDS = [f.attname for f in CaseFact._meta.concrete_fields if f.attname != "case_id"]


@pytest.fixture
def varied(cast, file_case, settings):
    """The generator's 400 cases of the 30 days before NOW, and six played cases."""
    settings.STATS_LAG_SECONDS = 0
    with pinned_clock(NOW):
        generate_cases(400, active_grids(), seed=5, days=30, now=NOW)
    accept, start = ("accept", "leader", {}), ("start", "handler", {})
    resolve, close = ("resolve", "handler", {"note": "修好"}), ("close", "worker", {})
    played = {name: file_case() for name in "abcdef"}
    run(played["a"], cast, accept, start, resolve, close, ("rate", None, {"rating": 5}))
    run(played["b"], cast, accept, start, resolve, ("rework", "worker", {"reason": "未修好"}),
        resolve, close, ("rate", None, {"satisfied": False, "rating": 2, "comment": "没修好"}))
    run(played["c"], cast, accept, start,
        ("request_extension", "handler", {"hours": 4, "reason": "订货"}),
        ("approve_extension", "leader", {}), resolve)
    run(played["d"], cast, accept, start, ("shelve", "dispatcher", {"reason": "产权不清"}))
    f = run(played["f"], cast, accept, start)
    escalation.breach([Case.objects.get(pk=f.pk)], f.due_at + timedelta(seconds=1))
    return played


def rows() -> dict:
    facts = CaseFact.objects.order_by("case_id").values("case__tracking_number", *FIELDS)
    return {fact.pop("case__tracking_number"): fact for fact in facts}


def summary(played) -> dict:
    """The generated cases' facts in figures that do not depend on database ids: per field
    the sum (yes = 1), and a digest of every row keyed by tracking number."""
    generated = CaseFact.objects.exclude(case__in=played.values()).order_by(
        "case__tracking_number")
    rows = list(generated.values_list(
        "case__tracking_number", "reported_on", "category__code", "department__code",
        "street_code", "grid_code", *[f for f in FIELDS if f not in (
            "reported_on", "category_id", "department_id", "street_code", "grid_code")]))
    figures = {"facts": len(rows)}
    for name in BOOLEANS + COUNTS:
        figures[name] = sum(getattr(f, name) or 0 for f in generated)
    figures["handled_on_time_unknown"] = generated.filter(handled_on_time=None).count()
    figures["handling_hours"] = round(sum(f.handling_hours or 0 for f in generated), 3)
    text = "\n".join(repr(row[:-2] + (round(row[-2], 6) if row[-2] is not None else None,
                                       row[-1])) for row in rows)
    figures["digest"] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return figures


def test_print_summary_both_ways(varied):
    statistics.refresh(now=FAR_FUTURE)
    in_sql = summary(varied)
    CaseFact.objects.all().delete()
    statistics.write_facts_in_python(list(Case.objects.values_list("pk", flat=True)),
                                     FAR_FUTURE)
    in_python = summary(varied)
    print("SUMMARY", in_python)
    assert in_sql == in_python


def assert_varied(facts) -> None:
    """Every yes/no of a fact is both yes and no somewhere, and every count is above 0."""
    facts = list(facts)
    for name in ["accepted", "handled", "resolved", "closed", "extended", "overdue",
                 "shelved", "dispatches_on_time", "reworks", "citizen_reopens", "rating"]:
        assert {bool(f[name]) for f in facts} == {True, False}, name
    assert {f["handled_on_time"] for f in facts} == {True, False, None}


def test_the_facts_in_sql_equal_the_facts_in_python_row_by_row(varied):
    statistics.refresh(now=FAR_FUTURE)
    in_sql = rows()
    CaseFact.objects.all().delete()
    statistics.write_facts_in_python(list(Case.objects.values_list("pk", flat=True)),
                                     FAR_FUTURE)
    in_python = rows()
    assert len(in_sql) == Case.objects.count() == 406
    assert in_sql.keys() == in_python.keys()
    assert_varied(in_python.values())
    for number, fact in in_python.items():
        hours = fact.pop("handling_hours")
        other = dict(in_sql[number])
        assert other.pop("handling_hours") == (hours if hours is None else pytest.approx(
            hours, rel=1e-9)), number
        assert other == fact, number
