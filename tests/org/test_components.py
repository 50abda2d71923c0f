"""The component register (部件): the standard kinds, the demo register, import and export of
GeoJSON points, and a picked component deciding a report."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from common.gcj02 import wgs84_to_gcj02
from grids.index import locate_grid
from grids.models import Region
from org.catalogue import load_catalogue
from org.models import Component, ComponentKind, Department
from org.routing import ComponentError, picked_component, route_case
from taxonomy.models import Subcategory
from tests.helpers import interior_point

pytestmark = pytest.mark.django_db

METRE = 1 / 110_574  # degrees of latitude per metre
COVERS = {"供水井盖", "污水井盖", "雨水井盖", "电力井盖", "通信井盖", "燃气井盖", "热力井盖",
          "不明井盖"}


def grid_point(n=0):
    grid = Region.objects.filter(generation__is_active=True, level="grid").order_by(
        "code")[n]
    return interior_point(grid)


def feature(code, kind, owner, lat, lon, **extra):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"code": code, "kind": kind, "owner": owner, **extra}}


def write(tmp_path, features, name="components"):
    path = tmp_path / f"{name}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                               ensure_ascii=False), encoding="utf-8")
    return path


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *map(str, args), stdout=out)
    return out.getvalue()


# --- kinds and the demo register --------------------------------------------------------------


def test_the_catalogue_has_the_ten_kinds_and_links_covers_lamps_and_hydrants():
    kinds = {kind.name: {s.name_zh for s in kind.subcategories.all()}
             for kind in ComponentKind.objects.prefetch_related("subcategories")}
    assert set(kinds) == COVERS | {"路灯", "消防栓"}
    assert all(kinds[cover] == {"井盖丢失", "井盖破损"} for cover in COVERS)
    assert kinds["路灯"] == {"路灯不亮", "路灯设施损坏"}
    assert kinds["消防栓"] == {"消火栓损坏"}


def test_loading_the_catalogue_again_leaves_kinds_as_the_administrators_made_them():
    lamp = ComponentKind.objects.get(name="路灯")
    lamp.subcategories.add(Subcategory.objects.get(name_zh="架空线缆脱落"))
    linked = set(lamp.subcategories.values_list("pk", flat=True))
    Component.objects.filter(kind__name="消防栓").delete()
    ComponentKind.objects.filter(name="消防栓").delete()
    counts = load_catalogue()
    assert counts["component_kinds_created"] == 1
    assert set(lamp.subcategories.values_list("pk", flat=True)) == linked
    assert ComponentKind.objects.get(name="消防栓").subcategories.count() == 1


def test_the_demo_register_has_covers_of_mixed_owners_lamps_and_hydrants():
    owners = {}
    for kind, owner in Component.objects.values_list("kind__name", "owner__code"):
        owners.setdefault(kind, set()).add(owner)
    assert Component.objects.filter(kind__name__endswith="井盖").count() > 3000
    assert owners["供水井盖"] == {"GSG"} and owners["污水井盖"] == owners["雨水井盖"] == {"PSG"}
    assert owners["电力井盖"] == {"GDJ"} and owners["通信井盖"] == {"TXG"}
    assert owners["燃气井盖"] == {"RQG"} and owners["路灯"] == {"LDS"}
    assert {o for o in owners["不明井盖"] if o.endswith("CGZD")}, "the street's 城管中队"
    assert "热力井盖" not in owners  # no district heating in Foshan


def test_a_demo_cover_decides_a_report_on_it_and_its_owner_is_named():
    cover = Component.objects.filter(kind__name="燃气井盖").order_by("code").first()
    sub = Subcategory.objects.get(name_zh="井盖破损")
    route = route_case(subcategory=sub, grid=locate_grid(cover.lat, cover.lon),
                       lat=cover.lat + 2 * METRE, lon=cover.lon)
    assert route.department.code == "RQG"
    assert route.details["component"] == cover.code and cover.code in route.reason


# --- import and export --------------------------------------------------------------------------


def test_a_dry_run_checks_the_file_and_writes_nothing(tmp_path):
    lat, lon = grid_point()
    path = write(tmp_path, [feature("T-1", "污水井盖", "PSG", lat, lon),
                            feature("T-2", "路灯", "LDS", lat + 30 * METRE, lon)])
    before = Component.objects.count()
    output = run("import_components", path)
    assert "Read 2 features; 2 usable (wgs84)." in output
    assert "created: 2, updated: 0, unchanged: 0" in output
    assert "Dry run: nothing written" in output
    assert Component.objects.count() == before


def test_import_creates_then_updates_by_code_and_routing_sees_it_at_once(tmp_path):
    lat, lon = grid_point()
    sub = Subcategory.objects.get(name_zh="井盖丢失")
    grid = locate_grid(lat, lon)
    first = write(tmp_path, [feature("T-1", "电力井盖", "GDJ", lat, lon),
                             feature("T-2", "路灯", "LDS", lat + 30 * METRE, lon)])
    assert "created: 2" in run("import_components", first, "--commit")
    assert route_case(subcategory=sub, grid=grid, lat=lat, lon=lon).department.code == "GDJ"
    second = write(tmp_path, [feature("T-1", "燃气井盖", "RQG", lat, lon),
                              feature("T-2", "路灯", "LDS", lat + 30 * METRE, lon)], "again")
    assert "created: 0, updated: 1, unchanged: 1" in run("import_components", second,
                                                         "--commit")
    assert Component.objects.get(code="T-1").owner.code == "RQG"
    assert route_case(subcategory=sub, grid=grid, lat=lat, lon=lon).department.code == "RQG"


def test_every_problem_is_named_by_feature_number_and_nothing_is_imported(tmp_path):
    lat, lon = grid_point()
    path = write(tmp_path, [
        feature("OK-1", "污水井盖", "PSG", lat, lon),
        feature("", "污水井盖", "PSG", lat, lon),
        feature("BAD-KIND", "下水道", "PSG", lat, lon),
        feature("BAD-OWNER", "污水井盖", "NOSUCH", lat, lon),
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat],
                                                                               [lon, lat]]},
         "properties": {"code": "LINE", "kind": "路灯", "owner": "LDS"}},
        feature("OK-1", "路灯", "LDS", lat, lon),
        feature("FAR", "路灯", "LDS", 39.9, 116.4),
        feature("OK-2", "路灯", "LDS", lat, lon),
    ])
    before = Component.objects.count()
    with pytest.raises(CommandError, match="6 error"):
        output = io.StringIO()
        call_command("import_components", str(path), "--commit", stdout=output)
    lines = [line for line in output.getvalue().splitlines() if line.startswith("Error")]
    assert lines == [
        "Error: feature 2: no code",
        "Error: feature 3 (BAD-KIND): unknown kind '下水道'",
        "Error: feature 4 (BAD-OWNER): no department with code 'NOSUCH'",
        "Error: feature 5 (LINE): not a point with two finite coordinates",
        "Error: feature 6: code OK-1 is also feature 1",
        "Error: feature 7 (FAR): 39.900000, 116.400000 is outside the active district",
    ]
    assert Component.objects.count() == before
    assert "created: 2" in run("import_components", path, "--commit", "--skip-invalid")


def test_a_file_that_is_no_feature_collection_is_refused(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(CommandError, match="not a GeoJSON FeatureCollection"):
        run("import_components", path)


def test_gcj02_points_are_stored_in_wgs84(tmp_path):
    lat, lon = grid_point()
    gcj_lat, gcj_lon = wgs84_to_gcj02(lat, lon)
    path = write(tmp_path, [feature(12345, "消防栓", "GSG", gcj_lat, gcj_lon)])
    run("import_components", path, "--crs", "gcj02", "--commit")
    stored = Component.objects.get(code="12345")  # a number from a spreadsheet is a code
    assert abs(stored.lat - lat) < 0.1 * METRE and abs(stored.lon - lon) < 0.1 * METRE


def test_export_writes_what_import_reads_back_unchanged(tmp_path):
    path = tmp_path / "out.geojson"
    output = run("export_components", path)
    count = Component.objects.count()
    assert f"Wrote {count} components" in output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"][0]["properties"].keys() >= {"code", "kind", "owner"}
    assert f"created: 0, updated: 0, unchanged: {count}" in run("import_components", path)


def test_delete_missing_removes_the_components_the_file_leaves_out(tmp_path):
    lat, lon = grid_point()
    path = write(tmp_path, [feature("ONLY-1", "路灯", "LDS", lat, lon)])
    output = run("import_components", path, "--commit", "--delete-missing")
    assert "created: 1" in output
    assert list(Component.objects.values_list("code", flat=True)) == ["ONLY-1"]


# --- a component the reporter picked -----------------------------------------------------------


def test_a_picked_component_decides_within_twice_the_distance_and_is_logged(settings):
    lat, lon = grid_point()
    sub = Subcategory.objects.get(name_zh="井盖丢失")
    cover = Component.objects.create(code="P-1", kind=ComponentKind.objects.get(name="通信井盖"),
                                     lat=lat + 25 * METRE, lon=lon,
                                     owner=Department.objects.get(code="TXG"))
    metres, found = picked_component(sub, "P-1", lat, lon)
    assert found == cover and 24 < metres < 26
    grid = locate_grid(lat, lon)
    route = route_case(subcategory=sub, grid=grid, lat=lat, lon=lon, component=found)
    assert route.department.code == "TXG"
    assert route.details["component"] == "P-1" and route.details["picked"] is True
    with pytest.raises(ComponentError, match="31 米"):
        picked_component(sub, "P-1", lat - 6 * METRE, lon)


def test_a_picked_component_of_another_kind_or_unknown_is_refused():
    lat, lon = grid_point()
    lamp = Component.objects.filter(kind__name="路灯").first()
    with pytest.raises(ComponentError, match="路灯"):
        picked_component(Subcategory.objects.get(name_zh="井盖丢失"), lamp.code, lamp.lat,
                         lamp.lon)
    with pytest.raises(ComponentError, match="NOSUCH"):
        picked_component(Subcategory.objects.get(name_zh="井盖丢失"), "NOSUCH", lat, lon)
