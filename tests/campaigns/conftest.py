"""A dengue campaign (登革热蚊媒孳生地清查) and a fire-check campaign of 九小场所 over the demo
worker's community, built through the admin's models and launched by the service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.campaigns.launch import campaign_launch
from events.campaigns.models import Campaign, FormField
from org.models import Department

COMMUNITY = "440604001001"  # the demo worker's community: its 9 grids


def make_campaign(*, name, target, fields, region_code=COMMUNITY, creator=None, **extra):
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name=name, target=target, region_code=region_code, starts_on=today,
        ends_on=today + timedelta(days=6), created_by=creator,
        department=getattr(getattr(creator, "staff", None), "department", None), **extra)
    for order, (key, label, kind, extras) in enumerate(fields):
        FormField.objects.create(campaign=campaign, key=key, label=label, kind=kind,
                                 order=order, **extras)
    return campaign


@pytest.fixture
def dengue(cast, demo):
    """Houses of the worker's community; positive containers, a photo, rental status."""
    campaign = make_campaign(
        name="登革热蚊媒孳生地清查", target=Campaign.Target.HOUSE, creator=cast.dispatcher,
        finding_subcategory=demo.vending, fields=[
            ("positive_containers", "阳性容器数", FormField.Kind.NUMBER, {"required": True}),
            ("standing_water", "有积水", FormField.Kind.YES_NO, {}),
            ("rented", "出租屋", FormField.Kind.YES_NO,
             {"register_attribute": "house.is_rented"}),
            ("residents", "登记人数", FormField.Kind.NUMBER,
             {"register_attribute": "house.registered_residents"}),
            ("photo", "现场照片", FormField.Kind.PHOTO, {}),
        ])
    campaign_launch(campaign=campaign)
    return campaign


def fire_check(creator, name="九小场所消防检查", kind="", contact_field=True):
    fields = [("extinguishers", "灭火器", FormField.Kind.CHOICE,
               {"choices": "齐全\n不足\n没有", "required": True})]
    if contact_field:
        fields.append(("contact", "联系电话", FormField.Kind.TEXT,
                       {"register_attribute": "unit.contact_phone"}))
    campaign = make_campaign(name=name, target=Campaign.Target.UNIT, creator=creator,
                             unit_kind=kind, fields=fields)
    campaign_launch(campaign=campaign)
    return campaign


@pytest.fixture
def health_bureau(db):
    """A department that reads the register (爱卫办 of the district), with a handler."""
    from django.contrib.auth import get_user_model

    from org.models import Role, StaffProfile

    department = Department.objects.create(code="AWB", name="区爱卫办", kind="bureau")
    user = get_user_model().objects.create_user("aiwei")
    StaffProfile.objects.create(user=user, role=Role.HANDLER, department=department)
    return user
