"""The intake answer of the API (the private link, outside the district), the grid lookup the
form asks before sending, the command map showing what is outside every grid, and 重办率."""

from datetime import timedelta

from django.utils import timezone

from events.citizen.tracking import tracking_path
from events.models import Case
from events.stats import reads as stats
from events.stats import refresh as statistics
from events.workflow import services as workflow
from tests.helpers import client_for, close, interior_point

SHENZHEN = (22.5431, 114.0579)


def report(api, demo, lat, lon, **fields):
    return api.post("/api/v1/cases/", {"subcategory": demo.manhole.code, "lat": lat,
                                       "lon": lon, "description": "井盖丢失", **fields},
                    format="json")


def test_the_intake_answer_carries_the_absolute_private_link(api, demo, settings):
    settings.SITE_URL = "https://grid.example.gov.cn"
    answer = report(api, demo, *interior_point(demo.first_grid))
    assert answer.status_code == 201
    body = answer.json()
    case = Case.objects.get(tracking_number=body["tracking_number"])
    assert body["tracking_url"] == "https://grid.example.gov.cn" + tracking_path(case)
    assert body["outside_district"] is False
    assert api.get(body["tracking_url"].removeprefix(settings.SITE_URL)).status_code == 200


def test_a_point_in_shenzhen_is_stored_and_answered_as_outside_the_district(api, demo):
    answer = report(api, demo, *SHENZHEN)
    body = answer.json()
    assert answer.status_code == 201 and body["outside_district"] is True
    assert body["manual_dispatch"] is True and "12345" in body["message"]
    assert Case.objects.get().grid is None


def test_an_email_address_is_checked_and_kept(api, demo):
    lat, lon = interior_point(demo.first_grid)
    bad = report(api, demo, lat, lon, contact_email="not-an-address")
    assert bad.status_code == 400 and "contact_email" in bad.json()
    good = report(api, demo, lat, lon, contact_email="li.lei@example.com")
    assert Case.objects.get(tracking_number=good.json()["tracking_number"]).contact_email \
        == "li.lei@example.com"
    page = client_for(None).get(good.json()["tracking_url"])
    assert page.status_code == 200 and "li.lei" not in page.content.decode()


def test_the_grid_lookup_tells_outside_the_district_from_between_grids(client, demo):
    far = client.get("/api/v1/grids/lookup", {"lat": SHENZHEN[0], "lon": SHENZHEN[1]})
    assert far.status_code == 404 and far.json()["outside_district"] is True
    assert "不在本区范围内" in far.json()["detail"]
    lat, lon = interior_point(demo.first_grid)
    assert client.get("/api/v1/grids/lookup", {"lat": lat, "lon": lon}).status_code == 200


def test_the_command_map_shows_open_cases_outside_every_grid_one_by_one(api, demo, cast):
    report(api, demo, *interior_point(demo.first_grid))
    far = report(api, demo, *SHENZHEN).json()["tracking_number"]
    body = client_for(cast.dispatcher).get("/api/v1/stats/open").json()
    assert body["total"] == 2 and sum(g["count"] for g in body["grids"]) == 1
    assert [c["tracking_number"] for c in body["outside"]] == [far]
    assert body["outside"][0]["lat"] == SHENZHEN[0]
    # A street's dispatcher does not see a case outside the district.
    street = client_for(cast.street_dispatcher).get("/api/v1/stats/open").json()
    assert street["outside"] == [] and street["total"] == 1


def test_the_reopen_rate_counts_cases_the_reporter_sent_back(file_case, cast, settings):
    settings.STATS_LAG_SECONDS = 0
    happy, unhappy = close(file_case()), close(file_case())
    file_case()
    workflow.perform(case=happy, action="rate", token=happy.tracking_secret,
                     params={"satisfied": True, "rating": 5})
    workflow.perform(case=unhappy, action="rate", token=unhappy.tracking_secret,
                     params={"satisfied": False, "comment": "没修好"})
    statistics.refresh(now=timezone.now() + timedelta(days=1))
    today = timezone.localdate()
    total = stats.kpis(user=cast.dispatcher, group_by="department", date_from=today,
                       date_to=today)["total"]
    # Two were closed (one is open again now), one of them sent back; the third, reported
    # only, is in no denominator: 50 %.
    assert (total["reported"], total["citizen_reopened"], total["citizen_reopen_rate"]) == (
        3, 1, 0.5)
    csv = client_for(cast.leader).get("/api/v1/stats/kpi", {"output": "csv"})
    assert "citizen_reopen_rate" in b"".join(csv.streaming_content).decode()
