"""Citizen pages: anonymous browsers posting the plain (no-JavaScript) form, as a phone would
without scripts, and the photos a phone sends."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.helpers import interior_point, jpeg


@pytest.fixture
def browser_client(demo):
    """An anonymous visitor with no scripts: what the plain form gets."""
    return Client()


@pytest.fixture
def here(demo) -> tuple[float, float]:
    return interior_point(demo.first_grid)


@pytest.fixture
def form(demo, here):
    """The fields a citizen fills in on /report/, with overrides."""

    def fill(**overrides) -> dict:
        lat, lon = here
        data = {"subcategory": demo.manhole.code, "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
                "address": "祖庙路 1 号", "description": "人行道上的井盖不见了，晚上很危险",
                "contact_phone": "13812345678"}
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return fill


def gps_jpeg(lat: float, lon: float, name="gps.jpg") -> SimpleUploadedFile:
    """A phone photo whose EXIF records where it was taken."""
    def dms(value):
        value = abs(value)
        degrees, rest = int(value), (abs(value) - int(value)) * 60
        return (float(degrees), float(int(rest)), round((rest - int(rest)) * 60, 4))

    exif = Image.Exif()
    exif[0x8825] = {1: "N" if lat >= 0 else "S", 2: dms(lat),
                    3: "E" if lon >= 0 else "W", 4: dms(lon)}
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 40)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def padded_jpeg(total_bytes: int, name="big.jpg") -> SimpleUploadedFile:
    """A real JPEG of exactly `total_bytes`: image data, then padding after the end marker,
    which image readers ignore (as some phones append extra data)."""
    head = jpeg().read()
    return SimpleUploadedFile(name, head + b"\0" * (total_bytes - len(head)),
                              content_type="image/jpeg")
