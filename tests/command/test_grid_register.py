"""A grid's counts from the address register (addresses, houses, rented houses, units,
residents) and the KPIs per 1,000 residents and per km², on the grid card and on the heat map,
with hand-counted numbers."""

from datetime import timedelta

import numpy as np
import pyproj
import pytest
import shapely
from django.db.models import Sum
from django.utils import timezone

from events.stats import refresh as statistics
from grids.geometry import RegionSpec, to_shape
from grids.models import Region
from grids.services import generation_activate, generation_create
from places.models import Address, GridTally, House, Unit
from places.services import refresh_grid_tallies
from tests.helpers import client_for, interior_point

FAR_FUTURE = timezone.now() + timedelta(days=3650)
# (registered, floating, rented) of the four houses; the fifth address is a shop.
HOUSES = [(3, 2, True), (4, 0, False), (0, 4, True), (3, 0, False)]


def equal_area_km2(region) -> float:
    """The grid's area worked out another way than the product's (geodesic): projected to
    an Albers equal-area projection for southern China."""
    albers = pyproj.Transformer.from_crs(
        4326, "+proj=aea +lat_1=21 +lat_2=25 +lat_0=23 +lon_0=113 +ellps=WGS84",
        always_xy=True)
    projected = shapely.transform(to_shape(region.geometry), lambda xy: np.column_stack(
        albers.transform(xy[:, 0], xy[:, 1])))
    return projected.area / 1e6


@pytest.fixture
def counted_grid(demo):
    """The demo worker's first grid with a register of its own: 5 addresses, 4 houses (2
    rented, 10 registered and 6 floating residents), 3 units."""
    grid = demo.first_grid
    Address.objects.filter(grid_code=grid.code).delete()
    lat, lon = interior_point(grid)
    addresses = [Address.objects.create(code=f"T{grid.code}{i}", road="祖庙路", number=str(i),
                                        lat=lat, lon=lon, grid_code=grid.code,
                                        search=f"祖庙路{i}")
                 for i in range(5)]
    for address, (registered, floating, rented) in zip(addresses, HOUSES, strict=False):
        House.objects.create(address=address, registered_residents=registered,
                             floating_residents=floating, is_rented=rented)
    for name in ("便利店", "发型屋", "诊所"):
        Unit.objects.create(name=name, kind="九小场所", address=addresses[4])
    refresh_grid_tallies()
    return grid


@pytest.fixture
def six_cases_this_week_and_one_ten_days_ago(file_case, settings):
    settings.STATS_LAG_SECONDS = 0
    for _ in range(6):
        file_case()
    file_case(days_ago=10)
    statistics.refresh(now=FAR_FUTURE)


def grid_card(user, code, **params):
    response = client_for(user).get(f"/api/v1/stats/grid/{code}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_grid_card_counts_the_register_and_the_cases_per_1000_residents_and_per_km2(
        cast, counted_grid, six_cases_this_week_and_one_ten_days_ago):
    card = grid_card(cast.dispatcher, counted_grid.code, window=7)
    register = card["register"]
    assert {k: register[k] for k in ("addresses", "houses", "rented_houses", "units",
                                      "registered_residents", "floating_residents",
                                      "residents")} == {
        "addresses": 5, "houses": 4, "rented_houses": 2, "units": 3,
        "registered_residents": 10, "floating_residents": 6, "residents": 16}
    area = register["area_km2"]
    assert area == pytest.approx(equal_area_km2(counted_grid), rel=1e-3)
    kpis = card["kpis"]
    assert (kpis["window"], kpis["cases"]) == (7, 6)
    assert kpis["cases_per_1000_residents"] == 375.0  # 6 × 1000 / 16
    assert kpis["cases_per_km2"] == pytest.approx(6 / equal_area_km2(counted_grid), abs=0.02)
    month = grid_card(cast.dispatcher, counted_grid.code, window=30)["kpis"]
    assert (month["cases"], month["cases_per_1000_residents"]) == (7, 437.5)
    stalls = grid_card(cast.dispatcher, counted_grid.code, window=30, category="09")["kpis"]
    assert (stalls["cases"], stalls["cases_per_1000_residents"]) == (0, 0.0)


def test_a_grid_nobody_lives_in_has_no_rate_per_resident(cast, counted_grid):
    House.objects.filter(address__grid_code=counted_grid.code).update(
        registered_residents=0, floating_residents=0)
    refresh_grid_tallies()
    kpis = grid_card(cast.dispatcher, counted_grid.code)["kpis"]
    assert kpis["cases_per_1000_residents"] is None and kpis["cases_per_km2"] == 0.0


def heat(user, **params):
    response = client_for(user).get("/api/v1/stats/heat", {"geometry": "false", **params})
    assert response.status_code == 200, response.content
    return {f["properties"]["code"]: f["properties"] for f in response.json()["features"]}


def test_the_heat_map_gives_each_region_its_cases_per_1000_residents_and_per_km2(
        cast, counted_grid, six_cases_this_week_and_one_ten_days_ago):
    grid = heat(cast.dispatcher, measure="per_1000_residents")[counted_grid.code]
    assert (grid["count"], grid["residents"], grid["value"]) == (6, 16, 375.0)
    grid = heat(cast.dispatcher, measure="per_km2")[counted_grid.code]
    assert grid["value"] == pytest.approx(6 / equal_area_km2(counted_grid), abs=0.02)
    assert grid["area_km2"] == pytest.approx(equal_area_km2(counted_grid), rel=1e-3)
    assert heat(cast.dispatcher)[counted_grid.code]["value"] == 6  # the plain count
    street_code = counted_grid.code[:9]
    street = heat(cast.dispatcher, level="street", measure="per_1000_residents")[street_code]
    lived = House.objects.filter(address__grid_code__startswith=street_code).aggregate(
        r=Sum("registered_residents"), f=Sum("floating_residents"))
    assert street["residents"] == lived["r"] + lived["f"] > 16
    assert street["value"] == round(6 * 1000 / street["residents"], 2)
    response = client_for(cast.dispatcher).get("/api/v1/stats/heat", {"measure": "per_cow"})
    assert response.status_code == 400


def test_outsiders_get_neither_the_register_counts_nor_the_rates(cast, counted_grid):
    urls = [f"/api/v1/stats/grid/{counted_grid.code}?window=7",
            "/api/v1/stats/heat?measure=per_1000_residents&geometry=false"]
    for url in urls:
        assert client_for(None).get(url).status_code in (401, 403), url
        for outsider in (cast.handler, cast.worker):
            assert client_for(outsider).get(url).status_code == 403, url


def test_the_statistics_run_recounts_the_register_once_the_counts_are_stale(
        counted_grid, settings):
    settings.REGISTER_STATS_SECONDS = 3600
    House.objects.filter(address__grid_code=counted_grid.code).update(registered_residents=9)
    now = GridTally.objects.get(grid_code=counted_grid.code).computed_at
    assert statistics.refresh(now=now + timedelta(minutes=59))["register"] == 0
    assert GridTally.objects.get(grid_code=counted_grid.code).registered_residents == 10
    assert statistics.refresh(now=now + timedelta(minutes=61))["register"] == 921
    assert GridTally.objects.get(grid_code=counted_grid.code).registered_residents == 36


def test_the_register_is_counted_per_grid_with_a_few_queries(
        counted_grid, django_assert_max_num_queries):
    # Three GROUP BY, the grids, the delete and the inserts (SQLite takes ~100 rows each):
    # nothing per address, and 921 grids would be 921 queries in a loop.
    with django_assert_max_num_queries(20):
        assert refresh_grid_tallies() == 921
    assert GridTally.objects.aggregate(n=Sum("addresses"))["n"] == Address.objects.exclude(
        grid_code="").count()


def test_activating_a_new_generation_recounts_the_register_in_its_grids(
        demo, django_capture_on_commit_callbacks):
    box = shapely.box(112.9, 22.9, 113.3, 23.2)  # the whole demo district in one grid
    specs = [RegionSpec("440604", "禅城区", "district", None, box),
             RegionSpec("440604001", "街道", "street", "440604", box),
             RegionSpec("440604001001", "社区", "community", "440604001", box),
             RegionSpec("440604001001001", "唯一网格", "grid", "440604001001", box)]
    generation = generation_create(specs=specs, name="新边界", activate=False)
    with django_capture_on_commit_callbacks(execute=True):
        generation_activate(generation=generation)
    tally = GridTally.objects.get()  # the old generation's 921 grids are gone
    assert tally.grid_code == "440604001001001"
    assert tally.addresses == Address.objects.count() > 30000
    assert tally.houses == House.objects.count() and tally.units == Unit.objects.count()
    grid = Region.objects.get(generation=generation, level="grid")
    assert tally.area_km2 == pytest.approx(equal_area_km2(grid), rel=1e-3)
