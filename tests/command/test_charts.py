"""The SVG charts: well-formed XML, escaped text, Chinese labels, readable with no data."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from django.utils import timezone

from events.intake.services import Report, case_report
from events.stats import charts
from events.stats import refresh as statistics
from events.workflow import services as workflow
from tests.helpers import interior_point, jpeg

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & 市容'


def texts(svg: str) -> list[str]:
    return [node.text for node in ET.fromstring(svg).iter(f"{SVG}text")]


def week(counts_per_day: list[dict]) -> list[tuple[date, dict]]:
    start = date(2026, 11, 17)
    return [(start + timedelta(days=i), counts) for i, counts in enumerate(counts_per_day)]


def daily(series, names=None):
    return charts.daily_chart(series, names or {}, title="每日案件数", other="其他大类",
                              no_data="该时段暂无案件。")


def test_the_daily_chart_is_well_formed_svg_with_the_category_names():
    svg = daily(week([{"05": 3, "08": 1}, {"05": 2}, {}]), {"05": "市容环境", "08": "街面秩序"})
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox").startswith("0 0 400 ")
    assert {"市容环境", "街面秩序", "11-19"} <= set(texts(svg))
    assert "2026-11-17 市容环境 3" in [t.text for t in root.iter(f"{SVG}title")]


def test_category_names_are_escaped_not_markup():
    svg = daily(week([{"05": 1}]), {"05": NASTY})
    assert NASTY in texts(svg)
    assert "<script>" not in svg and not list(ET.fromstring(svg).iter(f"{SVG}script"))


def test_beyond_the_busiest_five_categories_the_rest_are_stacked_as_other():
    day = {f"{n:02d}": n for n in range(1, 9)}
    svg = daily(week([day]), {f"{n:02d}": f"大类{n}" for n in range(1, 9)})
    legend = [t for t in texts(svg) if t.startswith("大类") or t == "其他大类"]
    assert legend == ["大类8", "大类7", "大类6", "大类5", "大类4", "其他大类"]


def test_no_cases_draw_a_message_instead_of_an_empty_axis():
    svg = daily(week([{}, {}, {}]))
    assert texts(svg) == ["该时段暂无案件。"]
    assert ET.fromstring(svg).find(f"{SVG}rect") is None


def test_ninety_days_of_labels_do_not_run_into_each_other_or_off_the_edge():
    svg = daily([(date(2026, 8, 26) + timedelta(days=i), {"05": i % 7}) for i in range(90)])
    xs = [float(n.get("x")) for n in ET.fromstring(svg).iter(f"{SVG}text")
          if len(n.text) == 5 and n.text[2] == "-"]
    assert len(xs) >= 5 and min(b - a for a, b in zip(xs, xs[1:])) >= charts.text_width("00-00")
    assert xs[-1] + charts.text_width("00-00") / 2 <= charts.WIDTH


def test_the_bar_chart_shows_each_departments_figure_and_escapes_names():
    bars = [charts.Bar(NASTY, 0.925, "92.5%"), charts.Bar("排水公司", 0.5, "50.0%")]
    svg = charts.bar_chart(bars, title="结案率", scale=1, no_data="无",
                           note="另有 3 个部门暂无数据")
    assert {"92.5%", "50.0%", "排水公司", "另有 3 个部门暂无数据"} <= set(texts(svg))
    assert "<script>" not in svg
    widths = [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0


def test_long_department_names_are_shortened_with_the_full_name_kept_as_a_tooltip():
    name = "区城市管理和综合执法局城市运行管理指挥中心"
    svg = charts.bar_chart([charts.Bar(name, 80.0, "80.0 B")], title="综合得分", scale=100,
                           no_data="无")
    shown = [t for t in texts(svg) if t.endswith("…")]
    assert shown and charts.text_width(shown[0]) <= 164
    assert any(name in (t.text or "") for t in ET.fromstring(svg).iter(f"{SVG}title"))


def test_axis_tops_are_round_numbers():
    assert charts.nice_ceiling(0) == (1, 1)
    assert charts.nice_ceiling(3) == (3, 1)
    assert charts.nice_ceiling(7) == (8, 2)
    assert charts.nice_ceiling(187) == (200, 50)


# --- through the views ---------------------------------------------------------------------


def test_both_charts_render_when_there_are_no_cases(client, cast):
    client.force_login(cast.leader)
    daily_svg = client.get("/command/charts/daily.svg?window=90").content.decode()
    kpi_svg = client.get("/command/charts/kpi.svg?metric=close_rate").content.decode()
    assert texts(daily_svg) == ["该时段暂无案件。"]
    assert texts(kpi_svg) == ["本期尚无部门有该项数据。"]


def test_the_charts_count_the_cases_of_the_window(client, cast, demo, settings):
    settings.STATS_LAG_SECONDS = 0
    lat, lon = interior_point(demo.first_grid)
    for _ in range(3):
        case = case_report(report=Report(subcategory=demo.manhole, lat=lat, lon=lon,
                                         description="井盖丢失"))
        case = workflow.perform(case=case, action="accept", actor=cast.leader)
        case = workflow.perform(case=case, action="start", actor=cast.handler)
        workflow.perform(case=case, action="resolve", actor=cast.handler,
                         params={"note": "已补装"}, photos=[jpeg()])
    statistics.refresh(now=timezone.now() + timedelta(minutes=1))
    client.force_login(cast.dispatcher)
    daily_svg = client.get("/command/charts/daily.svg?category=01").content.decode()
    assert f"{timezone.localdate():%Y-%m-%d} 市政公用设施 3" in daily_svg
    kpi_svg = client.get("/command/charts/kpi.svg?metric=handle_on_time_rate").content.decode()
    assert "排水公司" in texts(kpi_svg) and "100.0%" in texts(kpi_svg)
