"""GCJ-02 ↔ WGS84 (common/gcj02.py), checked against eviltransform's published pairs."""

import math

import numpy as np
import pytest

from common.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02

# (WGS84 lat, lon, GCJ-02 lat, lon): the test pairs of googollee/eviltransform
PAIRS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


def metres(a, b):
    dlat = (a[0] - b[0]) * 110_574
    dlon = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


@pytest.mark.parametrize(("lat", "lon", "gcj_lat", "gcj_lon"), PAIRS)
def test_the_forward_shift_matches_the_published_pairs(lat, lon, gcj_lat, gcj_lon):
    assert metres(wgs84_to_gcj02(lat, lon), (gcj_lat, gcj_lon)) < 0.01


@pytest.mark.parametrize(("lat", "lon", "gcj_lat", "gcj_lon"), PAIRS)
def test_the_way_back_lands_within_a_centimetre_of_the_wgs84_point(lat, lon, gcj_lat,
                                                                    gcj_lon):
    back = gcj02_to_wgs84(gcj_lat, gcj_lon)
    assert isinstance(back[0], float)
    assert metres(back, (lat, lon)) < 0.01


def test_arrays_convert_point_by_point_and_round_trip_across_the_country():
    rng = np.random.default_rng(1)
    lats, lons = rng.uniform(18, 53, 10_000), rng.uniform(74, 134, 10_000)
    gcj_lats, gcj_lons = wgs84_to_gcj02(lats, lons)
    shift = np.hypot((gcj_lats - lats) * 110_574, (gcj_lons - lons) * 111_320 * np.cos(
        np.radians(lats)))
    assert shift.min() > 10 and shift.max() < 1500  # a real shift, of hundreds of metres
    back_lats, back_lons = gcj02_to_wgs84(gcj_lats, gcj_lons)
    assert np.max(np.abs(back_lats - lats)) < 1e-8 and np.max(np.abs(back_lons - lons)) < 1e-8
    assert gcj02_to_wgs84(gcj_lats[7], gcj_lons[7]) == pytest.approx((lats[7], lons[7]))


def test_outside_china_gcj02_is_wgs84():
    assert wgs84_to_gcj02(48.8584, 2.2945) == (48.8584, 2.2945)  # Paris
    assert gcj02_to_wgs84(-33.8568, 151.2153) == (-33.8568, 151.2153)  # Sydney
