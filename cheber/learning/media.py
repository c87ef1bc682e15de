"""Lesson media: images re-encoded on upload, files checked for type and size, and files served
with HTTP range requests (Django's `FileResponse` has none) so that phones can seek in audio and
video and resume a download."""

import io
import mimetypes
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_WIDTH = 960  # wide enough for a tablet, small on a phone
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_BYTES = {
    "image": 15 * 2**20,
    "file": 25 * 2**20,
    "audio": 50 * 2**20,
    "video": 200 * 2**20,
}
TYPES = {
    "image": {"image/jpeg", "image/png", "image/webp", "image/gif"},
    "file": {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/msword", "application/vnd.ms-powerpoint", "text/plain",
    },
    "audio": {"audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm", "audio/x-m4a", "audio/aac"},
    "video": {"video/mp4", "video/webm", "video/ogg"},
}  # fmt: skip


@dataclass(frozen=True)
class Upload:
    content: ContentFile
    content_type: str
    size: int


def check_upload(kind: str, uploaded) -> Upload:
    """The file to store for an upload of `kind`: images re-encoded, others checked."""
    if uploaded.size > MAX_BYTES[kind]:
        raise ValidationError(
            {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES[kind] >> 20}}
        )
    if kind == "image":
        return resize_image(uploaded)
    guessed = mimetypes.guess_type(uploaded.name)[0] or ""
    if guessed not in TYPES[kind]:
        raise ValidationError({"file": _("This kind of file is not accepted here.")})
    data = uploaded.read()
    if guessed == "application/pdf" and not data.startswith(b"%PDF"):
        raise ValidationError({"file": _("The file is not a PDF.")})
    return Upload(ContentFile(data, name=uploaded.name), guessed, len(data))


def resize_image(uploaded) -> Upload:
    """Decode, turn upright, shrink to `IMAGE_WIDTH` and encode again: no EXIF (no GPS) is kept
    and whatever the file carried besides the picture is gone."""
    try:
        with Image.open(uploaded) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({"file": _("The image has too many pixels.")})
            image = ImageOps.exif_transpose(probe)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError({"file": _("The file is not an image.")}) from None
    image.thumbnail((IMAGE_WIDTH, IMAGE_WIDTH * 4))
    out = io.BytesIO()
    stem = uploaded.name.rsplit(".", 1)[0][:80]
    if image.mode in ("RGBA", "LA", "P"):
        image.convert("RGBA").save(out, "PNG", optimize=True)
        name, content_type = f"{stem}.png", "image/png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=80, optimize=True, progressive=True)
        name, content_type = f"{stem}.jpg", "image/jpeg"
    return Upload(ContentFile(out.getvalue(), name=name), content_type, out.tell())


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def ranged_response(request, field_file, content_type: str, *, download_name: str = ""):
    """The file, whole (200) or the one byte range asked for (206 with Content-Range); 416 when
    the range lies outside the file. `If-Range` with a stale validator gets the whole file."""
    size = field_file.size
    etag = quote_etag(f"{field_file.name}-{size}")
    header = request.headers.get("Range", "")
    wanted = _range(header, size) if header and _fresh(request, etag) else None
    if wanted == "invalid":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _common(response, etag)
    handle = field_file.open("rb")
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _chunks(handle, start, end - start + 1), content_type=content_type, status=206
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return _common(response, etag)


def _chunks(handle, start: int, length: int, block: int = 64 * 1024):
    """The bytes of the range, a block at a time: a 200 MB video is never read whole."""
    try:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(block, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _common(response, etag: str):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    return response


def _fresh(request, etag: str) -> bool:
    validator = request.headers.get("If-Range", "")
    return not validator or validator == etag


def _range(header: str, size: int):
    """(first, last) byte of a single range; "invalid" when unsatisfiable; None to send it all
    (several ranges, or a header we do not understand: the whole file is a correct answer)."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return "invalid" if size == 0 and match else None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length else "invalid"
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return "invalid"
    return start, end
