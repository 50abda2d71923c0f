"""Duty workbooks: import_duties reads the 部门 and 权责事项 sheets, names every problem by
sheet, row and code with nothing written, and writes a new list (active with --activate);
export_duties writes the active list back so that it imports again."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from grids.models import Region
from org import duties
from org.models import Department, DutyList, Matter
from org.routing import route_case
from taxonomy.models import Subcategory
from tests.helpers import DUTY_MATTER as MATTER
from tests.helpers import duty_workbook as workbook

pytestmark = pytest.mark.django_db

def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_duties", str(path), *args, stdout=out)
    return out.getvalue()


def problems(path, *args) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_duties", str(path), *args, stdout=out)
    return out.getvalue()


def streets():
    return list(Region.objects.filter(generation__is_active=True, level="street")
                .order_by("code"))


def grid_in(street):
    return Region.objects.filter(generation__is_active=True, level="grid",
                                 parent__parent=street).select_related(
        "parent__parent__parent").first()


def snapshot():
    return (DutyList.objects.count(), Matter.objects.count(), Department.objects.count(),
            list(Department.objects.order_by("code").values_list("name", "parent_id")))


def test_a_workbook_becomes_an_inactive_list_and_creates_and_updates_departments(tmp_path):
    path = workbook(tmp_path / "list.xlsx", departments=[
        {"部门编码": "QXJ", "部门名称": "区气象局", "类型": "局", "24小时值守": "是"},
        {"部门编码": "HWG", "部门名称": "区环卫服务中心", "类型": "公司", "上级部门": "CGJ"},
    ], matters=[MATTER, {**MATTER, "事项编码": "T-02", "事项名称": "极端天气的预警",
                         "小类编码": "09008", "主办": "QXJ", "协办": "HWG；属地街道",
                         "处置时限": 2, "时限单位": "小时", "到场时限": 0.5}])
    before = DutyList.objects.get(is_active=True)
    out = run(path, "--commit", "--name", "试行清单")
    assert "1 new and 1 changed department(s); 2 matters over 2 subcategories" in out
    listed = DutyList.objects.get(name="试行清单")
    assert not listed.is_active and DutyList.objects.get(is_active=True) == before
    assert listed.region_code == streets()[0].parent.code and listed.source == "list.xlsx"
    weather = Matter.objects.get(duty_list=listed, code="T-02")
    assert weather.assisting == ["HWG", "属地街道"] and weather.time_unit == "h"
    assert (weather.time_limit, weather.response_hours) == (2, 0.5)
    assert Department.objects.get(code="QXJ").works_around_the_clock
    sanitation = Department.objects.get(code="HWG")
    assert sanitation.name == "区环卫服务中心" and sanitation.parent.code == "CGJ"


def test_a_dry_run_prints_the_counts_and_writes_nothing(tmp_path):
    path = workbook(tmp_path / "list.xlsx", departments=[
        {"部门编码": "QXJ", "部门名称": "区气象局", "类型": "局"}], matters=[MATTER])
    before = snapshot()
    out = run(path)
    assert "1 new and 0 changed department(s); 1 matters" in out and "Dry run" in out
    assert snapshot() == before


def test_every_problem_is_named_by_sheet_row_and_code_and_nothing_is_written(tmp_path):
    path = workbook(tmp_path / "bad.xlsx", departments=[
        {"部门编码": "QXJ", "部门名称": "区气象局", "类型": "气象台"},
        {"部门编码": "JD009", "部门名称": "无此街道办", "类型": "街道",
         "服务区域编码": "440604999"},
        {"部门编码": "QXJ2", "部门名称": "区气象台", "类型": "局", "上级部门": "NOSUCH"},
    ], matters=[
        MATTER,
        {**MATTER, "事项编码": "T-02"},  # a second default for 05001 in the whole list
        {**MATTER, "事项编码": "T-03", "小类编码": "99999"},
        {**MATTER, "事项编码": "T-04", "主办": "NOSUCH", "协办": "HWG;XYZ"},
        {**MATTER, "事项编码": "T-05", "处置层级": "省", "默认": "否"},
        {**MATTER, "事项编码": "T-06", "时限单位": "天", "默认": "否"},
        {**MATTER, "事项编码": "T-07", "生效日期": "2025-13-01", "默认": "否"},
        {**MATTER, "事项编码": "T-08", "生效日期": "2026-01-01", "失效日期": "2025-01-01",
         "默认": "否"},
        {**MATTER, "事项编码": "T-09", "主办": "属地街道:消防站", "默认": "否"},
        {**MATTER, "事项编码": "T-01", "默认": "否"},
        {**MATTER, "事项编码": "T-10", "默认": "", "处置时限": "四"},
    ])
    before = snapshot()
    out = problems(path, "--commit", "--activate")
    expected = [
        "部门 第 2 行 QXJ：类型 气象台 不是",
        "部门 第 3 行 JD009：服务区域 440604999 不是当前网格版本中的街道",
        "部门 第 4 行 QXJ2：上级部门 NOSUCH 不是已有部门",
        "权责事项 第 3 行 T-02：与第 2 行（T-01）冲突",
        "权责事项 第 4 行 T-03：没有编码为 99999 的小类",
        "权责事项 第 5 行 T-04：没有编码为 NOSUCH 的部门",
        "权责事项 第 5 行 T-04：没有编码为 XYZ 的部门",
        "权责事项 第 6 行 T-05：处置层级 省 不是",
        "权责事项 第 7 行 T-06：时限单位 天 不是",
        "权责事项 第 8 行 T-07：2025-13-01 不是日期",
        "权责事项 第 9 行 T-08：失效日期 2025-01-01 早于生效日期 2026-01-01",
        "权责事项 第 10 行 T-09：主办 属地街道:消防站 无法确定部门",
        "权责事项 第 11 行 T-01：同一区域的相同编码已在第 2 行",
        "权责事项 第 12 行 T-10：处置时限 四 不是",
        "权责事项 第 12 行 T-10：默认 为空",
    ]
    missing = [line for line in expected if line not in out]
    assert not missing, out
    assert "4 个区域" in out  # the function is missing in every street
    assert snapshot() == before


def test_missing_columns_and_a_missing_sheet_are_named(tmp_path):
    no_default = {k: v for k, v in MATTER.items() if k != "默认"}
    out = problems(workbook(tmp_path / "columns.xlsx", matters=[no_default]))
    assert "权责事项 第 1 行 -：缺少列 默认" in out
    out = problems(workbook(tmp_path / "sheet.xlsx", sheets=[duties.DEPARTMENTS]))
    assert "工作簿中没有名为 权责事项 的工作表" in out


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("部门编码,部门名称\n")
    with pytest.raises(CommandError, match="Excel"):
        run(path)


def test_a_local_reference_is_checked_in_every_street_and_a_street_row_needs_only_its_own(
        tmp_path):
    first, *others = streets()
    station = {"部门编码": "JD001XFZ", "部门名称": "消防站", "类型": "街道",
               "服务区域编码": first.code, "职能": "消防站"}
    local = {**MATTER, "主办": "属地街道:消防站"}
    out = problems(workbook(tmp_path / "one.xlsx", [station], [local]))
    assert all(street.code in out for street in others), out
    assert first.code not in out  # the street that has one is not named
    street_row = {**local, "适用区域编码": first.code}
    out = run(workbook(tmp_path / "street.xlsx", [station], [MATTER, street_row]))
    assert "No problems" in out


def test_departments_added_by_the_workbook_resolve_its_local_references(tmp_path):
    stations = [{"部门编码": f"XFZ{i}", "部门名称": f"{s.name}消防站", "类型": "街道",
                 "服务区域编码": s.code, "职能": "消防站"} for i, s in enumerate(streets())]
    committee = {**MATTER, "事项编码": "T-02", "主办": "属地村居", "协办": "属地街道:消防站",
                 "默认": "否", "处置层级": "村居"}
    out = run(workbook(tmp_path / "list.xlsx", stations, [MATTER, committee]))
    assert "4 new and 0 changed" in out and "No problems" in out


def test_activating_switches_routing_and_a_street_row_overrides_the_list_row(tmp_path):
    first, second, *_ = streets()
    path = workbook(tmp_path / "list.xlsx", matters=[
        {**MATTER, "主办": "YLZ"},
        {**MATTER, "事项编码": "T-02", "主办": "属地街道", "处置层级": "镇街",
         "适用区域编码": first.code}])
    sub = Subcategory.objects.get(code="05001")
    assert route_case(subcategory=sub, grid=grid_in(first)).department.code == "HWG"
    run(path, "--commit", "--activate")
    here = route_case(subcategory=sub, grid=grid_in(first))
    assert here.matter.code == "T-02" and here.department.code == "JD001"
    assert here.department.region_code == first.code
    elsewhere = route_case(subcategory=sub, grid=grid_in(second))
    assert elsewhere.matter.code == "T-01" and elsewhere.department.code == "YLZ"


def test_export_then_import_round_trips_the_demo_list(tmp_path):
    path = tmp_path / "demo.xlsx"
    call_command("export_duties", str(path), stdout=io.StringIO())
    active = DutyList.objects.get(is_active=True)
    fields = ["code", "name", "subcategory__code", "level", "lead", "assisting", "legal_basis",
              "time_limit", "time_unit", "response_hours", "region_code", "is_default",
              "effective_from", "effective_to"]
    before = sorted(Matter.objects.filter(duty_list=active).values_list(*fields))
    assert len(before) > 250
    out = run(path, "--commit", "--activate", "--name", "round trip")
    assert "0 new and 0 changed department(s)" in out and "No problems" in out
    after = DutyList.objects.get(is_active=True)
    assert after.name == "round trip" and after != active
    assert sorted(Matter.objects.filter(duty_list=after).values_list(*fields)) == before


def test_text_that_looks_like_a_formula_is_exported_as_text(tmp_path):
    Department.objects.filter(code="QXJ").delete()
    Department.objects.create(code="QXJ", name='=HYPERLINK("http://example.org","点我")',
                              kind="bureau")
    path = tmp_path / "out.xlsx"
    duties.export(path)
    sheet = openpyxl.load_workbook(path)[duties.DEPARTMENTS]
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "QXJ")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_demo_list_has_a_default_for_every_subcategory_where_practice_puts_the_work():
    matters = Matter.objects.filter(duty_list__is_active=True).select_related("subcategory")
    defaults = {m.subcategory.name_zh: m for m in matters if m.is_default and not m.region_code}
    assert len(defaults) == Subcategory.objects.count() == 133
    assert matters.count() > 250 and matters.filter(is_default=False).count() > 100
    neighbours = defaults["邻里纠纷"]
    assert (neighbours.level, neighbours.lead, neighbours.assisting) == (
        "community", "属地村居", ["属地街道:司法所"])
    assert {m.lead for name, m in defaults.items()
            if m.subcategory.category.code == "10" and name != "邻里纠纷"} == {"属地街道"}
    assert defaults["占道经营"].lead == "属地街道:城管中队"
    assert defaults["井盖丢失"].lead == defaults["井盖破损"].lead == "PSG"
    assert defaults["楼道堆物"].lead == "属地村居" and "XFJ" in defaults["楼道堆物"].assisting
    mosquitoes = defaults["登革热蚊媒孳生"]
    assert mosquitoes.lead == "属地村居" and mosquitoes.assisting == ["属地街道:爱卫办", "WJJ"]
    fire = defaults["火灾"]
    assert (fire.response_hours, fire.time_limit, fire.time_unit) == (0.25, 6, "h")
    assert all(m.legal_basis.startswith("《") for m in matters)


def test_demo_departments_answer_to_their_supervising_body_and_emergency_services_never_sleep():
    office = Department.objects.get(code="JD001")
    assert office.parent.code == "CMD"
    assert Department.objects.get(code="JD001SFS").parent == office
    assert Department.objects.get(code="SQ001001").parent == office
    around = set(Department.objects.filter(works_around_the_clock=True, level="district")
                 .values_list("code", flat=True))
    assert {"GAJ", "XFJ", "JJD", "CMD", "PSG", "GSG", "RQG"} <= around
    assert "CGJ" not in around
