"""The KPI facts, computed in SQL, on a varied data set: the demo generator's district (every
lifecycle it plays: voided, accepted, dispatched, handled late, reworked, closed, rated, with
assisting tasks) and cases played through the workflow for what it does not play (extension,
shelving, a breach, a citizen's 不满意)."""

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
# The generated district's facts as the per-case Python computation gave them before the
# facts moved to SQL (the same on SQLite and PostgreSQL; the digest covers every row).
GENERATED = {
    "facts": 400, "accepted": 393, "handled": 393, "handled_on_time": 361, "resolved": 383,
    "closed": 377, "extended": 0, "overdue": 22, "shelved": 0, "dispatches": 393,
    "dispatches_on_time": 393, "reworks": 12, "citizen_reopens": 0, "rating": 403,
    "handled_on_time_unknown": 22, "handling_hours": 8573.797, "digest": "f7ced3ccfd44b4e8",
}


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


def fact(case) -> dict:
    return CaseFact.objects.filter(case=case).values(*FIELDS).get()


def test_the_generated_district_has_the_facts_the_python_computation_gave(varied):
    statistics.refresh(now=FAR_FUTURE)
    assert summary(varied) == GENERATED
    statistics.rebuild(now=FAR_FUTURE)
    assert summary(varied) == GENERATED


def test_each_played_case_has_the_facts_its_log_says(varied):
    statistics.refresh(now=FAR_FUTURE)
    a, b, c, d, e, f = (fact(varied[name]) for name in "abcdef")
    assert (a["closed"], a["handled_on_time"], a["rating"], a["reworks"]) == (True, True, 5, 0)
    assert a["handling_hours"] is not None and 0 <= a["handling_hours"] < 1
    # b: sent back once by the worker, then once by the citizen (不满意): open again.
    assert (b["reworks"], b["citizen_reopens"], b["closed"], b["resolved"]) == (1, 1, False, True)
    assert (c["extended"], c["resolved"], c["closed"], c["overdue"]) == (True, True, False, False)
    assert (d["shelved"], d["handled"], d["closed"]) == (True, True, False)
    assert (e["accepted"], e["dispatches"], e["handled"], e["handled_on_time"]) == (
        False, 0, False, None)
    assert (f["overdue"], f["handled"], f["handled_on_time"], f["handling_hours"]) == (
        True, True, None, None)


def test_every_yes_no_of_a_fact_occurs_both_ways_in_the_data_set(varied):
    statistics.refresh(now=FAR_FUTURE)
    facts = list(CaseFact.objects.values(*FIELDS))
    assert len(facts) == Case.objects.count() == 406
    for name in BOOLEANS + COUNTS:
        assert {bool(f[name]) for f in facts} == {True, False}, name
    assert {f["handled_on_time"] for f in facts} == {True, False, None}
