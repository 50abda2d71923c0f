"""Stores the demo district's boundaries (grids/demo_geometry.py) as a new generation."""

from grids.demo_geometry import RegionSpec, build_demo_district
from grids.geometry import boundary_fields
from grids.models import Generation, Region
from grids.services import generation_activate


def save_generation(specs: list[RegionSpec], name: str, activate: bool) -> Generation:
    """Insert `specs` (parents before children) as one generation, level by level."""
    generation = Generation.objects.create(name=name)
    saved: dict[str, Region] = {}
    for level in Region.Level.values:
        rows = [
            Region(generation=generation, code=spec.code, name=spec.name, level=spec.level,
                   parent=saved.get(spec.parent_code), **boundary_fields(spec.geometry))
            for spec in specs
            if spec.level == level
        ]
        for region in Region.objects.bulk_create(rows, batch_size=500):
            saved[region.code] = region
    if activate:
        generation_activate(generation=generation)
    return generation


def seed_demo_regions(seed: int) -> tuple[Generation, list[RegionSpec]]:
    specs = build_demo_district(seed)
    return save_generation(specs, name="禅城区示范网格", activate=True), specs
