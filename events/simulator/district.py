"""Where and what the demo district's reports are: its grids with their activity weights
(busier in the dense old town), a point inside a grid, a plausible subcategory."""

import random
from dataclasses import dataclass

import shapely

from grids.demo_geometry import activity_weight
from grids.models import Generation, Region
from taxonomy.models import Subcategory

CATEGORY_WEIGHTS = {"01": 8, "02": 5, "03": 7, "04": 4, "05": 20, "06": 6, "07": 6, "08": 16,
                    "09": 3, "10": 6, "11": 3, "12": 3, "13": 4, "14": 2, "15": 5, "16": 4,
                    "17": 3}


@dataclass
class DemoGrid:
    region: object
    polygon: shapely.Polygon
    weight: float
    community_code: str
    street_code: str


_GRIDS: dict = {}  # (generation, revision) → grids: a tick reads them once per process


def active_grids() -> list[DemoGrid]:
    """The active generation's grids with their polygons, parsed once per generation."""
    generation = Generation.objects.filter(is_active=True).values_list("pk", "revision").first()
    if generation not in _GRIDS:
        _GRIDS.clear()
        _GRIDS[generation] = _load_grids()
    return _GRIDS[generation]


def _load_grids() -> list[DemoGrid]:
    regions = Region.objects.filter(generation__is_active=True, level=Region.Level.GRID,
                                    geometry__isnull=False).select_related(
        "parent__parent__parent").order_by("code")
    grids = []
    for region in regions:
        polygon = shapely.geometry.shape(region.geometry)
        centre = polygon.representative_point()
        community = region.parent
        grids.append(DemoGrid(region, polygon, activity_weight(centre.x, centre.y),
                              community.code if community else "",
                              community.parent.code if community and community.parent
                              else ""))
    return grids


def point_in(rng: random.Random, polygon: shapely.Polygon) -> tuple[float, float]:
    min_x, min_y, max_x, max_y = polygon.bounds
    while True:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shapely.contains_xy(polygon, x, y):
            return round(x, 6), round(y, 6)


def pick_grid(rng: random.Random, grids: list[DemoGrid]):
    """A grid weighted by its activity, and a (lon, lat) inside it."""
    grid = rng.choices(grids, weights=[g.weight for g in grids])[0]
    return grid, point_in(rng, grid.polygon)


def subcategory_picker(rng: random.Random):
    """pick(month): a subcategory, weighted by category, mosquitoes more in the wet season."""
    by_category = {}
    for sub in Subcategory.objects.select_related("category").order_by("code"):
        by_category.setdefault(sub.category.code, []).append(sub)
    categories = list(by_category)

    def pick(month: int) -> Subcategory:
        weights = [CATEGORY_WEIGHTS.get(c, 3) * (3 if c == "17" and 5 <= month <= 10 else 1)
                   for c in categories]
        return rng.choice(by_category[rng.choices(categories, weights)[0]])

    return pick
