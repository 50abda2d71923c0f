"""Photo checks and clean-up: real images only, size-capped, re-encoded without EXIF."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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
