"""The document of a self-declared training (the scan or photo of its certificate): checked
for type and size before it is stored, as every upload of Cheber is. A PDF is kept as it came
(once it is seen to be one); an image is decoded and encoded again, so nothing it carried
besides the picture is stored (no EXIF, no GPS of a photo taken at home)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 2**20
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
LONGEST_SIDE = 3508  # an A4 page scanned at 300 dpi: still readable, not a poster
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png"}  # what Pillow names them: the extension kept
EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}


def checked_document(upload) -> ContentFile:
    """The file to store for `upload`, or a ValidationError naming the field `document`."""
    if upload is None:
        raise _error(_("Attach the scan or photo of the certificate (PDF, JPEG or PNG)."))
    if upload.size > MAX_BYTES:
        raise _error(_("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES >> 20})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EXTENSIONS:
        raise _error(_("Attach a PDF or an image (JPEG or PNG) of the certificate."))
    if extension == "pdf":
        return _pdf(upload)
    return _image(upload)


def _error(message: str) -> ValidationError:
    return ValidationError({"document": [message]})


def _pdf(upload) -> ContentFile:
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise _error(_("The file is not a PDF."))
    return ContentFile(data, name="document.pdf")


def _image(upload) -> ContentFile:
    try:
        with Image.open(upload) as probe:
            kind = IMAGE_FORMATS.get(probe.format)
            if kind is None:
                raise _error(_("Attach a PDF or an image (JPEG or PNG) of the certificate."))
            if probe.width * probe.height > MAX_PIXELS:
                raise _error(_("The image has too many pixels."))
            image = ImageOps.exif_transpose(probe)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _error(_("The file is not an image.")) from None
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    if kind == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"document.{kind}")
