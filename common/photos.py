"""Photos of reports: checks and clean-up (real images only, size-capped, re-encoded without
EXIF), the location a phone wrote into a photo, and thumbnails.

Thumbnails are 320 px JPEGs stored beside the original under a naming convention
(`<name>.thumb.jpg`) rather than in a model field, so any stored photo can get one later.
"""

import io
import logging
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 50_000_000  # refuses decompression bombs before decoding them


def validate_photo(upload) -> None:
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Photo %(name)s is %(size)s; the limit is %(limit)s.") % {
                "name": upload.name, "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES)})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("%(name)s is not a valid image (JPEG, PNG or WebP).") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(_("%(name)s: only JPEG, PNG or WebP photos are accepted.")
                              % {"name": upload.name})
    if width * height > MAX_PIXELS:
        raise ValidationError(_("%(name)s has too many pixels.") % {"name": upload.name})


def sanitized(upload) -> ContentFile:
    """A re-encoded copy: orientation applied, EXIF (GPS, device) and other metadata dropped."""
    upload.seek(0)
    with Image.open(upload) as image:
        kind = image.format
        clean = ImageOps.exif_transpose(image)
        if kind == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        buffer = io.BytesIO()
        clean.save(buffer, format=kind, quality=85)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[kind]}")


log = logging.getLogger(__name__)

THUMB_SIZE = (320, 320)
GPS = ExifTags.IFD.GPSInfo
LAT_REF, LAT, LON_REF, LON = 1, 2, 3, 4  # GPS IFD tags


def photo_location(upload) -> tuple[float, float] | None:
    """(lat, lon) from the photo's EXIF GPS tags, or None. Read before sanitising, which
    drops EXIF; only called when the citizen asked for it."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            gps = image.getexif().get_ifd(GPS)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    try:
        lat = _degrees(gps[LAT], gps.get(LAT_REF, "N"), "S")
        lon = _degrees(gps[LON], gps.get(LON_REF, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0, 0):
        return None  # (0, 0) is what some cameras write when they had no fix
    return lat, lon


def _degrees(dms, ref, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in dms)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if str(ref).strip().upper() == negative else value


def thumbnail_name(name: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.thumb.jpg"))


def make_thumbnail(photo) -> str:
    """Store the thumbnail of `photo` (anything with an `image` file field, a case's photo) if
    it has none yet; its storage name."""
    storage, name = photo.image.storage, thumbnail_name(photo.image.name)
    if storage.exists(name):
        return name
    with storage.open(photo.image.name) as source, Image.open(source) as image:
        image.draft("RGB", THUMB_SIZE)  # JPEGs decode at a fraction of their size: faster
        image.thumbnail(THUMB_SIZE)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=80)
    return storage.save(name, ContentFile(buffer.getvalue()))


def thumbnail_url(photo) -> str:
    """The thumbnail's URL, made on first use; the original's if it cannot be made."""
    try:
        return photo.image.storage.url(make_thumbnail(photo))
    except (OSError, UnidentifiedImageError):
        log.warning("no thumbnail for %s", photo.image.name, exc_info=True)
        return photo.image.url


def make_thumbnails(photos) -> None:
    """Thumbnails for photos just stored; one that cannot be made now is tried on first view,
    and never fails the report that was stored."""
    for photo in photos:
        thumbnail_url(photo)
