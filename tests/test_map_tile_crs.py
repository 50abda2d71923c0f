"""GCJ-02 tiles (MAP_TILE_CRS=gcj02): a point shifted onto such a map and picked back comes
home within a metre, and the pages tell their maps which tiles they draw on."""

import math

import pytest

from common.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02

# 佛山祖庙 (Zumiao, Foshan), WGS84.
ZUMIAO = (23.0353, 113.1138)


def metres(a, b) -> float:
    dlat = (a[0] - b[0]) * 111_195
    dlon = (a[1] - b[1]) * 111_195 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def test_a_known_point_round_trips_within_a_metre():
    shifted = wgs84_to_gcj02(*ZUMIAO)
    assert 300 < metres(ZUMIAO, shifted) < 700  # GCJ-02 moves Foshan by a few hundred metres
    assert metres(ZUMIAO, gcj02_to_wgs84(*shifted)) < 1


def test_outside_china_gcj02_is_wgs84():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)


@pytest.mark.django_db
def test_pages_tell_their_maps_the_tiles_crs(client, settings):
    settings.MAP_TILE_CRS = "gcj02"
    assert client.get("/report/").context["MAP_TILES"]["crs"] == "gcj02"


def test_an_unknown_crs_stops_the_start(monkeypatch):
    import importlib
    import sys

    from common.env import ImproperEnv

    monkeypatch.setenv("MAP_TILE_CRS", "bd09")
    monkeypatch.delitem(sys.modules, "governance.settings", raising=False)
    with pytest.raises(ImproperEnv, match="MAP_TILE_CRS"):
        importlib.import_module("governance.settings")
