import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grids.demo_geometry import build_demo_district
from grids.geometry import to_shape
from grids.index import GridIndex, active_index, locate_grid
from grids.models import Region
from tests.helpers import interior_point

DEMO = build_demo_district()
GRIDS = [spec for spec in DEMO if spec.level == "grid"]
INDEX = GridIndex.build(None, range(len(GRIDS)), [g.code for g in GRIDS],
                        [g.geometry for g in GRIDS])
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = shapely.union_all([g.geometry for g in GRIDS]).bounds


def brute_force(lon: float, lat: float) -> set[str]:
    point = shapely.Point(lon, lat)
    return {g.code for g in GRIDS if g.geometry.intersects(point)}


@settings(max_examples=400, deadline=None)
@given(lon=st.floats(MIN_LON - 0.01, MAX_LON + 0.01), lat=st.floats(MIN_LAT - 0.01, MAX_LAT + 0.01))
def test_the_index_agrees_with_a_brute_force_scan_on_random_points(lon, lat):
    expected = brute_force(lon, lat)
    found = INDEX.locate(lon, lat)
    if not expected:
        assert found is None
    else:
        # On a shared edge several grids touch the point; the lowest code wins.
        assert INDEX.codes[found] == min(expected)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GRIDS), st.floats(0, 1), st.floats(0, 1))
def test_points_on_grid_vertices_and_edges_resolve_to_one_touching_grid(grid, t, _):
    ring = list(grid.geometry.exterior.coords)
    k = int(t * (len(ring) - 2))
    (x1, y1), (x2, y2) = ring[k], ring[k + 1]
    lon, lat = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    expected = brute_force(lon, lat)
    found = INDEX.locate(lon, lat)
    assert (found is None) == (not expected)
    if expected:
        assert INDEX.codes[found] == min(expected)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(GRIDS) - 1))
def test_a_case_at_a_grids_interior_point_lands_in_that_grid(db, position):
    region = Region.objects.get(generation__is_active=True, code=GRIDS[position].code)
    lat, lon = interior_point(region)
    assert locate_grid(lat, lon) == region


def test_the_active_index_covers_the_active_generation(db):
    index = active_index()
    assert len(index) == 921
    assert sorted(index.codes) == sorted(g.code for g in GRIDS)


def test_a_stored_grid_has_its_bounding_box(db):
    region = Region.objects.filter(level="grid").first()
    assert (region.min_lon, region.min_lat, region.max_lon, region.max_lat) == \
        to_shape(region.geometry).bounds
