"""Launching a campaign creates one task per target in its region, on the grids' workers."""

from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, Task
from places.models import House, Unit
from tests.campaigns.conftest import COMMUNITY, fire_check, make_campaign


def test_a_house_campaign_makes_a_task_for_every_house_of_the_community(dengue, cast):
    houses = House.objects.filter(address__grid_code__startswith=COMMUNITY)
    tasks = Task.objects.filter(campaign=dengue)
    assert tasks.count() == houses.count() > 100
    assert set(tasks.values_list("house_id", flat=True)) == set(houses.values_list("id",
                                                                                   flat=True))
    assert set(tasks.values_list("worker", flat=True)) == {cast.worker.pk}
    assert set(tasks.values_list("community_code", flat=True)) == {COMMUNITY}
    assert set(tasks.values_list("street_code", flat=True)) == {COMMUNITY[:9]}
    first = tasks.select_related("house").first()
    assert first.address_id == first.house.address_id
    assert first.due_at.date() == dengue.ends_on


def test_a_unit_campaign_of_one_kind_targets_only_units_of_that_kind(cast):
    campaign = fire_check(cast.dispatcher, kind="小餐饮")
    units = Unit.objects.filter(address__grid_code__startswith=COMMUNITY, kind="小餐饮")
    assert units.exists()
    assert sorted(Task.objects.filter(campaign=campaign).values_list("unit_id", flat=True)) \
        == sorted(units.values_list("id", flat=True))


def test_a_grid_campaign_makes_one_task_per_grid_of_a_street(cast):
    campaign = make_campaign(name="出租屋安全排查", target=Campaign.Target.GRID,
                             region_code=COMMUNITY[:9], fields=[])
    created = campaign_launch(campaign=campaign)
    from grids.models import Region

    grids = Region.objects.filter(generation__is_active=True, level="grid",
                                  parent__parent__code=COMMUNITY[:9])
    assert created == grids.count() > 9
    assert set(Task.objects.filter(campaign=campaign).values_list("grid_code", flat=True)) \
        == set(grids.values_list("code", flat=True))


def test_a_campaign_is_launched_once(dengue):
    before = Task.objects.filter(campaign=dengue).count()
    assert campaign_launch(campaign=dengue) == 0
    assert Task.objects.filter(campaign=dengue).count() == before
