"""GCJ-02 ("Mars coordinates", 火星坐标) to and from WGS84.

Chinese web maps (AMap/Gaode, Tencent, Google China) and many surveyors' exports give points in
GCJ-02, WGS84 shifted by a few hundred metres inside China. The forward shift is the public
algorithm known as eviltransform; the way back has no closed form, so it is found by fixed-point
iteration to about a millimetre. Outside mainland China's bounding box GCJ-02 is WGS84.

Works on floats and on numpy arrays alike (a whole file of points at once).
"""

import numpy as np

A = 6378245.0  # the Krasovsky 1940 ellipsoid the shift is defined on
EE = 0.00669342162296594323
TOLERANCE_DEGREES = 1e-9  # ≈ 0.1 mm
MAX_ITERATIONS = 30


def _in_china(lat, lon):
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _shift(lat, lon):
    """(Δlat, Δlon) in degrees that GCJ-02 adds to a WGS84 point."""
    x, y = lon - 105.0, lat - 35.0
    root = np.sqrt(np.abs(x))
    waves = (20 * np.sin(6 * x * np.pi) + 20 * np.sin(2 * x * np.pi)) * 2 / 3
    dlat = (-100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * root + waves
            + (20 * np.sin(y * np.pi) + 40 * np.sin(y / 3 * np.pi)) * 2 / 3
            + (160 * np.sin(y / 12 * np.pi) + 320 * np.sin(y * np.pi / 30)) * 2 / 3)
    dlon = (300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * root + waves
            + (20 * np.sin(x * np.pi) + 40 * np.sin(x / 3 * np.pi)) * 2 / 3
            + (150 * np.sin(x / 12 * np.pi) + 300 * np.sin(x / 30 * np.pi)) * 2 / 3)
    radlat = lat / 180 * np.pi
    magic = 1 - EE * np.sin(radlat) ** 2
    dlat = dlat * 180 / ((A * (1 - EE)) / (magic * np.sqrt(magic)) * np.pi)
    dlon = dlon * 180 / (A / np.sqrt(magic) * np.cos(radlat) * np.pi)
    inside = _in_china(lat, lon)
    return np.where(inside, dlat, 0.0), np.where(inside, dlon, 0.0)


def wgs84_to_gcj02(lat, lon):
    """(lat, lon) in GCJ-02 of a WGS84 point (floats or arrays)."""
    dlat, dlon = _shift(np.asarray(lat, float), np.asarray(lon, float))
    return _same_kind(lat, lat + dlat), _same_kind(lon, lon + dlon)


def gcj02_to_wgs84(lat, lon):
    """(lat, lon) in WGS84 of a GCJ-02 point: the point whose shift lands on it."""
    gcj_lat, gcj_lon = np.asarray(lat, float), np.asarray(lon, float)
    wgs_lat, wgs_lon = gcj_lat.copy(), gcj_lon.copy()
    for _ in range(MAX_ITERATIONS):
        dlat, dlon = _shift(wgs_lat, wgs_lon)
        err_lat, err_lon = wgs_lat + dlat - gcj_lat, wgs_lon + dlon - gcj_lon
        wgs_lat, wgs_lon = wgs_lat - err_lat, wgs_lon - err_lon
        if max(np.max(np.abs(err_lat), initial=0), np.max(np.abs(err_lon), initial=0)) \
                < TOLERANCE_DEGREES:
            break
    return _same_kind(lat, wgs_lat), _same_kind(lon, wgs_lon)


def _same_kind(given, result):
    return float(result) if np.ndim(given) == 0 else result
