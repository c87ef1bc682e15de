"""The printed certificate: its text layer (poppler's pdftotext) holds the Kyrgyz letters of the
name and the programme, it renders to an image (pdftoppm), and its QR code is the code of the
verification address, module for module."""

import shutil
import struct
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import segno
from PIL import Image

from cheber.certificates import pdf, qr
from cheber.certificates.actions import revoke_certificate
from cheber.certificates.tests.conftest import FULL_NAME, PROGRAMME_KY, PROGRAMME_RU

PDFTOTEXT, PDFTOPPM = shutil.which("pdftotext"), shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not (PDFTOTEXT and PDFTOPPM),
    reason="poppler-utils (pdftotext, pdftoppm) not installed: apt-get install poppler-utils",
)


def text_of(content: bytes, tmp_path: Path) -> str:
    """The PDF's text layer, with line breaks and runs of spaces as one space."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True)  # fmt: skip
    return " ".join(out.stdout.decode().split())


def to_png(content: bytes, tmp_path: Path, dpi: int) -> Path:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    subprocess.run([PDFTOPPM, "-png", "-gray", "-r", str(dpi), "-singlefile", str(path),
                    str(tmp_path / "page")], check=True, capture_output=True)  # fmt: skip
    return tmp_path / "page.png"


@needs_poppler
@pytest.mark.parametrize("language", ["ky", "ky+ru"])
def test_text_layer_has_the_kyrgyz_letters_of_name_and_programme(certificate, tmp_path, language):
    text = text_of(pdf.render_certificate(certificate, language), tmp_path)

    assert FULL_NAME == "Өмүрбекова Жаңыл Сагынбаевна"
    assert FULL_NAME in text
    assert f"«{PROGRAMME_KY}»" in text
    assert "КҮБӨЛҮК" in text
    assert "квалификацияны жогорулатуу курсун ийгиликтүү аяктады" in text
    assert "72 саат" in text
    assert ("УДОСТОВЕРЕНИЕ" in text) is (language == "ky+ru")


@needs_poppler
def test_russian_certificate_has_the_russian_title_and_wording(certificate, tmp_path):
    text = text_of(pdf.render_certificate(certificate, "ru"), tmp_path)

    assert FULL_NAME in text
    assert f"«{PROGRAMME_RU}»" in text
    assert "успешно прошёл(-ла) курс повышения квалификации" in text
    assert "72 часа" in text
    assert "01.10.2026 – 12.10.2026" in text
    assert "КҮБӨЛҮК" not in text


@needs_poppler
def test_certificate_prints_its_data_and_the_proof_for_offline_checking(certificate, tmp_path):
    text = text_of(pdf.render_certificate(certificate), tmp_path)

    assert f"№ {certificate.number}" in text
    assert "Ректор" in text and "Токтосунов Бакыт Асанович" in text
    assert "стационардык" in text and "стационарная" in text
    assert "Берилген күнү / Дата выдачи: 22.11.2026" in text
    assert f"token: {certificate.token}" in text
    assert f"key: {certificate.signing_key.key_id}" in text
    # The signature wraps anywhere (one long word): compare without the line breaks, and
    # without its hyphens (base64url has them; pdftotext drops one that ends a line).
    printed = text.replace(" ", "").replace("-", "")
    assert f"signature:{certificate.signature}".replace("-", "") in printed
    assert "ЖОККО ЧЫГАРЫЛДЫ" not in text


@needs_poppler
def test_revoked_certificate_carries_the_revoked_mark(certificate, provider_user, tmp_path):
    revoked = revoke_certificate(actor=provider_user, certificate=certificate, reason="Ката")

    text = text_of(pdf.render_certificate(revoked), tmp_path)

    assert "ЖОККО ЧЫГАРЫЛДЫ / АННУЛИРОВАНО / REVOKED: 22.11.2026" in text


@needs_poppler
def test_certificate_renders_to_an_image(certificate, tmp_path):
    png = to_png(pdf.render_certificate(certificate), tmp_path, dpi=50)

    header = png.read_bytes()[:24]
    width, height = struct.unpack(">II", header[16:24])
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (width, height) == (585, 414)  # A4 landscape at 50 dpi
    assert png.stat().st_size > 10_000  # text and the QR code, not a blank page


def test_verification_url_carries_number_token_signature_and_key(certificate, settings):
    settings.PUBLIC_URL = "https://cheber.edu.kg"

    url = qr.verification_url(certificate)

    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}"
        == "https://cheber.edu.kg/certificates/verify/"
    )
    assert parse_qs(parts.query) == {
        "n": [certificate.number], "t": [certificate.token], "s": [certificate.signature],
        "k": [certificate.signing_key.key_id],
    }  # fmt: skip


@needs_poppler
def test_printed_qr_code_is_the_code_of_the_verification_url(certificate, tmp_path):
    # No QR decoder is installed: read the printed modules back and compare them with the
    # code segno makes for the address (segno's own tests cover that the code decodes).
    expected = segno.make(qr.verification_url(certificate), error="m", mask=qr.MASK,
                          boost_error=False)  # fmt: skip
    dpi = 300
    page = Image.open(to_png(pdf.render_certificate(certificate), tmp_path, dpi=dpi)).convert("L")

    modules = expected.symbol_size(border=0)[0]
    step = pdf.QR_SIZE / modules * dpi / 25.4
    left, top = pdf.MARGIN * dpi / 25.4, (pdf.BAND_TOP + 4) * dpi / 25.4
    printed = [
        [page.getpixel((int(left + (c + 0.5) * step), int(top + (r + 0.5) * step))) < 128
         for c in range(modules)]
        for r in range(modules)
    ]  # fmt: skip
    assert printed == [[bool(cell) for cell in row] for row in expected.matrix_iter(border=0)]
    assert expected.error == "M"


@needs_poppler
def test_name_with_letters_outside_the_compact_font_still_prints(certificate, tmp_path):
    certificate.full_name = "Yılmaz Ayşegül Ğ ʻ"

    text = text_of(pdf.render_certificate(certificate, "ky"), tmp_path)

    assert "Yılmaz Ayşegül Ğ ʻ" in text


def test_render_many_names_each_pdf_by_its_number(certificate):
    [(name, content)] = list(pdf.render_many([certificate]))

    assert name == f"{certificate.number}.pdf"
    assert content.startswith(b"%PDF-")


def test_unknown_language_is_refused(certificate):
    with pytest.raises(ValueError, match="Unknown certificate language: 'en'"):
        pdf.render_certificate(certificate, "en")
