"""Stores the demo district's boundaries (grids/demo_geometry.py) as a new generation."""

from grids.demo_geometry import build_demo_district
from grids.geometry import RegionSpec
from grids.models import Generation
from grids.services import generation_create


def seed_demo_regions(seed: int) -> tuple[Generation, list[RegionSpec]]:
    specs = build_demo_district(seed)
    return generation_create(specs=specs, name="禅城区示范网格", activate=True), specs
