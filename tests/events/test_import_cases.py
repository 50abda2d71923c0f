"""import_cases: historical cases from CSV, located by the in-memory grid index, routed by the
the duty list, one "import" step each, bad rows reported by line, nothing kept without --commit."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from events.intake.sample_archive import case_rows, write_csv
from events.intake.services import Report, case_report
from events.models import Case, CaseStep, StageRecord, TrackingCounter
from grids.index import locate_grid
from org.models import Department
from org.routing import default_department, route_case
from tests.helpers import interior_point


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_cases", str(path), *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.fixture
def history(db, tmp_path):
    path = tmp_path / "history.csv"
    write_csv(path, case_rows(200, seed=3))
    return path


def test_a_dry_run_checks_every_row_and_writes_nothing(history):
    counters = list(TrackingCounter.objects.values_list("day", "last"))
    output = run(history)
    assert re.search(r"Read 200 rows in .*rows/s\): imported 200 \(\d+ outside every grid",
                     output)
    assert "Dry run: nothing written" in output
    assert not Case.objects.exists() and not CaseStep.objects.exists()
    assert list(TrackingCounter.objects.values_list("day", "last")) == counters


def test_commit_imports_every_row_with_one_import_step(history):
    run(history, "--commit")
    assert Case.objects.count() == 200
    assert CaseStep.objects.count() == 200
    assert set(CaseStep.objects.values_list("action", "role")) == {("import", "import")}
    for case in Case.objects.prefetch_related("steps")[:20]:
        (step,) = case.steps.all()
        assert step.created_at == case.created_at and step.to_status == case.status
        assert case.tracking_number.startswith(f"{timezone.localdate(case.created_at):%Y%m%d}-")


def test_each_case_gets_the_grid_and_department_a_live_report_would(history):
    run(history, "--commit")
    rows = list(csv.DictReader(history.open(encoding="utf-8")))
    for case in Case.objects.select_related("subcategory", "grid")[:40]:
        grid = locate_grid(case.lat, case.lon)
        assert case.grid == grid
        assert case.department == route_case(subcategory=case.subcategory,
                                              grid=grid).department
    outside = [r for r in rows if float(r["lon"]) < 110]
    assert Case.objects.filter(grid__isnull=True).count() == len(outside)


def test_rejected_rows_are_listed_with_their_line_numbers_and_reasons(demo, tmp_path):
    lat, lon = interior_point(demo.first_grid)
    good = {"subcategory": "01001", "lat": lat, "lon": lon, "created_at": "2026-03-01 08:30",
            "status": "closed"}
    existing = case_report(report=Report(subcategory=demo.manhole, lat=lat, lon=lon,
                                         description="井盖"))
    rows = [good,
            {**good, "subcategory": "99999"},
            {**good, "lat": "north"},
            {**good, "status": "lost"},
            {**good, "created_at": "2999-01-01"},
            {**good, "department": "NOPE"},
            {**good, "tracking_number": "H-1"},
            {**good, "tracking_number": "H-1"},
            {**good, "tracking_number": existing.tracking_number},
            {**good, "address": "路" * 201}]
    path = tmp_path / "bad.csv"
    write_csv(path, rows)
    rejects = tmp_path / "rejects.csv"
    output = run(path, "--commit", "--rejects", rejects)
    assert "imported 2 (0 outside every grid, 0 for manual dispatch), rejected 8" in output
    for line, reason in [(3, "unknown subcategory '99999'"), (4, "lat 'north' is not a number"),
                         (5, "unknown status 'lost'"), (6, "lies in the future"),
                         (7, "unknown department 'NOPE'"),
                         (9, "tracking number H-1 appears twice in the file"),
                         (10, f"tracking number {existing.tracking_number} already exists"),
                         (11, "address is longer than 200 characters")]:
        assert f"Line {line}: " in output and reason in output.split(f"Line {line}: ")[1]
    written = list(csv.DictReader(rejects.open(encoding="utf-8-sig")))
    assert [r["line"] for r in written] == ["3", "4", "5", "6", "7", "9", "10", "11"]


def test_a_named_department_beats_routing_and_chinese_statuses_are_understood(demo, tmp_path):
    lat, lon = interior_point(demo.first_grid)
    path = tmp_path / "one.csv"
    write_csv(path, [{"subcategory": "01001", "lat": lat, "lon": lon, "description": "井盖",
                      "created_at": "2025/3/1 8:30", "status": "已结案",
                      "department": "CGJ"}])
    run(path, "--commit")
    case = Case.objects.get()
    assert case.department == Department.objects.get(code="CGJ") != \
        default_department(demo.manhole)
    assert case.status == "closed" and case.due_at is None
    assert timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M") == "2025-03-01 08:30"
    assert "责任部门按导入文件" in case.steps.get().note


def test_open_cases_get_their_stage_clock_started_now(demo, tmp_path):
    lat, lon = interior_point(demo.first_grid)
    path = tmp_path / "open.csv"
    write_csv(path, [{"subcategory": "01001", "lat": lat, "lon": lon,
                      "created_at": "2026-01-05T09:00:00+08:00", "status": status}
                     for status in ("dispatched", "shelved", "rated")])
    run(path, "--commit")
    dispatched, shelved, rated = Case.objects.order_by("id")
    assert dispatched.stage == "handle" and dispatched.due_at > timezone.now()
    assert StageRecord.objects.get().case == dispatched
    assert shelved.paused_at is not None and shelved.due_at is None
    assert rated.stage == "" and rated.due_at is None


def test_numbers_in_the_file_keep_live_reports_from_reusing_them(demo, tmp_path):
    lat, lon = interior_point(demo.first_grid)
    today = timezone.localdate()
    path = tmp_path / "numbered.csv"
    write_csv(path, [{"tracking_number": f"{today:%Y%m%d}-000050", "subcategory": "01001",
                      "lat": lat, "lon": lon, "created_at": f"{today:%Y-%m-%d}",
                      "status": "closed"}])
    run(path, "--commit")
    live = case_report(report=Report(subcategory=demo.manhole, lat=lat, lon=lon,
                                     description="井盖"))
    assert live.tracking_number == f"{today:%Y%m%d}-000051"


def test_locating_and_routing_cost_no_query_per_row(db, tmp_path,
                                                    django_assert_max_num_queries):
    path = tmp_path / "few.csv"
    write_csv(path, case_rows(200, seed=4, grids=2, subcategories=["01001", "08001"]))
    with django_assert_max_num_queries(40):
        output = run(path, "--commit", "--batch-size", "50")
    assert "imported 200" in output


def test_a_missing_column_stops_the_import(db, tmp_path):
    path = tmp_path / "short.csv"
    write_csv(path, [{"subcategory": "01001"}], columns=["subcategory", "status"])
    with pytest.raises(CommandError, match="missing column"):
        run(path, "--commit")


def test_a_gb18030_spreadsheet_is_read_with_its_encoding(demo, tmp_path):
    lat, lon = interior_point(demo.first_grid)
    path = tmp_path / "excel.csv"
    write_csv(path, [{"subcategory": "01001", "lat": lat, "lon": lon, "description": "井盖没了",
                      "created_at": "2026-02-01", "status": "已评价"}], encoding="gb18030")
    with pytest.raises(CommandError):
        run(path, "--commit")
    run(path, "--commit", "--encoding", "gb18030")
    assert Case.objects.get().description == "井盖没了"


def test_the_import_shows_a_progress_bar(history, capsys):
    call_command("import_cases", str(history), stdout=io.StringIO())
    assert "import: 100%" in capsys.readouterr().err
