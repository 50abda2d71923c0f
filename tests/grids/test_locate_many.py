"""GridIndex.locate_many answers exactly what locate() answers, point by point."""

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from grids.demo_geometry import build_demo_district, synthetic_tiling
from grids.index import GridIndex

GRIDS = [spec for spec in build_demo_district() if spec.level == "grid"]
INDEX = GridIndex.build(None, range(len(GRIDS)), [g.code for g in GRIDS],
                        [g.geometry for g in GRIDS])
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = shapely.total_bounds([g.geometry for g in GRIDS])

# Codes deliberately not in tree order, so that "lowest code" is not "lowest position".
TILES = synthetic_tiling(400, seed=3)
TILE_INDEX = GridIndex.build(None, range(len(TILES)),
                             [f"{(i * 7919) % 400:015d}" for i in range(len(TILES))], TILES)


def one_by_one(index: GridIndex, lons, lats) -> list[int]:
    return [-1 if (p := index.locate(x, y)) is None else p for x, y in zip(lons, lats)]


lon = st.floats(MIN_LON - 0.01, MAX_LON + 0.01)
lat = st.floats(MIN_LAT - 0.01, MAX_LAT + 0.01)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(lon, lat), max_size=60))
def test_locate_many_agrees_with_locate_on_random_points(points):
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    found = INDEX.locate_many(lons, lats)
    assert isinstance(found, np.ndarray)
    assert found.tolist() == one_by_one(INDEX, lons, lats)


def vertex_or_edge_point(polygons, draw):
    polygon = draw(st.sampled_from(polygons))
    ring = list(polygon.exterior.coords)
    k = draw(st.integers(0, len(ring) - 2))
    t = draw(st.sampled_from([0.0, 0.5, draw(st.floats(0, 1))]))
    (x1, y1), (x2, y2) = ring[k], ring[k + 1]
    return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t


@st.composite
def edge_points(draw, polygons):
    return [vertex_or_edge_point(polygons, draw) for _ in range(draw(st.integers(1, 30)))]


@settings(max_examples=150, deadline=None)
@given(edge_points([g.geometry for g in GRIDS]))
def test_points_on_shared_edges_and_vertices_go_to_the_lowest_code_as_with_locate(points):
    lons, lats = zip(*points, strict=True)
    assert INDEX.locate_many(lons, lats).tolist() == one_by_one(INDEX, lons, lats)


@settings(max_examples=150, deadline=None)
@given(edge_points(TILES))
def test_ties_are_settled_by_code_not_by_position_in_the_tree(points):
    lons, lats = zip(*points, strict=True)
    assert TILE_INDEX.locate_many(lons, lats).tolist() == one_by_one(TILE_INDEX, lons, lats)


def test_no_points_give_an_empty_answer():
    assert INDEX.locate_many([], []).tolist() == []
