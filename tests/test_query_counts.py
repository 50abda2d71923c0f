"""Every list endpoint costs the same number of SQL queries whatever the number of rows it lists:
no query per case, grid, department, category or photo (an "N+1").

Each endpoint is asked once to warm up, then with few rows, then with many more of every kind it
lists (cases in many grids, departments, subcategories and statuses, with photos; statistics
rows; hot spots; extra categories), by a command-centre user who may see them all. Answers
are computed on every request: a cached one (statistics, boundaries) costs fewer queries, and
whether the default cache still holds one from an earlier test is not for a test to guess.
"""

import re
from collections import Counter
from datetime import timedelta
from functools import cache

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from events import demo as demo_data
from events.models import Case, CasePhoto, HotSpot
from events.stats import refresh as statistics
from grids.demo_geometry import build_demo_district
from grids.models import Region
from taxonomy.models import Category, Subcategory

COMMAND_CENTRE = ["leader", "dispatcher"]
STAFF_LISTS = [
    "/api/v1/cases/",
    "/api/v1/stats/open",
    "/api/v1/stats/open?bbox=113.0,22.9,113.3,23.2",
    "/api/v1/stats/kpi?group_by=department",
    "/api/v1/stats/kpi?group_by=street",
    "/api/v1/stats/kpi?group_by=grid",
    "/api/v1/stats/levels?group_by=street",
    "/api/v1/stats/levels?group_by=community",
    "/api/v1/stats/heat?window=30",
    "/api/v1/stats/hotspots",
]
PUBLIC_LISTS = [
    "/api/v1/taxonomy/",
    "/open311/v2/requests.json",
    "/open311/v2/services.json",
]
# Lists of regions: the few are the 4 streets, the many the 921 grids of the same generation.
REGION_LISTS = ["/api/v1/grids/geojson?level={level}", "/api/v1/stats/heat?level={level}"]


@pytest.fixture(autouse=True)
def answers_computed_every_time(settings):
    settings.CACHES = {**settings.CACHES,
                       "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@cache
def demo_specs() -> dict:
    return {spec.code: spec for spec in build_demo_district()}


def demo_grids(count: int, offset: int) -> list:
    """DemoGrids for the demo generator, spread over the whole district."""
    specs = demo_specs()
    regions = list(Region.objects.filter(generation__is_active=True, level="grid")
                   .select_related("parent__parent").order_by("code"))
    step = max(1, len(regions) // count)
    chosen = regions[offset::step][:count]
    return [demo_data.DemoGrid(r, specs[r.code].geometry, 1.0, r.parent.code, r.parent.parent.code)
            for r in chosen]


def add_cases(n: int, seed: int) -> None:
    """n cases of the last few days in as many grids, routed to their departments, in every
    status the generator makes, a third with a photo, some supervised; then the statistics."""
    demo_data.generate_cases(n, demo_grids(n, seed), seed=seed, days=6)
    cases = list(Case.objects.order_by("-pk")[:n])
    for i, case in enumerate(cases):
        if i % 3 == 0:
            CasePhoto.objects.create(case=case, step=case.steps.first(), image=f"cases/{i}.jpg")
    Case.objects.filter(pk__in=[c.pk for c in cases[::4]]).update(supervision="red")
    statistics.rebuild(now=timezone.now() + timedelta(hours=1))


def add_hot_spots(n: int) -> None:
    grids = Region.objects.filter(generation__is_active=True, level="grid").order_by("code")
    categories = list(Category.objects.order_by("code"))
    HotSpot.objects.bulk_create(
        HotSpot(grid_code=grid.code, category=categories[i % len(categories)], recent=5 + i,
                baseline_weekly=0.5, p_value=0.001 * (i + 1), computed_at=timezone.now())
        for i, grid in enumerate(grids[:n]))


def add_categories(n: int) -> None:
    for i in range(n):
        category = Category.objects.create(code=f"9{i}", name_zh=f"测试大类{i}",
                                           name_en=f"Test category {i}")
        Subcategory.objects.bulk_create(
            Subcategory(code=f"9{i}{j:03d}", category=category, name_zh=f"测试小类{i}-{j}",
                        name_en=f"Test {i}-{j}", description="测试", filing_standard="测试",
                        closing_standard="测试")
            for j in range(5))


def few_rows() -> None:
    add_cases(2, seed=1)
    add_hot_spots(1)


def many_rows() -> None:
    add_cases(45, seed=2)
    add_hot_spots(30)
    add_categories(4)


def client_as(username: str | None) -> APIClient:
    client = APIClient()
    if username:
        client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def queries(client: APIClient, url: str) -> list[str]:
    """The SQL of one GET, copied at once: the next request outside a capture clears the log."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return [q["sql"] for q in captured.captured_queries]


def explain(url: str, few: list[str], many: list[str]) -> str:
    """The counts, and the statements that ran more often with many rows (numbers blanked)."""
    def shapes(statements):
        return Counter(re.sub(r"\d+", "N", sql)[:160] for sql in statements)

    grown = shapes(many) - shapes(few)
    lines = [f"{url}: {len(few)} queries with few rows, {len(many)} with many"]
    lines += [f"  +{n}× {sql}" for sql, n in grown.most_common(5)]
    return "\n".join(lines)


def assert_same_queries(client: APIClient, url: str) -> None:
    queries(client, url)  # warm up
    few_rows()
    few = queries(client, url)
    many_rows()
    many = queries(client, url)
    assert len(many) == len(few), explain(url, few, many)


@pytest.mark.parametrize("username", COMMAND_CENTRE)
@pytest.mark.parametrize("url", STAFF_LISTS)
def test_a_staff_list_costs_the_same_queries_for_few_and_many_rows(demo, username, url):
    assert_same_queries(client_as(username), url)


@pytest.mark.parametrize("url", PUBLIC_LISTS)
def test_a_public_list_costs_the_same_queries_for_few_and_many_rows(demo, url):
    assert_same_queries(client_as(None), url)


@pytest.mark.parametrize("url", REGION_LISTS)
def test_a_region_list_costs_the_same_queries_for_4_streets_and_921_grids(demo, url):
    client = client_as("leader")
    add_cases(10, seed=3)
    queries(client, url.format(level="grid"))  # warm up
    few = queries(client, url.format(level="street"))
    many = queries(client, url.format(level="grid"))
    assert len(many) == len(few), explain(url, few, many)


QUEUE_PAGES = ["/dispatch/", "/dispatch/?show=all",
               "/dispatch/?show=all&q=2&category=01&street=440604001&urgency=normal&overdue=on",
               "/dispatch/?show=all&overdue=on&page=2"]


@pytest.mark.parametrize("url", QUEUE_PAGES)
def test_the_dispatch_queue_costs_the_same_queries_for_few_and_many_rows(demo, client, url,
                                                                        settings):
    """The queue's pages with their search and filters: thumbnails, pins and level moves
    come with the rows, not a query each. The level moves ask the region tree, whose check
    of the active generation a process makes once per GRID_INDEX_CHECK_SECONDS (tests set 0,
    which would count that check once per row): an hour here keeps these checks, one per
    interval and never per row, out of both counts. Reference data that the new rows change
    reloads once, on the first request after them: not counted either."""
    settings.GRID_INDEX_CHECK_SECONDS = settings.REFERENCE_CHECK_SECONDS = 3600
    client.force_login(get_user_model().objects.get(username="dispatcher"))

    def page_queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    few_rows()
    # One case to dispatch and one waiting for 立案 among the few, so both pages list the
    # departments to choose from and read routing's suggestions (whatever add_cases drew).
    first, second = Case.objects.order_by("pk").values_list("pk", flat=True)[:2]
    Case.objects.filter(pk=first).update(status="accepted", owner_region="")
    Case.objects.filter(pk=second).update(status="reported", owner_region="")
    page_queries()  # warm up: reference data (the region tree, departments) reload once
    few = page_queries()
    many_rows()
    page_queries()  # and once more after the new rows changed them
    many = page_queries()
    assert len(many) == len(few), explain(url, few, many)
