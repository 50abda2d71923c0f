"""Photos a citizen sends with a report: stored as pixels alone (no comment, text, EXIF, XMP
or colour profile that could carry a name, a phone number or markup), and never costing a
worker more than a photo of PHOTO_MAX_PIXELS (8 MP) to decode."""

import functools
import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from common.photos import decoded, sanitized, validate_photo
from events.models import Case, CasePhoto
from tests.citizen.test_report_form import page
from tests.helpers import interior_point

API = "/api/v1/cases/"
FORM = "/report/"
PHONE = "13800138000"
MARKUP = "<html><script>alert(document.cookie)</script>"
PERSONAL = f"张三 {PHONE} {MARKUP}".encode()
ORIENTATION = 0x0112  # EXIF tag; 6: the camera was turned a quarter to the right


def upload(image: Image.Image, kind: str, name: str, **options) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return SimpleUploadedFile(name, buffer.getvalue())


def report(demo) -> dict:
    lat, lon = interior_point(demo.first_grid)
    return {"subcategory": demo.manhole.code, "lat": lat, "lon": lon,
            "description": "人行道上的井盖不见了，很危险", "address": "祖庙路 1 号"}


def stored_bytes() -> bytes:
    with open(CasePhoto.objects.get().image.path, "rb") as stored:
        return stored.read()


def jpeg_markers(data: bytes) -> list[int]:
    """The marker of every JPEG segment up to the image data (start of scan)."""
    markers, at = [], 2
    while data[at] == 0xFF and data[at + 1] != 0xDA:
        markers.append(data[at + 1])
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        chunks.append(data[at + 4:at + 8])
        at += 12 + int.from_bytes(data[at:at + 4], "big")
    return chunks


@functools.cache
def phone_jpeg_bytes() -> bytes:
    """A 48 MP photo as phones take it (8000 × 6000, baseline JPEG), held sideways: EXIF says
    to turn it upright."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 6000), (90, 120, 40)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@functools.cache
def huge_webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (7000, 7000), (90, 120, 40)).save(buffer, format="WEBP", lossless=True)
    return buffer.getvalue()


def test_a_jpeg_comment_with_a_phone_number_and_a_script_is_not_stored(api, demo):
    exif = Image.Exif()
    exif[0x010F] = PERSONAL.decode()  # Make
    photo = upload(Image.new("RGB", (640, 480), (200, 80, 40)), "JPEG", "comment.jpg",
                   comment=PERSONAL, exif=exif, xmp=b"<x:xmpmeta>" + PERSONAL + b"</x:xmpmeta>",
                   icc_profile=b"\0" * 128 + PERSONAL)
    response = api.post(API, {**report(demo), "photos": [photo]}, format="multipart")
    assert response.status_code == 201, response.content
    data = stored_bytes()
    assert PHONE.encode() not in data and b"<script>" not in data and b"<html>" not in data
    app_or_comment = [hex(m) for m in jpeg_markers(data) if 0xE1 <= m <= 0xEF or m == 0xFE]
    assert app_or_comment == []  # only the JFIF header (APP0): no EXIF, XMP, ICC or COM


def test_a_png_with_text_and_a_colour_profile_is_stored_as_pixels_only(browser_client, form):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PERSONAL.decode("latin-1"))
    text.add_itxt("Author", PERSONAL.decode())
    photo = upload(Image.new("RGB", (640, 480), (200, 80, 40)), "PNG", "screenshot.png",
                   pnginfo=text, icc_profile=b"\0" * 128 + PERSONAL)
    response = browser_client.post(FORM, {**form(), "photos": [photo]})
    assert response.status_code == 302
    data = stored_bytes()
    assert PHONE.encode() not in data and b"<script>" not in data
    assert set(png_chunks(data)) == {b"IHDR", b"IDAT", b"IEND"}  # no tEXt, iTXt or iCCP


def test_a_7000_by_7000_png_is_refused_by_the_api_in_the_citizens_language(api, demo):
    huge = upload(Image.new("1", (7000, 7000)), "PNG", "huge.png")
    zh = api.post(API, {**report(demo), "photos": [huge]}, format="multipart")
    huge.seek(0)
    en = api.post(API, {**report(demo), "photos": [huge]}, format="multipart",
                  HTTP_ACCEPT_LANGUAGE="en")
    assert (zh.status_code, en.status_code) == (400, 400) and Case.objects.count() == 0
    assert "huge.png 为 7000 × 7000 像素" in str(zh.json()["photos"])
    assert "最多 8 百万像素" in str(zh.json()["photos"])
    assert "7000 × 7000 pixels" in str(en.json()["photos"])
    assert "at most 8 megapixels" in str(en.json()["photos"])


def test_a_7000_by_7000_webp_is_refused_by_the_report_form_with_a_readable_message(
        browser_client, form):
    huge = SimpleUploadedFile("huge.webp", huge_webp_bytes())
    response = browser_client.post(FORM, {**form(), "photos": [huge]})
    assert response.status_code == 200 and Case.objects.count() == 0
    assert "照片 huge.webp 为 7000 × 7000 像素，过大无法处理" in page(response)


def test_a_48_megapixel_phone_jpeg_is_accepted_and_stored_upright_at_2048_px(api, demo):
    photo = SimpleUploadedFile("phone.jpg", phone_jpeg_bytes())
    response = api.post(API, {**report(demo), "photos": [photo]}, format="multipart")
    assert response.status_code == 201, response.content
    with Image.open(io.BytesIO(stored_bytes())) as stored:
        assert (stored.format, stored.size) == ("JPEG", (1536, 2048))
        assert not stored.getexif()


def test_a_48_megapixel_jpeg_is_decoded_at_half_its_width_never_in_full():
    with Image.open(io.BytesIO(phone_jpeg_bytes())) as image:
        assert decoded(image).size == (4000, 3000)  # DCT scaling: a quarter of the pixels


def test_a_progressive_jpeg_over_the_pixel_limit_is_refused_and_a_baseline_one_is_not(
        settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    picture = Image.new("L", (1600, 1200), 90)
    validate_photo(upload(picture, "JPEG", "baseline.jpg"))
    with pytest.raises(ValidationError, match="1600 × 1200"):
        validate_photo(upload(picture, "JPEG", "progressive.jpg", progressive=True))


def test_the_pixel_limit_of_png_and_webp_is_the_photo_max_pixels_setting(settings):
    settings.PHOTO_MAX_PIXELS = 3000
    for kind in ("PNG", "WEBP"):
        validate_photo(upload(Image.new("RGB", (60, 50)), kind, "small"))
        with pytest.raises(ValidationError, match="64 × 48"):
            validate_photo(upload(Image.new("RGB", (64, 48)), kind, "large"))


def test_the_pixel_limit_is_8_megapixels_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("PHOTO_MAX_PIXELS", raising=False)
    shipped = importlib.reload(importlib.import_module("governance.settings"))
    assert shipped.PHOTO_MAX_PIXELS == 8_000_000
    monkeypatch.setenv("PHOTO_MAX_PIXELS", "12000000")
    assert importlib.reload(shipped).PHOTO_MAX_PIXELS == 12_000_000


def test_a_webp_photo_is_stored_as_a_jpeg_unless_it_has_transparency():
    photo = Image.new("RGB", (3000, 2000), (90, 120, 40))
    stored = sanitized(upload(photo, "WEBP", "phone.webp"))
    assert stored.name.endswith(".jpg")
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (2048, 1365))
    sticker = Image.new("RGBA", (300, 200), (90, 120, 40, 128))
    stored = sanitized(upload(sticker, "WEBP", "sticker.webp"))
    with Image.open(stored) as image:
        assert stored.name.endswith(".webp") and (image.format, image.mode) == ("WEBP", "RGBA")


def test_a_16_bit_grey_png_is_stored_as_8_bit_grey_with_its_tones_kept():
    grey = Image.new("I;16", (3000, 2000), 32768)  # half of 16-bit white
    with Image.open(sanitized(upload(grey, "PNG", "scan.png"))) as stored:
        assert (stored.mode, stored.size) == ("L", (2048, 1365))
        assert stored.getpixel((100, 100)) == 128
