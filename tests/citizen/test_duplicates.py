"""Possible duplicates: open cases of the same subcategory within the radius and the window,
offered before sending, with nothing personal in them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.intake.duplicates import (
    METRES_PER_DEGREE,
    bounding_box,
    haversine_m,
    possible_duplicates,
)
from events.models import Case, Status


def north_of(lat: float, lon: float, metres: float) -> tuple[float, float]:
    return lat + metres / METRES_PER_DEGREE, lon


def test_the_haversine_distance_matches_known_figures():
    assert haversine_m(23.0, 113.0, 23.0, 113.0) == 0
    assert haversine_m(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-4)
    # Guangzhou to Foshan's Chancheng district, roughly 17 km
    assert haversine_m(23.129, 113.264, 23.019, 113.112) == pytest.approx(19_600, rel=0.05)


def test_the_bounding_box_contains_the_whole_circle():
    south, north, west, east = bounding_box(23.0, 113.0, 50)
    assert haversine_m(23.0, 113.0, north, 113.0) == pytest.approx(50, rel=1e-3)
    assert haversine_m(23.0, 113.0, 23.0, east) == pytest.approx(50, rel=1e-3)
    assert south < 23.0 < north and west < 113.0 < east


def test_an_open_case_of_the_same_kind_within_50_m_is_offered_nearest_first(demo, file_case, here):
    near = file_case(*[], lat=north_of(*here, 10)[0])
    nearer = file_case(lat=north_of(*here, 3)[0])
    file_case(lat=north_of(*here, 80)[0])  # too far
    file_case(subcategory=demo.vending)  # another kind of problem
    found = possible_duplicates(subcategory=demo.manhole, lat=here[0], lon=here[1])
    assert [n.case for n in found] == [nearer, near]
    assert found[0].distance_m == pytest.approx(3, abs=0.5)


def test_closed_voided_merged_and_old_cases_are_not_offered(demo, file_case, here):
    for status in (Status.CLOSED, Status.RATED, Status.VOIDED):
        Case.objects.filter(pk=file_case().pk).update(status=status)
    first = file_case()
    Case.objects.filter(pk=file_case().pk).update(duplicate_of=first)
    Case.objects.filter(pk=file_case().pk).update(created_at=timezone.now() - timedelta(hours=73))
    found = possible_duplicates(subcategory=demo.manhole, lat=here[0], lon=here[1])
    assert [n.case for n in found] == [first]


def test_the_radius_and_window_come_from_the_settings(demo, file_case, here, settings):
    file_case(lat=north_of(*here, 80)[0])
    settings.DUPLICATE_RADIUS_M = 100
    assert len(possible_duplicates(subcategory=demo.manhole, lat=here[0], lon=here[1])) == 1
    settings.DUPLICATE_WINDOW_HOURS = 0
    assert possible_duplicates(subcategory=demo.manhole, lat=here[0], lon=here[1]) == []


def test_the_endpoint_answers_numbers_distance_and_voices_but_nothing_personal(
        client, demo, file_case, here):
    case = file_case(description="我家门口（张三，138 号）的井盖丢了" * 5,
                     address="祖庙路 9 号 301 房", contact_phone="13911112222")
    response = client.get("/report/duplicates", {"subcategory": demo.manhole.code,
                                                 "lat": here[0], "lon": here[1]})
    assert response.status_code == 200
    (item,) = response.json()["cases"]
    assert item["tracking_number"] == case.tracking_number
    assert item["distance_m"] == 0 and item["me_too_count"] == 0
    assert item["status_display"] == "待受理"
    body = response.content.decode()
    for private in ("13911112222", "祖庙路 9 号", "张三", "井盖丢了", case.tracking_secret):
        assert private not in body
    assert set(item) == {"tracking_number", "subcategory", "status", "status_display",
                         "distance_m", "me_too_count", "reported_at"}


@pytest.mark.parametrize("query", [
    {"subcategory": "99999", "lat": 23.0, "lon": 113.1},
    {"subcategory": "01001", "lat": "north", "lon": 113.1},
    {"subcategory": "01001", "lat": 91, "lon": 113.1},
    {"subcategory": "01001"},
])
def test_the_endpoint_refuses_bad_queries_with_400(client, demo, query):
    response = client.get("/report/duplicates", query)
    assert response.status_code == 400 and "errors" in response.json()
