"""Command centres and departments create a campaign with its form through the API; nobody
else, and nobody over a region outside their scope."""

from datetime import timedelta

from django.utils import timezone

from events.campaigns.models import Campaign, Task
from tests.campaigns.conftest import COMMUNITY


def body(**changes):
    today = timezone.localdate()
    return {"name": "出租屋安全排查", "region_code": COMMUNITY, "target": "house",
            "starts_on": str(today), "ends_on": str(today + timedelta(days=13)),
            "fields": [{"key": "rented", "label": "是否出租", "kind": "yes_no",
                        "register_attribute": "house.is_rented"},
                       {"key": "exits", "label": "安全出口", "kind": "choice",
                        "choices": ["畅通", "堵塞"], "required": True}],
            "launch": True, **changes}


def test_a_department_creates_and_launches_a_campaign_and_watches_it(api, cast):
    api.force_authenticate(cast.handler)
    answer = api.post("/api/v1/campaigns/", body(), format="json")
    assert answer.status_code == 201, answer.content
    campaign = Campaign.objects.get(pk=answer.json()["id"])
    assert campaign.department == cast.handler.staff.department
    assert answer.json()["tasks"] == Task.objects.filter(campaign=campaign).count() > 100
    assert list(campaign.fields.values_list("key", "choices")) == [("rented", ""),
                                                                    ("exits", "畅通\n堵塞")]
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/progress").status_code == 200


def test_a_campaign_with_wrong_fields_or_dates_is_refused(api, cast):
    api.force_authenticate(cast.dispatcher)
    wrong = body(ends_on="2000-01-01", fields=[{"key": "x", "label": "x", "kind": "choice"}])
    answer = api.post("/api/v1/campaigns/", wrong, format="json")
    assert answer.status_code == 400 and "fields" in answer.json()
    assert api.post("/api/v1/campaigns/", body(ends_on="2000-01-01"),
                    format="json").status_code == 400
    assert not Campaign.objects.exists()


def test_a_street_centre_cannot_run_a_campaign_in_another_street(api, cast):
    api.force_authenticate(cast.other_dispatcher)  # 石湾 (440604004)
    answer = api.post("/api/v1/campaigns/", body(), format="json")
    assert answer.status_code == 400 and "region_code" in answer.json()
    assert api.post("/api/v1/campaigns/", body(region_code=""),
                    format="json").status_code == 400


def test_workers_operators_and_strangers_create_no_campaign(api, cast):
    for user in (cast.worker, cast.user("operator")):
        api.force_authenticate(user)
        assert api.post("/api/v1/campaigns/", body(), format="json").status_code == 403
    api.force_authenticate(None)
    assert api.post("/api/v1/campaigns/", body(), format="json").status_code in (401, 403)
    assert not Campaign.objects.exists()
