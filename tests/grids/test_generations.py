import pytest
import shapely
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Case
from grids.geometry import RegionSpec, to_shape
from grids.index import active_index, locate_grid
from grids.models import Generation, Region
from grids.services import generation_activate, generation_create
from org.models import DutyList, GridAssignment
from places.models import Address, Building, House, Unit
from tests.helpers import interior_point


def test_the_demo_district_has_4_streets_139_communities_and_921_grids(db):
    active = Region.objects.filter(generation__is_active=True)
    assert active.filter(level="district").count() == 1
    assert active.filter(level="street").count() == 4
    assert active.filter(level="community").count() == 139
    assert active.filter(level="grid").count() == 921


def test_stored_grids_tile_the_district_without_overlaps(db):
    active = Region.objects.filter(generation__is_active=True)
    grids = [to_shape(g) for g in active.filter(level="grid").values_list("geometry", flat=True)]
    district = to_shape(active.get(level="district").geometry)
    assert abs(sum(g.area for g in grids) - district.area) < 1e-9 * district.area
    tree = shapely.STRtree(grids)
    left, right = tree.query(grids, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left, right) if i < j]
    assert pairs, "neighbouring grids share edges"
    assert max(grids[i].intersection(grids[j]).area for i, j in pairs) < 1e-12


def test_every_grid_has_a_worker(db):
    codes = set(Region.objects.filter(generation__is_active=True, level="grid")
                .values_list("code", flat=True))
    assigned = set(GridAssignment.objects.values_list("grid_code", flat=True))
    assert codes <= assigned


def test_grid_codes_follow_the_15_digit_scheme(db):
    for region in Region.objects.filter(generation__is_active=True, level="grid") \
            .select_related("parent__parent__parent"):
        assert len(region.code) == 15 and region.code.isdigit()
        assert region.code.startswith(region.parent.code)
        assert region.parent.parent.parent.code == "440604"


def _wipe_demo_district():
    GridAssignment.objects.all().delete()
    get_user_model().objects.all().delete()
    Case.objects.all().delete()
    DutyList.objects.all().delete()
    # The address register (about 65,000 rows), from the leaves up, a statement per table: the
    # ORM's cascade would load every row first, a fifth of this test's time. No campaign task
    # or register history refers to it in the demo district.
    with connection.cursor() as cursor:
        for model in (Unit, House, Building, Address):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    for level in reversed(Region.Level.values):
        Region.objects.filter(level=level).delete()
    Generation.objects.all().delete()


def test_seed_demo_is_a_dry_run_without_commit(db):
    _wipe_demo_district()
    call_command("seed_demo", "--cases", "20", verbosity=0)
    assert not Region.objects.exists() and not Case.objects.exists()
    call_command("seed_demo", "--cases", "20", "--commit", verbosity=0)
    assert Region.objects.filter(level="grid").count() == 921
    assert Case.objects.count() == 20


def test_seed_demo_refuses_a_database_that_already_has_regions(db):
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_demo", "--commit", verbosity=0)
    call_command("seed_demo", "--commit", "--if-empty", verbosity=0)


def _one_big_grid() -> list[RegionSpec]:
    box = shapely.box(112.9, 22.9, 113.3, 23.2)
    return [
        RegionSpec("440604", "禅城区", "district", None, box),
        RegionSpec("440604001", "街道", "street", "440604", box),
        RegionSpec("440604001001", "社区", "community", "440604001", box),
        RegionSpec("440604001001001", "唯一网格", "grid", "440604001001", box),
    ]


def test_activating_a_new_generation_changes_lookups_without_a_restart(db):
    old_grid = Region.objects.filter(generation__is_active=True, level="grid").last()
    lat, lon = interior_point(old_grid)
    assert locate_grid(lat, lon) == old_grid
    new = generation_create(specs=_one_big_grid(), name="新边界", activate=False)
    assert locate_grid(lat, lon) == old_grid, "an inactive generation changes nothing"
    generation_activate(generation=new)
    # The index notices the new active revision by itself (no forget_index() here).
    found = locate_grid(lat, lon)
    assert found.code == "440604001001001" and found.generation == new
    assert len(active_index()) == 1
    assert Generation.objects.filter(is_active=True).get() == new
