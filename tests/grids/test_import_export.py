"""import_grids and export_grids: GeoJSON and Shapefile in, the region tree out, problems
reported, nothing written without --commit, routing moved only by activation."""

import io
import json
import math
import re

import numpy as np
import pyproj
import pytest
import shapefile
import shapely
from django.core.management import CommandError, call_command
from shapely.geometry import mapping, shape

from events.intake.services import Report, case_report
from events.models import Case
from grids import importer
from grids.geometry import to_shape
from grids.index import locate_grid
from grids.models import Generation, Region
from org.routing import default_department
from tests.fixtures import grids as fixture

OVERLAPPING, BOWTIE, HOLE = "440605001002004", "440605002001003", "440605001002005"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_grids", *map(str, args), "--no-progress", stdout=out)
    return out.getvalue()


def write_geojson(tmp_path, features=None, crs="urn:ogc:def:crs:EPSG::4490", name="grids"):
    path = tmp_path / f"{name}.geojson"
    path.write_text(fixture.text(fixture.collection(features, crs)), encoding="utf-8")
    return path


def new_generation():
    return Generation.objects.exclude(regions__code__startswith="440604").get()


def test_the_committed_fixture_is_what_its_generator_makes():
    assert fixture.PATH.read_text(encoding="utf-8") == fixture.text(fixture.collection())
    assert len(fixture.grid_features()) >= 50


def test_a_dry_run_reports_the_tree_and_writes_nothing(db):
    before = Region.objects.count(), Generation.objects.count()
    output = run(fixture.PATH)
    assert "Read 60 features; coordinates: urn:ogc:def:crs:EPSG::4490" in output
    assert "1 district, 2 street, 6 community, 60 grid" in output
    assert "9 parent(s) built as the union of their children" in output
    assert "No invalid geometries, overlaps or gaps." in output
    assert "Dry run: nothing written" in output
    assert (Region.objects.count(), Generation.objects.count()) == before


def test_commit_builds_an_inactive_generation_with_the_region_tree(db):
    run(fixture.PATH, "--commit", "--name", "南海区 2026")
    generation = new_generation()
    assert generation.name == "南海区 2026" and not generation.is_active
    regions = {r.code: r for r in generation.regions.select_related("parent")}
    assert len(regions) == 1 + 2 + 6 + 60
    grid = regions["440605002003001"]
    assert grid.level == "grid" and grid.name == "凤池村第1网格"
    assert [r.code for r in reversed(grid.path())] == [
        "440605", "440605002", "440605002003", "440605002003001"]
    assert [r.level for r in reversed(grid.path())] == Region.Level.values
    community = to_shape(regions["440605002003"].geometry)
    grids = [to_shape(r.geometry) for code, r in regions.items()
             if code.startswith("440605002003") and r.level == "grid"]
    assert community.symmetric_difference(shapely.union_all(grids)).area < 1e-12
    assert Generation.objects.get(is_active=True).regions.filter(code="440604").exists()


def number_of(code: str, features=None) -> int:
    """The position of grid `code` in the fixture's file, from 1."""
    codes = [f["properties"].get("code") for f in features or fixture.grid_features()]
    return codes.index(code) + 1


def overlap_lines(output: str, kind="Error: overlap") -> list[str]:
    return [line for line in output.splitlines() if line.startswith(kind)]


def test_a_planted_overlap_is_refused_naming_both_grids_and_their_features(db, tmp_path):
    path = write_geojson(tmp_path, fixture.with_overlap(fixture.grid_features(), OVERLAPPING))
    output = _errors(path)
    overlaps = overlap_lines(output)
    assert len(overlaps) >= 3
    assert all(f"feature #{number_of(OVERLAPPING)} ({OVERLAPPING})" in line and "m²" in line
               for line in overlaps)


def test_overlaps_are_refused_even_with_commit_unless_allowed(db, tmp_path):
    path = write_geojson(tmp_path, fixture.with_overlap(fixture.grid_features(), OVERLAPPING))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported.*--allow-overlaps"):
        call_command("import_grids", str(path), "--commit", "--no-progress", stdout=out)
    assert not Generation.objects.exclude(regions__code__startswith="440604").exists()

    output = run(path, "--commit", "--allow-overlaps")
    assert overlap_lines(output, "Overlap:") and not overlap_lines(output)
    assert new_generation().regions.filter(level="grid").count() == 60


def test_one_run_names_every_problem_of_the_file(db, tmp_path):
    """A bow tie, a grid over its neighbours, a grid left out, a feature without a code:
    all four named at once, each with its feature, and nothing imported."""
    features = fixture.with_bowtie(fixture.with_overlap(fixture.grid_features(), OVERLAPPING),
                                   BOWTIE)
    features = [f for f in features if f["properties"]["code"] != HOLE]
    features.append({"type": "Feature", "properties": {"name": "无编码"},
                     "geometry": features[0]["geometry"]})
    output = _errors(write_geojson(tmp_path, features), "--commit")
    bowtie = f"feature #{number_of(BOWTIE, features)} ({BOWTIE})"
    assert f"Error: {bowtie}: invalid geometry: Self-intersection" in output
    assert f"Error: feature #{len(features)}: no 'code' property" in output
    overlapping = f"feature #{number_of(OVERLAPPING, features)} ({OVERLAPPING})"
    assert len([line for line in overlap_lines(output) if overlapping in line]) >= 3
    (gap,) = [line for line in output.splitlines()
              if line.startswith("Gap:") and "m² between" in line and overlapping in line]
    assert not Generation.objects.exclude(regions__code__startswith="440604").exists()


def test_a_self_intersecting_polygon_is_refused_even_with_commit(db, tmp_path):
    path = write_geojson(tmp_path, fixture.with_bowtie(fixture.grid_features(), BOWTIE))
    before = Region.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_grids", str(path), "--commit", "--no-progress", stdout=out)
    assert (f"Error: feature #{number_of(BOWTIE)} ({BOWTIE}): invalid geometry: "
            "Self-intersection") in out.getvalue()
    assert Region.objects.count() == before


def test_make_valid_repairs_the_bow_tie_and_imports(db, tmp_path):
    # The bow tie spans its grid's bounding box, so its repaired halves overlap neighbours.
    path = write_geojson(tmp_path, fixture.with_bowtie(fixture.grid_features(), BOWTIE))
    output = run(path, "--make-valid", "--allow-overlaps", "--commit")
    assert f"repaired invalid geometry {BOWTIE}" in output
    repaired = to_shape(new_generation().regions.get(code=BOWTIE).geometry)
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"


def test_a_missing_grid_leaves_a_gap_reported_with_the_codes_around_it(db, tmp_path):
    features = [f for f in fixture.grid_features() if f["properties"]["code"] != HOLE]
    output = run(write_geojson(tmp_path, features))
    (gap,) = [line for line in output.splitlines() if line.startswith("Gap:")]
    assert "m² between" in gap and "440605001002004" in gap


def in_web_mercator(features: list[dict]) -> list[dict]:
    to_mercator = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)

    def project(xy):
        return np.column_stack(to_mercator.transform(xy[:, 0], xy[:, 1]))

    return [{**f, "geometry": mapping(shapely.transform(shape(f["geometry"]), project))}
            for f in features]


def test_web_mercator_coordinates_are_reprojected_to_wgs84(db, tmp_path):
    features = in_web_mercator(fixture.grid_features())
    output = run(write_geojson(tmp_path, features, crs="EPSG:3857"), "--commit")
    assert "coordinates: EPSG:3857" in output
    original = shape(fixture.grid_features()[0]["geometry"])
    imported = to_shape(new_generation().regions.get(code="440605001001001").geometry)
    assert original.equals_exact(imported, tolerance=1e-7)


def test_projected_coordinates_without_a_crs_are_refused_until_srid_says_what_they_are(
        db, tmp_path):
    path = write_geojson(tmp_path, in_web_mercator(fixture.grid_features()), crs=None)
    with pytest.raises(CommandError):
        run(path)
    assert "60 grid" in run(path, "--srid", "3857")


def write_shapefile(tmp_path, features, *, prj_epsg=3857, encoding="utf-8", cpg=True):
    """A Shapefile as GIS desktops write it: Web Mercator, a .prj and a .cpg."""
    transform = pyproj.Transformer.from_crs(4326, prj_epsg, always_xy=True)
    base = tmp_path / "网格"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding=encoding) as w:
        w.field("CODE", "C", size=15)
        w.field("NAME", "C", size=50)
        for feature in features:
            polygon = shape(feature["geometry"])
            rings = [[list(transform.transform(x, y)) for x, y in ring.coords]
                     for ring in [polygon.exterior, *polygon.interiors]]
            w.poly(rings)
            w.record(feature["properties"]["code"], feature["properties"]["name"])
    base.with_suffix(".prj").write_text(pyproj.CRS(prj_epsg).to_wkt(
        pyproj.enums.WktVersion.WKT1_ESRI))
    if cpg:
        base.with_suffix(".cpg").write_text(encoding.upper())
    return base.with_suffix(".shp")


def test_a_shapefile_builds_the_tree_refuses_an_overlap_and_changes_nothing(db, tmp_path):
    features = fixture.with_overlap(fixture.grid_features(), OVERLAPPING)
    path = write_shapefile(tmp_path, features)
    before = Region.objects.count()
    output = _errors(path, "--code-property", "CODE", "--name-property", "NAME", "--commit")
    assert "WGS_1984_Web_Mercator_Auxiliary_Sphere" in output
    assert "1 district, 2 street, 6 community, 60 grid" in output
    assert any(OVERLAPPING in line for line in overlap_lines(output))
    assert Region.objects.count() == before


def test_a_shapefile_with_a_bow_tie_is_refused(db, tmp_path):
    path = write_shapefile(tmp_path, fixture.with_bowtie(fixture.grid_features(), BOWTIE))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_grids", str(path), "--code-property", "CODE", "--name-property",
                     "NAME", "--commit", "--no-progress", stdout=out)
    assert f"feature #{number_of(BOWTIE)} ({BOWTIE}): invalid geometry" in out.getvalue()


def test_a_gbk_shapefile_without_a_cpg_file_keeps_its_chinese_names(db, tmp_path):
    path = write_shapefile(tmp_path, fixture.grid_features(), prj_epsg=4490,
                           encoding="gbk", cpg=False)
    run(path, "--code-property", "CODE", "--name-property", "NAME", "--commit")
    grid = new_generation().regions.get(code="440605001001001")
    assert grid.name == "平洲社区第1网格"
    original = shape(fixture.grid_features()[0]["geometry"])
    assert original.equals_exact(to_shape(grid.geometry), tolerance=1e-7)


def with_own_codes(street_level=True) -> list[dict]:
    """The fixture under a town's own codes ("NH-" + the region code) with a parent property:
    grids, communities and (unless left out) streets in the file, the district "NH" not."""
    grids = fixture.grid_features()

    def region(code: str, parent: str) -> dict:
        members = [shape(f["geometry"]) for f in grids
                   if f["properties"]["code"].startswith(code)]
        return {"type": "Feature", "geometry": mapping(shapely.union_all(members)),
                "properties": {"code": "NH-" + code, "name": code, "parent": parent}}

    features = [{**f, "properties": {**f["properties"], "code": "NH-" + f["properties"]["code"],
                                     "parent": "NH-" + f["properties"]["code"][:12]}}
                for f in grids]
    communities = sorted({f["properties"]["code"][:12] for f in grids})
    features += [region(code, "NH-" + code[:9] if street_level else "NH")
                 for code in communities]
    if street_level:
        features += [region(code, "NH") for code in sorted({c[:9] for c in communities})]
    return features


def test_other_codes_need_a_parent_property(db, tmp_path):
    path = write_geojson(tmp_path, with_own_codes())
    assert "not a 6, 9, 12 or 15-digit region code" in _errors(path)
    output = run(path, "--parent-property", "parent", "--commit")
    assert "1 district, 2 street, 6 community, 60 grid" in output
    grid = new_generation().regions.get(code="NH-440605002003001")
    assert [r.code for r in reversed(grid.path())] == [
        "NH", "NH-440605002", "NH-440605002003", "NH-440605002003001"]


def test_a_tree_with_a_level_missing_is_refused(db, tmp_path):
    path = write_geojson(tmp_path, with_own_codes(street_level=False))
    assert "(community) has no grids beneath it" in _errors(path, "--parent-property", "parent")


def test_a_parent_missing_from_the_file_is_named_with_the_features_that_name_it(db, tmp_path):
    features = with_own_codes()
    typo = features[20]["properties"]
    typo["parent"] = typo["parent"][:-1] + "9"  # a community the file does not have
    output = _errors(write_geojson(tmp_path, features), "--parent-property", "parent")
    assert (f"Error: feature #21 ({typo['code']}): parent {typo['parent']} is not in the "
            "file") in output


def _errors(path, *extra) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_grids", str(path), *extra, "--no-progress", stdout=out)
    return out.getvalue()


def test_activating_a_new_generation_changes_routing_for_new_cases_only(db, demo):
    point = shape(fixture.grid_features()[30]["geometry"]).point_on_surface()
    lat, lon = point.y, point.x
    old_grid = locate_grid(lat, lon)
    report = Report(subcategory=demo.vending, lat=lat, lon=lon, description="占道经营")
    before = case_report(report=report)
    assert before.grid == old_grid and before.department.kind == "street"

    run(fixture.PATH, "--commit", "--activate")
    after = case_report(report=report)
    assert after.grid.code.startswith("440605") and after.grid.generation.is_active
    assert after.department == default_department(demo.vending) != before.department
    before = Case.objects.get(pk=before.pk)
    assert before.grid == old_grid and before.department.kind == "street"
    assert locate_grid(lat, lon) == after.grid


def test_export_then_import_round_trips_the_active_generation(db, tmp_path):
    active = Generation.objects.get(is_active=True)
    path = tmp_path / "active.geojson"
    call_command("export_grids", str(path), stdout=io.StringIO())
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert len(exported["features"]) == active.regions.count() == 1065
    output = run(path, "--commit")
    assert "0 parent(s) built" in output and "No invalid geometries" in output
    copy = Generation.objects.exclude(pk=active.pk).get()

    def tree(generation):
        return {r.code: (r.name, r.level, r.parent.code if r.parent else None,
                         to_shape(r.geometry).normalize().wkb)
                for r in generation.regions.select_related("parent")}

    assert tree(copy) == tree(active)


def test_export_of_one_level_of_a_chosen_generation(db):
    generation = Generation.objects.get(is_active=True)
    out = io.StringIO()
    call_command("export_grids", "-", "--generation", str(generation.pk), "--level", "street",
                 stdout=out)
    collection = json.loads(out.getvalue())
    assert [f["properties"]["code"] for f in collection["features"]] == [
        "440604001", "440604002", "440604003", "440604004"]
    assert collection["features"][0]["properties"]["parent_code"] == "440604"


def test_a_file_with_a_code_twice_is_refused(db, tmp_path):
    features = fixture.grid_features()
    path = write_geojson(tmp_path, features + features[:1])
    assert "code 440605001001001 appears twice" in _errors(path)



def test_an_unknown_crs_is_refused_with_a_message(db, tmp_path):
    path = write_geojson(tmp_path, crs="EPSG:999999")
    with pytest.raises(CommandError, match="unknown coordinate reference system"):
        run(path)


# --- Hostile files: refused in bounded time, with the feature and the limit named -----------

def test_a_polygon_with_a_million_vertices_is_refused_unbuilt_naming_feature_and_limit(
        db, tmp_path, monkeypatch):
    features = fixture.grid_features()
    number, feature = next((n, f) for n, f in enumerate(features, start=1)
                           if f["properties"]["code"] == OVERLAPPING)
    feature["geometry"] = {"type": "Polygon", "coordinates": "RING"}
    # A ring round the grid's centre 1,000 times, 1,000 vertices each time: written as text,
    # as building a million coordinate lists in Python would take longer than the import.
    centre = shape(fixture.grid_features()[number - 1]["geometry"]).centroid
    circle = ",".join(f"[{centre.x + 1e-3 * math.cos(a):.7f},{centre.y + 1e-3 * math.sin(a):.7f}]"
                      for a in np.linspace(0, 2 * math.pi, 1000))
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps(fixture.collection(features)).replace(
        '"RING"', "[[" + ",".join([circle] * 1000) + "]]"))
    before = Region.objects.count(), Generation.objects.count()
    built, build = [], importer._shape
    monkeypatch.setattr(importer, "_shape", lambda source, label, geometry: built.append(
        label) or build(source, label, geometry))
    output = _errors(path, "--commit")
    # Counted, not built: Shapely never sees the million vertices (reading the 25 MB of JSON
    # is what the refusal costs, about 2 s), and every other feature is still checked.
    assert len(built) == len(features) - 1 and not any(OVERLAPPING in label for label in built)
    assert (f"Error: feature #{number} ({OVERLAPPING}): 1,000,000 vertices, more than the "
            f"limit of {importer.MAX_VERTICES:,} per feature (see --max-vertices)") in output
    assert (Region.objects.count(), Generation.objects.count()) == before


def test_the_vertex_limit_can_be_set_per_import(db, tmp_path):
    output = _errors(fixture.PATH, "--max-vertices", "4")
    assert "more than the limit of 4 per feature" in output
    assert "Read 60 features" in run(fixture.PATH, "--max-vertices", "1000")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_or_infinite_coordinates_are_refused_even_with_make_valid(db, tmp_path, value):
    features = fixture.grid_features()
    ring = [list(point) for point in features[0]["geometry"]["coordinates"][0]]
    ring[1][1] = value  # written as JSON's NaN, Infinity, -Infinity
    features[0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    path = write_geojson(tmp_path, features)
    assert "NaN" in path.read_text() or "Infinity" in path.read_text()
    output = _errors(path, "--make-valid", "--commit")
    assert ("Error: feature #1 (440605001001001): coordinates must be finite numbers, not NaN "
            "or Infinity") in output
    assert not Generation.objects.exclude(regions__code__startswith="440604").exists()


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "grids.geojson is not UTF-8 text, so not GeoJSON"),
    (b"<html><body>Not found</body></html>", "grids.geojson is not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "grids.geojson nests arrays or objects too deeply"),
    (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "nests arrays or objects too deeply"),
    (b"[1, 2, 3]", "grids.geojson is not a GeoJSON FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": "all of them"}', '"features" is not a list'),
])
def test_a_file_that_is_not_geojson_is_refused_with_a_message(db, tmp_path, content, message):
    path = tmp_path / "grids.geojson"
    path.write_bytes(content)
    before = Region.objects.count(), Generation.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        run(path, "--commit")
    assert (Region.objects.count(), Generation.objects.count()) == before


def test_features_that_are_garbage_are_each_named(db, tmp_path):
    garbage = [7, {"type": "Feature", "properties": ["code"], "geometry": None},
               {"type": "Feature", "properties": {"code": "440605001001001"},
                "geometry": {"type": "Polygon", "coordinates": [[[[[[1]]]]]]}},
               {"type": "Feature", "properties": {"code": "440605001001002"},
                "geometry": {"type": "Polygon", "coordinates": "[[0, 0]]"}}]
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": 4326,
                                "features": garbage}))
    output = _errors(path, "--commit")
    assert "Error: feature #1: not a GeoJSON Feature object" in output
    assert "Error: feature #2: not a GeoJSON Feature object" in output
    assert "Error: feature #3 (440605001001001): unreadable geometry" in output
    assert "Error: feature #4 (440605001001002): unreadable geometry" in output
