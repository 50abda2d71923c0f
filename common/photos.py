"""Photos of reports: checks and clean-up (real images only, size-capped, re-encoded as pixels
alone), the location a phone wrote into a photo, and thumbnails.

Citizens send photos anonymously, so what one photo may cost a worker is bounded: every check
reads headers only, and no photo is ever decoded at more than PHOTO_MAX_PIXELS (8 MP).
A JPEG, what phones take (up to 50 MP), decodes straight to about the stored size by DCT
scaling; the other formats decode in full, so they are refused above PHOTO_MAX_PIXELS, as is
a progressive JPEG, which the decoder must hold whole in memory to scale.

Thumbnails are 320 px JPEGs stored beside the original under a naming convention
(`<name>.thumb.jpg`) rather than in a model field, so any stored photo can get one later.
"""

import io
import logging
import uuid
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 50_000_000  # refuses decompression bombs before decoding them
# Stored photos keep at most 2048 px on their long edge (until now the full size was stored,
# up to 50 MP): enough to read a house number or a crack on any screen staff use, ~1 MB.
MAX_EDGE = 2048
# The fastest settings of each encoder (a few per cent larger files): a worker pays for six
# photos per report, and a 2048 px photo is small whatever the settings.
SAVE_OPTIONS = {"JPEG": {"quality": 85}, "PNG": {"compress_level": 1},
                "WEBP": {"quality": 85, "method": 0}}
BROKEN = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def validate_photo(upload) -> None:
    """Refuse what is not a JPEG, PNG or WebP photo a worker can afford to decode. Image.open
    reads the header only, so the checks come before any pixel is decoded."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Photo %(name)s is %(size)s; the limit is %(limit)s.") % {
                "name": upload.name, "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES)})
    with _opened(upload) as image:
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("%(name)s: only JPEG, PNG or WebP photos are accepted.")
                                  % {"name": upload.name})
        _check_pixels(upload.name, image)
        image.verify()  # chunk checksums (PNG): still no decoding


def _check_pixels(name: str, image) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(_("%(name)s has too many pixels.") % {"name": name})
    if width * height > settings.PHOTO_MAX_PIXELS and not _decodes_small(image):
        raise ValidationError(
            _("Photo %(name)s is %(width)s × %(height)s pixels, too large to process: this "
              "kind of image may have at most %(limit)s megapixels. Please send a smaller "
              "photo, or a JPEG straight from the camera.") % {
                "name": name, "width": width, "height": height,
                "limit": f"{settings.PHOTO_MAX_PIXELS / 1_000_000:g}"})


def _decodes_small(image) -> bool:
    """Whether `image` (opened, not decoded) can be decoded at a fraction of its size: a
    baseline JPEG, by DCT scaling. A progressive one cannot be scaled until all its scans
    are read, which holds every coefficient in memory (300 MB for 50 MP)."""
    return image.format == "JPEG" and "progressive" not in image.info


@contextmanager
def _opened(upload):
    """The upload opened lazily (header only); anything Pillow cannot read is not a photo."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            yield image
    except BROKEN:
        raise ValidationError(
            _("%(name)s is not a valid image (JPEG, PNG or WebP).") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)


def sanitized(upload) -> ContentFile:
    """A re-encoded copy, at most MAX_EDGE px on its long edge, with its orientation applied
    and nothing but its pixels: no EXIF (GPS, device), XMP, ICC profile, JPEG comment or PNG
    text, any of which may carry a name, a phone number or markup."""
    upload.seek(0)
    with Image.open(upload) as image:
        kind = image.format
        clean = ImageOps.exif_transpose(_eight_bit(_bounded(decoded(image)), kind))
    # The copy still carries the source's metadata in `info`, and Pillow writes some of it
    # back when saving (a JPEG's comment, a PNG's ICC profile): keep none of it.
    clean.info = {}
    # A WebP photo without transparency is stored as a JPEG: encoding the stored size as WebP
    # costs 0.13 s of CPU against 0.01 s (docs/performance.md#photos), for six photos a
    # report. A PNG stays a PNG: screenshots of text keep their sharp edges.
    if kind == "WEBP" and clean.mode in ("RGB", "L"):
        kind = "JPEG"
    buffer = io.BytesIO()
    clean.save(buffer, format=kind, **SAVE_OPTIONS[kind])
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[kind]}")


def decoded(image):
    """The opened `image`, decoded: a JPEG at 1/2, 1/4 or 1/8 of its size (draft: DCT scaling
    in the decoder), the smallest still at least the stored size, so a 50 MP phone photo is
    never in memory at full size; the other formats in full (validate_photo capped them)."""
    image.draft(None, fitted(image.size))  # no-op for PNG and WebP
    image.load()
    return image


def fitted(size: tuple[int, int]) -> tuple[int, int]:
    """`size` shrunk, keeping its proportions, to at most MAX_EDGE on its long edge."""
    width, height = size
    scale = MAX_EDGE / max(width, height)
    if scale >= 1:
        return size
    return max(1, round(width * scale)), max(1, round(height * scale))


def _bounded(image):
    """`image` at its stored size. BOX averages every source pixel once: as sharp as a photo
    needs when shrinking, at a third of LANCZOS's cost."""
    if image.mode in ("1", "P", "PA"):  # these resize by nearest neighbour: convert first
        image = image.convert("RGBA" if image.has_transparency_data else
                              "L" if image.mode == "1" else "RGB")
    if max(image.size) <= MAX_EDGE:
        return image
    return image.resize(fitted(image.size), Image.Resampling.BOX)


def _eight_bit(image, kind: str):
    """8-bit RGB or grey, with alpha where the format keeps it; converted after _bounded, so
    16-bit, CMYK and other modes cost the small image only."""
    if image.mode.startswith("I"):  # 16-bit grey: scale down (convert() would clip to white)
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        image.info.pop("transparency", None)  # a 16-bit value, meaningless in 8 bits
    if kind != "JPEG" and image.has_transparency_data:
        keeps = image.mode in ("RGBA", "LA") and "transparency" not in image.info
        return image if keeps else image.convert("RGBA")
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


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


THUMB_SUFFIX = ".thumb.jpg"


@contextmanager
def files_kept_only_with_their_rows():
    """Photo files written inside a transaction that then fails (a later photo, a later row)
    are removed: nothing on disk points at no row. Yields a list; append each stored
    FieldFile to it."""
    written = []
    try:
        yield written
    except BaseException:
        for image in written:
            image.storage.delete(image.name)
        raise


def thumbnail_name(name: str) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}{THUMB_SUFFIX}"))


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
