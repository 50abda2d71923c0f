"""Counters and versions live where no cache culling reaches them (common/cache.py): on the
embedded install the default file cache deletes a random third of its entries once it holds
300, and a rate-limit counter, the statistics version or the reference-data version must not
go with them. With Redis both aliases are the same Redis."""

import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from common import reference
from common.cache import ExpiringFileCache, cache_settings
from events.intake import ratelimit
from events.stats import refresh as statistics
from taxonomy.loader import subcategory_by_code
from tests.helpers import interior_point


@pytest.fixture
def embedded(settings, tmp_path):
    """The embedded install's caches (no REDIS_URL), in a folder of their own."""
    settings.CACHES = cache_settings(redis_url="", data_dir=tmp_path)


def fill_the_default_cache(entries: int = 1000) -> None:
    for n in range(entries):
        caches["default"].set(f"answer:{n}", "x" * 100, 3600)


def test_a_rate_limit_outlasts_a_default_cache_filled_past_its_limit(embedded, demo,
                                                                     settings):
    settings.REPORT_RATE_PER_IP = "1/h"
    ratelimit.reset_all()  # a namespace other than the first, as after any reset
    lat, lon = interior_point(demo.first_grid)
    report = {"subcategory": demo.manhole.code, "lat": lat, "lon": lon,
              "description": "井盖不见了"}
    client = Client(REMOTE_ADDR="203.0.113.60")
    assert client.post("/report/", report).status_code == 302
    fill_the_default_cache()
    assert client.post("/report/", report).status_code == 429


def test_the_statistics_version_outlasts_a_default_cache_filled_past_its_limit(embedded):
    statistics.bump_version()
    statistics.bump_version()
    assert statistics.version() == 2
    fill_the_default_cache()
    assert statistics.version() == 2


def test_reference_data_is_not_read_again_after_the_default_cache_fills_up(embedded, demo):
    reference.forget()
    subcategory_by_code(demo.manhole.code)
    fill_the_default_cache()
    with CaptureQueriesContext(connection) as read:
        assert subcategory_by_code(demo.manhole.code) == demo.manhole
    assert len(read) == 0


def test_a_full_state_cache_removes_expired_entries_and_never_live_ones(tmp_path,
                                                                        monkeypatch):
    state = ExpiringFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    state.set("version", 7, None)
    for n in range(20):
        state.set(f"counter:{n}", n, 60)
    assert len(state._list_cache_files()) == 21  # full, but all of them live
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)  # every counter's window has ended
    state.set("counter:new", 1, 60)
    assert len(state._list_cache_files()) == 2
    assert state.get("version") == 7 and state.get("counter:new") == 1


def test_with_redis_both_caches_are_the_same_redis():
    caches_ = cache_settings(redis_url="redis://redis:6379/0", data_dir=None)
    assert caches_["state"] == caches_["default"]
    assert caches_["default"]["BACKEND"].endswith("RedisCache")
