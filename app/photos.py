"""Photos (of needs and offers, of success stories): checked by content, cleaned of metadata,
stored under a random name.

A phone photo carries EXIF: the GPS position where it was taken (often the home of the person
in need), the time, the camera. None of it may reach the public. So every upload is decoded
with Pillow (which also proves it is an image of an accepted type, whatever its name says),
turned upright, shrunk, and re-encoded from its pixels alone: no EXIF, XMP, ICC or comment
survives. The file name is random and says nothing about what it shows or who sent it.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from app.forms import SizeLimitedFileInput, megabytes
from app.stored_files import write_new_file

# Decoders Pillow may try: anything else (SVG, GIF, TIFF, PSD…) is refused before decoding.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# A decompression bomb is a small file that decodes to a huge image. Refuse by the header's
# size before decoding: 40 megapixels is more than any phone camera gives.
MAX_SOURCE_PIXELS = 40_000_000
JPEG_QUALITY = 85
WEBP_QUALITY = 85

CONTENT_TYPES = {".jpg": "image/jpeg", ".webp": "image/webp"}


class PhotoError(ValueError):
    """The upload is not a photo we accept; `message` says why, for the form."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PreparedPhoto:
    """A cleaned, re-encoded photo, not yet written anywhere."""

    data: bytes
    extension: str  # ".jpg" or ".webp"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def photo_too_large(max_bytes: int):
    """The message at a photo's field, from the server or the browser (SizeLimitedFileInput)."""
    return _l("The photo is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


# A photo input: the browser refuses a file over PHOTO_MAX_BYTES at the field, as the server does.
PHOTO_INPUT = SizeLimitedFileInput("PHOTO_MAX_BYTES", photo_too_large)


def prepare_photo(stream: IO[bytes]) -> PreparedPhoto:
    """Check and clean an upload in memory. Raises PhotoError with a message for the author."""
    max_bytes = int(current_app.config["PHOTO_MAX_BYTES"])
    data = stream.read(max_bytes + 1)
    if not data:
        raise PhotoError(_l("The file is empty."))
    if len(data) > max_bytes:
        raise PhotoError(photo_too_large(max_bytes))
    image = _decode(data)
    return _encode(_clean(image, int(current_app.config["PHOTO_MAX_PIXELS"])))


def _decode(data: bytes) -> Image.Image:
    too_many_pixels = PhotoError(_l("The photo has too many pixels. Please send a smaller one."))
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: make that an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            if image.width * image.height > MAX_SOURCE_PIXELS:  # judged by the header alone
                raise too_many_pixels
            image.seek(0)  # an animated WebP or PNG: its first frame
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        # SyntaxError and ValueError: Pillow's plugins raise them for broken headers.
        raise PhotoError(_l("This file is not a JPEG, PNG or WebP photo.")) from error
    return image


def _clean(image: Image.Image, max_pixels: int) -> Image.Image:
    """Upright, small enough, and nothing but pixels."""
    image = ImageOps.exif_transpose(image)  # the orientation tag is about to be dropped
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_pixels, max_pixels), Image.Resampling.LANCZOS)
    # A new image from the raw pixels: no `info` (EXIF, XMP, ICC, comments) can follow along.
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image) -> PreparedPhoto:
    out = io.BytesIO()
    if image.mode == "RGBA":  # JPEG has no transparency
        image.save(out, "WEBP", quality=WEBP_QUALITY, exif=b"")
        return PreparedPhoto(out.getvalue(), ".webp")
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=b"")
    return PreparedPhoto(out.getvalue(), ".jpg")


# --- storage -----------------------------------------------------------------------------------


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


PHOTO_NOT_STORED = _l(
    "The photo could not be stored just now, so nothing was saved. What you typed is kept "
    "below: choose the photo again and try later."
)


def save_photo(photo: PreparedPhoto, *, field: str = "photo") -> str:
    """Write the photo under a new random name; returns the name to keep on the model.

    Raises UploadNotStored (a refusal at the form's `field`) when the uploads folder cannot
    take it."""
    name = secrets.token_urlsafe(18) + photo.extension
    write_new_file(upload_folder(), name, photo.data, field=field, message=PHOTO_NOT_STORED)
    return name


def delete_photo(name: str | None) -> None:
    """Remove a stored photo; a file already gone is fine."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return
    (upload_folder() / name).unlink(missing_ok=True)


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
