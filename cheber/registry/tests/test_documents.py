"""The scan of a declared training: a PDF kept as it came, an image encoded again without what
it carried besides the picture, anything else refused naming the field."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from cheber.registry.documents import MAX_BYTES, checked_document
from cheber.registry.tests.factories import scan


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def photo(format_: str = "JPEG", size=(1200, 1700), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, "white")
    out = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # the camera's maker
        data[0x8825] = {1: "N", 2: (42.0, 52.0, 0.0)}  # GPS: where the photo was taken
        extra["exif"] = data.tobytes()
    image.save(out, format_, **extra)
    return out.getvalue()


def test_a_pdf_is_kept_as_it_came():
    content = b"%PDF-1.7\n1 0 obj\n"

    stored = checked_document(scan("Күбөлүк.PDF", content))

    assert (stored.name, stored.read()) == ("document.pdf", content)


def test_a_photo_is_stored_without_its_exif_and_no_larger_than_an_a4_scan():
    stored = checked_document(scan("photo.jpeg", photo(size=(4000, 3000), exif=True)))

    image = Image.open(io.BytesIO(stored.read()))
    assert stored.name == "document.jpg"
    assert (image.format, image.size) == ("JPEG", (3508, 2631))
    assert not image.getexif()


def test_a_png_stays_a_png():
    stored = checked_document(scan("scan.png", photo("PNG", size=(800, 600))))

    assert stored.name == "document.png"
    assert Image.open(io.BytesIO(stored.read())).format == "PNG"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.docx", b"PK\x03\x04", "Attach a PDF or an image (JPEG or PNG) of the certificate."),
        ("scan", b"%PDF-1.4", "Attach a PDF or an image (JPEG or PNG) of the certificate."),
        ("scan.pdf", b"<script>alert(1)</script>", "The file is not a PDF."),
        ("scan.jpg", b"%PDF-1.4", "The file is not an image."),
        ("scan.png", photo("GIF"), "Attach a PDF or an image (JPEG or PNG) of the certificate."),
        ("scan.pdf", b"%PDF-" + b"0" * MAX_BYTES, "The file is too large: at most 10 MB."),
    ],
)  # fmt: skip
def test_anything_else_is_refused_naming_the_field(name, content, message):
    with pytest.raises(ValidationError) as error:
        checked_document(scan(name, content))

    assert error.value.message_dict == {"document": [message]}


def test_no_file_is_asked_for():
    with pytest.raises(ValidationError) as error:
        checked_document(None)

    assert error.value.message_dict == {
        "document": ["Attach the scan or photo of the certificate (PDF, JPEG or PNG)."]
    }
