"""Tests for the pure demo geometry (no database, no Django settings needed)."""

from __future__ import annotations

import math
from collections import Counter

import pytest
import shapely

from grids.demo_geometry import build_demo_district, synthetic_tiling
from grids.geometry import RegionSpec, area_km2

CODE_LENGTHS = {"district": 6, "street": 9, "community": 12, "grid": 15}
LEVEL_ORDER = ["district", "street", "community", "grid"]


@pytest.fixture(scope="module")
def regions() -> list[RegionSpec]:
    # Built once: every test below only reads the result.
    return build_demo_district()


def _level(regions: list[RegionSpec], level: str) -> list[RegionSpec]:
    return [r for r in regions if r.level == level]


def _max_pairwise_overlap(polygons: list[shapely.Polygon]) -> float:
    """Largest intersection area among touching pairs, found via an STRtree."""
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left.tolist(), right.tolist(), strict=True) if i < j]
    if not pairs:
        return 0.0
    a = [polygons[i] for i, _ in pairs]
    b = [polygons[j] for _, j in pairs]
    return float(shapely.area(shapely.intersection(a, b)).max())


def test_the_demo_district_has_4_streets_139_communities_and_921_grids(regions):
    counts = Counter(r.level for r in regions)
    assert counts == {"district": 1, "street": 4, "community": 139, "grid": 921}


def test_parents_come_before_their_children(regions):
    ranks = [LEVEL_ORDER.index(r.level) for r in regions]
    assert ranks == sorted(ranks)
    seen: set[str] = set()
    for region in regions:
        assert region.parent_code is None or region.parent_code in seen
        seen.add(region.code)


def test_the_district_and_streets_carry_the_real_codes_and_names(regions):
    district = regions[0]
    assert (district.code, district.name, district.parent_code) == ("440604", "禅城区", None)
    streets = {r.code: r.name for r in _level(regions, "street")}
    assert streets == {
        "440604001": "祖庙街道",
        "440604002": "石湾镇街道",
        "440604003": "张槎街道",
        "440604004": "南庄镇",
    }


def test_codes_are_unique_have_the_right_length_and_extend_the_parent_code(regions):
    assert len({r.code for r in regions}) == len(regions)
    for region in regions:
        assert region.code.isdigit()
        assert len(region.code) == CODE_LENGTHS[region.level]
        if region.parent_code is not None:
            assert region.code.startswith(region.parent_code)


def test_community_names_are_unique_and_grid_names_number_within_the_community(regions):
    communities = _level(regions, "community")
    assert len({c.name for c in communities}) == len(communities)
    assert all(c.name.endswith(("社区", "村")) for c in communities)
    names = {c.code: c.name for c in communities}
    for grid in _level(regions, "grid"):
        number = int(grid.code[-3:])
        assert grid.name == f"{names[grid.parent_code]}第{number}网格"


def test_every_community_has_between_3_and_12_grids_and_every_street_a_dozen_communities(
    regions,
):
    children = Counter(r.parent_code for r in regions)
    assert all(3 <= children[c.code] <= 12 for c in _level(regions, "community"))
    assert all(children[s.code] >= 12 for s in _level(regions, "street"))


def test_every_geometry_is_a_single_valid_polygon(regions):
    for region in regions:
        geom = region.geometry
        assert isinstance(geom, shapely.Polygon), region.code
        assert geom.is_valid and not geom.is_empty and geom.area > 0, region.code


def test_all_coordinates_are_snapped_to_the_1e7_degree_grid(regions):
    for region in regions:
        assert shapely.equals_exact(
            region.geometry, shapely.set_precision(region.geometry, 1e-7), tolerance=0
        ), region.code


def test_the_district_is_convex_with_10_to_16_corners_and_about_154_km2(regions):
    outline = regions[0].geometry
    assert outline.convex_hull.area == pytest.approx(outline.area, rel=1e-6)
    corners = len(shapely.simplify(outline, 1e-6).exterior.coords) - 1
    assert 10 <= corners <= 16
    assert 140 <= area_km2(outline) <= 170
    assert shapely.box(113.0, 22.95, 113.2, 23.1).contains(outline)


def test_grids_do_not_overlap(regions):
    assert _max_pairwise_overlap([g.geometry for g in _level(regions, "grid")]) < 1e-12


def test_grid_areas_add_up_to_the_district_area(regions):
    total = math.fsum(g.geometry.area for g in _level(regions, "grid"))
    assert total == pytest.approx(regions[0].geometry.area, rel=1e-9)


def test_children_tile_their_parent_exactly(regions):
    by_code = {r.code: r for r in regions}
    areas: dict[str, list[float]] = {}
    for region in regions[1:]:
        areas.setdefault(region.parent_code, []).append(region.geometry.area)
    for parent_code, child_areas in areas.items():
        parent_area = by_code[parent_code].geometry.area
        assert math.fsum(child_areas) == pytest.approx(parent_area, rel=1e-9), parent_code


def test_every_grid_lies_within_its_community_and_every_community_within_its_street(regions):
    by_code = {r.code: r for r in regions}
    for region in regions[1:]:
        container = by_code[region.parent_code].geometry.buffer(1e-9)
        assert region.geometry.within(container), region.code


def test_weights_stay_between_0_2_and_5_and_are_highest_in_zumiao(regions):
    assert all(0.2 <= r.weight <= 5.0 for r in regions)
    streets = {r.name: r.weight for r in _level(regions, "street")}
    assert max(streets, key=streets.get) == "祖庙街道"


def test_building_the_district_twice_gives_identical_results(regions):
    assert build_demo_district() == regions


def test_a_different_seed_gives_a_different_district(regions):
    other = build_demo_district(seed=7)
    assert len(other) == len(regions)
    assert [r.geometry for r in other] != [r.geometry for r in regions]


def test_synthetic_tiling_of_2000_cells_covers_the_bounds_without_overlaps():
    bounds = (113.0, 22.95, 113.2, 23.1)
    cells = synthetic_tiling(2000, seed=3, bounds=bounds)
    assert len(cells) == 2000
    assert all(isinstance(c, shapely.Polygon) and c.is_valid and c.area > 0 for c in cells)
    box_area = (bounds[2] - bounds[0]) * (bounds[3] - bounds[1])
    assert math.fsum(c.area for c in cells) == pytest.approx(box_area, rel=1e-9)
    assert _max_pairwise_overlap(cells) < 1e-12
    assert shapely.box(*bounds).buffer(1e-9).contains(shapely.union_all(cells))


def test_synthetic_tiling_is_deterministic_for_a_seed():
    assert synthetic_tiling(50, seed=5) == synthetic_tiling(50, seed=5)
    assert synthetic_tiling(50, seed=5) != synthetic_tiling(50, seed=6)
