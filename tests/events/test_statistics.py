"""KPI formulas on hand-counted scenarios, incremental = full recompute, hot spots, the API."""

import csv
import io
from datetime import date, timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Case, CaseFact, HeatCell, HotSpot
from events.sla import escalation
from events.stats import reads as stats
from events.stats import refresh as statistics
from events.workflow import services as workflow
from taxonomy.models import Category
from tests.events.test_audit import params_for, possible_moves
from tests.helpers import client_for, jpeg

FAR_FUTURE = timezone.now() + timedelta(days=3650)


def run(case, cast, *moves):
    """Apply (action, who, params) moves to the case."""
    for action, who, params in moves:
        photos = [jpeg()] if action in ("resolve", "self_resolve") else []
        actor = getattr(cast, who) if who else None
        case = workflow.perform(case=case, action=action, actor=actor, params=params,
                                photos=photos, token=case.tracking_secret)
    return case


def test_kpis_match_a_hand_counted_scenario(cast, file_case, settings):
    settings.STATS_LAG_SECONDS = 0
    accept, start = ("accept", "leader", {}), ("start", "handler", {})
    resolve, close = ("resolve", "handler", {"note": "修好"}), ("close", "worker", {})
    a, b, c, d, e, f = (file_case() for _ in range(6))
    run(a, cast, accept, start, resolve, close, ("rate", None, {"rating": 5}))
    run(b, cast, accept, start, resolve, ("rework", "worker", {"reason": "未修好"}), resolve,
        close, ("rate", None, {"rating": 2}))
    run(c, cast, accept, start, ("request_extension", "handler", {"hours": 4, "reason": "订货"}),
        ("approve_extension", "leader", {}), resolve)
    run(d, cast, accept, start, ("shelve", "dispatcher", {"reason": "产权不清"}))
    f = run(f, cast, accept, start)
    escalation.breach([Case.objects.get(pk=f.pk)], f.due_at + timedelta(seconds=1))
    statistics.refresh(now=FAR_FUTURE)
    today = timezone.localdate()
    result = stats.kpis(user=cast.dispatcher, group_by="department", date_from=today,
                        date_to=today)
    (row,) = [r for r in result["rows"] if r["name"] == "排水公司"]
    assert (row["reported"], row["accepted"], row["handled"]) == (6, 5, 4)  # d is shelved
    assert row["accept_rate"] == round(5 / 6, 4)
    assert row["dispatch_on_time_rate"] == 1.0
    assert row["handle_on_time_rate"] == 1.0  # a, b (twice) and c ended in time; f is open
    assert row["close_rate"] == 0.5  # a and b of a, b, c, f
    assert row["rework_rate"] == 0.25 and row["extension_rate"] == 0.25
    assert row["overdue_rate"] == 0.25  # f
    assert row["satisfaction"] == 0.5  # a gave 5 stars, b gave 2
    assert row["avg_handling_hours"] is not None and row["avg_handling_hours"] < 1
    assert row["score"] == round(0.5 * 30 + 1.0 * 30 + 0.75 * 30 + 10, 1)
    assert row["grade"] == "B"  # 77.5
    assert result["total"]["reported"] == 6


def snapshot():
    heat = set(HeatCell.objects.values_list("day", "hour", "grid_code", "subcategory_id",
                                            "count"))
    facts = set(CaseFact.objects.values_list(
        "case_id", "department_id", "accepted", "dispatches", "dispatches_on_time", "handled",
        "handled_on_time", "resolved", "closed", "reworks", "extended", "overdue", "shelved",
        "rating"))
    return heat, facts


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000),
                                  st.booleans()), min_size=1, max_size=20))
def test_incremental_updates_equal_a_full_recompute(cast, file_case, demo, choices,
                                                    settings):
    settings.STATS_LAG_SECONDS = 0
    cases = [file_case(), file_case(subcategory=demo.vending), file_case(),
             file_case(lat=39.9, lon=116.4)]
    for which, choice, refresh_now in choices:
        case = cases[which]
        moves = [m for m in possible_moves(case, cast) if m[0] != "merge"]
        if moves:
            action, actor = moves[choice % len(moves)]
            params = {**params_for(case, action),
                      "level": "red" if case.supervision != "red" else "yellow"}
            photos = [jpeg()] if action in ("resolve", "self_resolve") else []
            cases[which] = workflow.perform(case=case, action=action, actor=actor,
                                            params=params, photos=photos,
                                            token=case.tracking_secret)
        if refresh_now:
            statistics.refresh(now=FAR_FUTURE)
    statistics.refresh(now=FAR_FUTURE)
    incremental = snapshot()
    statistics.rebuild(now=FAR_FUTURE)
    assert snapshot() == incremental


def test_the_poisson_tail_is_right():
    assert abs(statistics.poisson_tail(1, 1.0) - (1 - 2.718281828 ** -1)) < 1e-6
    assert statistics.poisson_tail(0, 3.0) == 1.0
    assert statistics.poisson_tail(10, 1.0) < 1e-6


def test_a_grid_with_a_sudden_burst_is_a_hot_spot(db, demo, settings):
    today = timezone.localdate()
    category = Category.objects.get(code="05")
    grid = demo.first_grid
    common = {"grid_code": grid.code, "community_code": grid.parent.code,
              "street_code": grid.parent.parent.code, "subcategory_id":
              category.subcategories.first().pk, "category": category, "hour": 10}
    cells = [HeatCell(day=today - timedelta(days=10 + 7 * week), count=1, **common)
             for week in range(8)]  # one a week for eight weeks
    cells.append(HeatCell(day=today, count=9, **common))  # nine this week
    HeatCell.objects.bulk_create(cells)
    assert statistics.compute_hotspots(timezone.now()) == 1
    spot = HotSpot.objects.get()
    assert (spot.grid_code, spot.recent, spot.baseline_weekly) == (grid.code, 9, 1.0)
    assert spot.p_value < 1e-4


def test_the_statistics_api_answers_command_staff_only(cast, file_case):
    file_case()
    statistics.refresh(now=FAR_FUTURE)
    urls = ["/api/v1/stats/heat", "/api/v1/stats/kpi", "/api/v1/stats/hotspots",
            "/api/v1/stats/open", f"/api/v1/stats/grid/{file_case().grid.code}",
            "/api/v1/cases/export.csv"]
    for url in urls:
        assert client_for(None).get(url).status_code in (401, 403), url
        for outsider in (cast.handler, cast.worker):
            assert client_for(outsider).get(url).status_code == 403, url
        assert client_for(cast.leader).get(url).status_code == 200, url


def test_heat_counts_cases_per_grid_and_category_and_is_invalidated_by_a_refresh(
        cast, file_case, demo, settings):
    settings.STATS_LAG_SECONDS = 0
    file_case()
    statistics.refresh(now=FAR_FUTURE)
    client = client_for(cast.dispatcher)

    def counts(**params):
        body = client.get("/api/v1/stats/heat", params).json()
        return {f["properties"]["code"]: f["properties"]["count"] for f in body["features"]}

    grid = counts()
    assert len(grid) == 921 and grid[demo.first_grid.code] == 1
    assert counts(category="08")[demo.first_grid.code] == 0
    file_case(subcategory=demo.vending)
    assert counts()[demo.first_grid.code] == 1, "cached until the next refresh"
    statistics.refresh(now=FAR_FUTURE)
    assert counts()[demo.first_grid.code] == 2
    assert counts(category="08")[demo.first_grid.code] == 1
    street = counts(level="street")
    assert len(street) == 4 and sum(street.values()) == 2
    assert client.get("/api/v1/stats/heat", {"level": "planet"}).status_code == 400


def test_heat_without_geometry_carries_the_same_counts_in_less_than_half_the_bytes(
        cast, file_case, demo):
    file_case()
    statistics.refresh(now=FAR_FUTURE)
    client = client_for(cast.dispatcher)
    full = client.get("/api/v1/stats/heat")
    light = client.get("/api/v1/stats/heat", {"geometry": "false"})
    assert [f["geometry"] for f in light.json()["features"]] == [None] * 921
    assert [f["properties"] for f in light.json()["features"]] == [
        f["properties"] for f in full.json()["features"]]
    assert len(light.content) * 2 < len(full.content)
    assert client.get("/api/v1/stats/heat", {"geometry": "maybe"}).status_code == 400


def test_the_kpi_api_matches_the_selector_and_exports_csv(cast, file_case):
    file_case()
    statistics.refresh(now=FAR_FUTURE)
    client = client_for(cast.leader)
    body = client.get("/api/v1/stats/kpi", {"group_by": "street"}).json()
    today = timezone.localdate()
    assert body == stats.kpis(user=cast.leader, group_by="street",
                              date_from=today - timedelta(days=29), date_to=today)
    assert body["rows"][0]["name"] == "祖庙街道"
    response = client.get("/api/v1/stats/kpi", {"group_by": "street", "output": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffkey,name,reported") and "祖庙街道" in text
    bad = client.get("/api/v1/stats/kpi", {"from": "2026-02-01", "to": "2026-01-01"})
    assert bad.status_code == 400


def test_the_case_export_streams_the_filtered_list_without_phone_numbers(cast, file_case,
                                                                        demo):
    cover = file_case()
    file_case(subcategory=demo.vending)
    response = client_for(cast.dispatcher).get("/api/v1/cases/export.csv",
                                               {"category": "01"})
    text = b"".join(response.streaming_content).decode()
    assert cover.tracking_number in text and text.count("\n") == 2
    assert "13812345678" not in text


def test_the_case_export_carries_the_national_code_for_city_platforms(cast, file_case, demo):
    vending = file_case(subcategory=demo.vending)
    response = client_for(cast.dispatcher).get("/api/v1/cases/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], next(r for r in rows if r[0] == vending.tracking_number)
    assert header[3:5] == ["subcategory", "national_code"]
    assert row[3:5] == ["占道经营", "09006"]


def test_open_cases_come_per_grid_or_one_by_one_in_a_box(cast, file_case, demo):
    case = file_case()
    client = client_for(cast.dispatcher)
    grids = client.get("/api/v1/stats/open").json()
    assert grids["total"] == 1 and grids["grids"][0]["grid_code"] == demo.first_grid.code
    box = f"{case.lon - 0.01},{case.lat - 0.01},{case.lon + 0.01},{case.lat + 0.01}"
    inside = client.get("/api/v1/stats/open", {"bbox": box}).json()
    assert [c["tracking_number"] for c in inside["cases"]] == [case.tracking_number]
    assert client.get("/api/v1/stats/open", {"bbox": "1,2,3"}).status_code == 400
    summary = client.get(f"/api/v1/stats/grid/{demo.first_grid.code}").json()
    assert summary["counts"]["open"] == 1 and summary["worker"] == "祖庙街道网格员"


def test_daily_series_covers_every_day_of_the_window(cast, file_case, settings):
    settings.STATS_LAG_SECONDS = 0
    file_case()
    statistics.refresh(now=FAR_FUTURE)
    series = stats.daily_series(user=cast.leader, days=7)
    assert len(series) == 7 and series[-1][0] == timezone.localdate()
    assert series[-1][1] == {"01": 1} and isinstance(series[0][0], date)


def test_satisfaction_starts_at_four_stars_three_is_not_satisfied(cast, file_case, settings):
    from tests.helpers import close

    settings.STATS_LAG_SECONDS = 0
    for stars, days_ago in ((3, 1), (4, 0)):  # yesterday's case got 3 stars, today's 4
        case = close(file_case(days_ago=days_ago))
        run(case, cast, ("rate", None, {"rating": stars}))
    statistics.refresh(now=FAR_FUTURE)
    today = timezone.localdate()

    def satisfaction(day):
        total = stats.kpis(user=cast.leader, group_by="department", date_from=day,
                           date_to=day)["total"]
        return total["satisfaction"]

    assert satisfaction(today - timedelta(days=1)) == 0.0, "3 stars are not satisfied"
    assert satisfaction(today) == 1.0, "4 stars are satisfied"


def test_a_hot_spot_is_a_count_just_past_the_poisson_threshold_and_not_one_below(
        db, demo, settings):
    """The rule, with the documented thresholds: a grid is a hot spot for a category when its
    count of the last 7 days (today and the 6 days before) has a Poisson tail below 0.01 under
    the mean weekly count of the 8 weeks before (days 7 to 62 back), floored at 0.5 a week."""
    from grids.models import Region

    settings.HOTSPOT_P, settings.HOTSPOT_MIN_CASES, settings.HOTSPOT_MIN_WEEKLY = 0.01, 3, 0.5
    now = timezone.now()
    today = timezone.localdate(now)
    category = Category.objects.get(code="05")
    subcategory = category.subcategories.first()
    hot, lukewarm, quiet_hot, quiet_lukewarm = Region.objects.filter(
        generation__is_active=True, level="grid").order_by("code")[:4]
    cells = []

    def cases(grid, days_ago, count):
        cells.append(HeatCell(day=today - timedelta(days=days_ago), hour=10, count=count,
                              grid_code=grid.code, community_code=grid.parent.code,
                              street_code=grid.parent.parent.code, subcategory=subcategory,
                              category=category))

    for grid in (hot, lukewarm):
        # 14 cases in the 8 weeks before this week: 1.75 a week.
        for week, count in enumerate([2, 2, 2, 2, 2, 2, 1, 1]):
            cases(grid, 7 + 7 * week, count)
        cases(grid, 63, 8)  # nine weeks back: outside the baseline
    # Under a mean of 1.75: P(X >= 6) = 0.0091 < 0.01 and P(X >= 5) = 0.033.
    cases(hot, 0, 3)
    cases(hot, 6, 3)  # six days back is still this week
    cases(lukewarm, 0, 2)
    cases(lukewarm, 6, 3)
    # Grids with no history are held to the floor of 0.5 a week:
    # P(X >= 4) = 0.0018 < 0.01 and P(X >= 3) = 0.014.
    cases(quiet_hot, 0, 4)
    cases(quiet_lukewarm, 0, 3)
    HeatCell.objects.bulk_create(cells)
    statistics.compute_hotspots(now)
    spots = {s.grid_code: s for s in HotSpot.objects.all()}
    assert set(spots) == {hot.code, quiet_hot.code}, {
        code: (s.recent, s.baseline_weekly, s.p_value) for code, s in spots.items()}
    assert (spots[hot.code].recent, spots[hot.code].baseline_weekly) == (6, 1.75)
    assert 0.009 < spots[hot.code].p_value < 0.01
    assert (spots[quiet_hot.code].recent, spots[quiet_hot.code].baseline_weekly) == (4, 0)
