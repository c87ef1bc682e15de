"""The QR code printed on a certificate: the public verification address carrying the number,
the token, the signature and the key id, so a verifier can check the paper offline too."""

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from fpdf import FPDF

from cheber.certificates.models import Certificate

# M restores 15 % of the symbol: a folded or stamped paper still scans, at a size that stays
# readable for a version-10 code (about 190 characters of address).
ERROR_CORRECTION = "m"


def verification_url(certificate: Certificate) -> str:
    """The public verification page for this certificate, with everything to check it."""
    query = urlencode(
        {
            "n": certificate.number,
            "t": certificate.token,
            "s": certificate.signature,
            "k": certificate.signing_key.key_id if certificate.signing_key_id else "",
        }
    )
    return f"{settings.PUBLIC_URL}{reverse('certificates:verify')}?{query}"


# Choosing the best of the 8 masks is 80 % of segno's time (20 ms a code). The payload is
# mostly random (token, signature), so every mask scores alike: a fixed one reads as well.
MASK = 0


def qr_code(certificate: Certificate) -> segno.QRCode:
    # No error-level boost: a fixed level keeps the module size the same on every certificate.
    return segno.make(
        verification_url(certificate), error=ERROR_CORRECTION, boost_error=False, mask=MASK
    )


def qr_image(certificate: Certificate, *, scale: int = 4) -> bytes:
    """The QR code as a PNG (for a web page); PDFs draw it as vectors with `draw_qr`."""
    buffer = io.BytesIO()
    qr_code(certificate).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(certificate: Certificate) -> str:
    """The QR code as inline SVG markup (no script, no style attribute), sized by its viewBox."""
    buffer = io.BytesIO()
    qr_code(certificate).save(
        buffer, kind="svg", border=4, xmldecl=False, svgns=True, omitsize=True, nl=False
    )
    return buffer.getvalue().decode()


def draw_qr(pdf: FPDF, code: segno.QRCode, *, x: float, y: float, size: float) -> None:
    """Draw the dark modules as one filled vector path, a rectangle per horizontal run: sharp
    at any print resolution, and ten times cheaper than a `pdf.rect` call per run."""
    modules = code.symbol_size(border=0)[0]
    scale = size / modules * pdf.k
    runs = []
    for row, cells in enumerate(code.matrix_iter(border=0)):
        start = None
        for column, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append(f"{start} {row} {column - start} 1 re")
                start = None
    # One module = one unit, rows downwards: the PDF's y axis points up, hence -scale.
    origin = f"{scale:.4f} 0 0 {-scale:.4f} {x * pdf.k:.2f} {(pdf.h - y) * pdf.k:.2f} cm"
    pdf._out(f"q 0 g {origin}\n" + "\n".join(runs) + "\nf Q")
