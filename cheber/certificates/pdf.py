"""The printed certificate: A4 landscape, in Kyrgyz, Russian or both side by side, with the QR
code to the public verification page and the number, token and signature in small print.

The wording is the document's content, fixed in the two official languages (not interface
text, so not gettext): a certificate printed from an English page is still in Kyrgyz/Russian.
"""

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.utils import timezone
from fpdf import FPDF

from cheber.certificates.models import Certificate
from cheber.certificates.qr import draw_qr, qr_code, verification_url
from cheber.core.pdf import fits_compact, new_document, preload_compact

PAGE_W, PAGE_H = 297, 210
MARGIN = 18
BAND_TOP = 160  # the shared bottom band: QR, proof, signer
QR_SIZE = 34
SIGNER_X = 200
INK = (20, 32, 64)
RED = (190, 20, 20)


@dataclass(frozen=True)
class Wording:
    title: str
    subtitle: str
    intro: str
    completed: str
    programme: str
    volume: str
    period: str
    form: str
    forms: dict[str, str]
    hour_forms: tuple[str, str, str]  # for 1, 2–4 and 5+ hours (Kyrgyz has one form)

    def hours(self, n: int) -> str:
        one, few, many = self.hour_forms
        if n % 10 == 1 and n % 100 != 11:
            return f"{n} {one}"
        return f"{n} {few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many}"


KY = Wording(
    title="КҮБӨЛҮК",
    subtitle="квалификацияны жогорулатуу жөнүндө",
    intro="Ушул күбөлүк менен ырасталат:",
    completed="квалификацияны жогорулатуу курсун ийгиликтүү аяктады",
    programme="Программа",
    volume="Көлөмү",
    period="Окуу мөөнөтү",
    form="Окутуунун формасы",
    forms={
        "stationary": "стационардык", "mobile": "көчмө (райондо)",
        "blended": "аралаш (онлайн жана оффлайн)", "online": "онлайн, асинхрондук режимде",
        "seminar": "семинар",
    },
    hour_forms=("саат", "саат", "саат"),
)  # fmt: skip
RU = Wording(
    title="УДОСТОВЕРЕНИЕ",
    subtitle="о повышении квалификации",
    intro="Настоящим удостоверяется, что",
    completed="успешно прошёл(-ла) курс повышения квалификации",
    programme="Программа",
    volume="Объём",
    period="Срок обучения",
    form="Форма обучения",
    forms={
        "stationary": "стационарная", "mobile": "выездная (в районе)",
        "blended": "смешанная (онлайн и офлайн)", "online": "онлайн в асинхронном режиме",
        "seminar": "семинар",
    },
    hour_forms=("час", "часа", "часов"),
)  # fmt: skip
WORDING = {"ky": KY, "ru": RU}
REVOKED = "ЖОККО ЧЫГАРЫЛДЫ / АННУЛИРОВАНО / REVOKED"
ISSUED = "Берилген күнү / Дата выдачи"
SEAL = "М.О. / М.П."
CHECK = "Текшерүү / Проверка"


def languages_of(language: str) -> tuple[str, ...]:
    return ("ky", "ru") if language == Certificate.Language.BOTH else (language,)


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _in(certificate: Certificate, field: str, language: str) -> str:
    """A snapshot field in one language; Kyrgyz when the Russian one was left empty."""
    return getattr(certificate, f"{field}_{language}", "") or getattr(certificate, f"{field}_ky")


def render_certificate(certificate: Certificate, language: str | None = None) -> bytes:
    """The certificate as a one-page PDF, in its own language unless `language` is given."""
    language = language or certificate.language
    if language not in Certificate.Language.values:
        raise ValueError(f"Unknown certificate language: {language!r}")
    texts = _texts(certificate)
    pdf = new_document(
        orientation="landscape", title=certificate.number, compact=fits_compact(texts)
    )
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _frame(pdf)
    languages = languages_of(language)
    width = (PAGE_W - 2 * MARGIN - 12) / 2 if len(languages) == 2 else 190
    left = MARGIN if len(languages) == 2 else (PAGE_W - width) / 2
    for index, code in enumerate(languages):
        _column(pdf, certificate, WORDING[code], code, x=left + index * (width + 12), width=width)
    _band(pdf, certificate)
    if certificate.is_revoked:
        _revoked(pdf, certificate)
    return bytes(pdf.output())


def _texts(cert: Certificate) -> tuple[str, ...]:
    return (
        cert.full_name, cert.number, cert.programme_title_ky, cert.programme_title_ru,
        cert.provider_name_ky, cert.provider_name_ru, cert.signer_name, cert.signer_position,
    )  # fmt: skip


def filename(certificate: Certificate) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", certificate.number).strip("-") + ".pdf"


def render_many(
    certificates: Iterable[Certificate], *, processes: int | None = None
) -> Iterator[tuple[str, bytes]]:
    """(file name, PDF) per certificate, in each one's own language, in the given order.

    Rendering is CPU-bound pure Python: a large batch is spread over forked processes, one per
    core (`processes` overrides; 1 renders here). The certificates must come with their signing
    key loaded (`select_related`): the children render only and never touch the database."""
    certificates = list(certificates)
    if processes is None:
        processes = min(os.cpu_count() or 1, len(certificates) // PER_PROCESS)
    if processes <= 1:
        for certificate in certificates:
            yield filename(certificate), render_certificate(certificate)
        return
    preload_compact()  # once here, not once per child
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_forget_connections) as pool:
        yield from pool.imap(_render_named, certificates, chunksize=CHUNK)


PER_PROCESS = 40  # fewer certificates than this per core: forking costs more than it saves
CHUNK = 8


def _render_named(certificate: Certificate) -> tuple[str, bytes]:
    return filename(certificate), render_certificate(certificate)


_inherited: list = []


def _forget_connections() -> None:
    """In a forked child: set aside, never closed, the database connections it inherited.
    Closing one (or letting it be garbage-collected) could end the parent's session on the
    shared socket; the child leaves by `os._exit`, which closes nothing."""
    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)
        connection.connection = None


# Drawing ---------------------------------------------------------------------------------


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.2)
    pdf.rect(7, 7, PAGE_W - 14, PAGE_H - 14)
    pdf.set_line_width(0.3)
    pdf.rect(9.5, 9.5, PAGE_W - 19, PAGE_H - 19)
    pdf.set_text_color(*INK)


def _line(pdf: FPDF, x: float, width: float, text: str, *, size: float, style: str = "",
          height: float | None = None, align: str = "C") -> None:  # fmt: skip
    pdf.set_font(style=style, size=size)
    pdf.set_x(x)
    pdf.multi_cell(width, height or size * 0.45, text, align=align, new_x="LMARGIN")


def _column(pdf: FPDF, cert: Certificate, words: Wording, code: str, *, x: float,
            width: float) -> None:  # fmt: skip
    pdf.set_y(16)
    _line(pdf, x, width, _in(cert, "provider_name", code), size=10, style="B")
    pdf.ln(4)
    _line(pdf, x, width, words.title, size=28, style="B", height=12)
    _line(pdf, x, width, words.subtitle, size=11)
    pdf.ln(1)
    _line(pdf, x, width, f"№ {cert.number}", size=12, style="B", height=7)
    pdf.ln(4)
    _line(pdf, x, width, words.intro, size=10)
    pdf.ln(1)
    _line(pdf, x, width, cert.full_name, size=18, style="B", height=8)
    pdf.ln(1)
    _line(pdf, x, width, words.completed, size=10.5)
    pdf.ln(5)
    rows = (
        (words.programme, f"«{_in(cert, 'programme_title', code)}»"),
        (words.volume, words.hours(cert.hours)),
        (words.period, f"{_d(cert.start_date)} – {_d(cert.end_date)}"),
        (words.form, words.forms.get(cert.form, cert.form)),
    )
    for label, value in rows:
        _row(pdf, x, width, label, value)


def _row(pdf: FPDF, x: float, width: float, label: str, value: str) -> None:
    label_width = 42
    top = pdf.get_y()
    pdf.set_xy(x, top)
    pdf.set_font(style="", size=9)
    pdf.multi_cell(label_width, 4.6, f"{label}:", align="L")
    pdf.set_xy(x + label_width, top)
    pdf.set_font(style="B", size=10)
    # Long programme titles shrink rather than run into the band below.
    if len(pdf.multi_cell(width - label_width, 4.6, value, dry_run=True, output="LINES")) > 3:
        pdf.set_font(size=8)
    pdf.multi_cell(width - label_width, 4.6, value, align="L", new_x="LMARGIN")
    pdf.set_y(pdf.get_y() + 1.2)


def _band(pdf: FPDF, cert: Certificate) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, BAND_TOP, PAGE_W - MARGIN, BAND_TOP)
    if cert.token:
        pdf.set_fill_color(0, 0, 0)
        draw_qr(pdf, qr_code(cert), x=MARGIN, y=BAND_TOP + 4, size=QR_SIZE)
        _proof(pdf, cert, x=MARGIN + QR_SIZE + 5, width=SIGNER_X - MARGIN - QR_SIZE - 12)
    _signer(pdf, cert, x=SIGNER_X, width=PAGE_W - MARGIN - SIGNER_X)


def _proof(pdf: FPDF, cert: Certificate, *, x: float, width: float) -> None:
    """What a verifier needs offline, in small print beside the QR code."""
    url = verification_url(cert).split("?")[0]
    key = cert.signing_key.key_id if cert.signing_key_id else ""
    pdf.set_y(BAND_TOP + 5)
    _line(pdf, x, width, f"{CHECK}: {url}", size=7.5, style="B", align="L", height=3.6)
    pdf.ln(1)
    for text in (f"№ {cert.number}", f"token: {cert.token}", f"key: {key}",
                 f"signature: {cert.signature}"):  # fmt: skip
        pdf.set_font(style="", size=6.5)
        pdf.set_x(x)
        # Token and signature are one unbroken word each: wrap them anywhere.
        pdf.multi_cell(width, 3.2, text, align="L", wrapmode="CHAR", new_x="LMARGIN")


def _signer(pdf: FPDF, cert: Certificate, *, x: float, width: float) -> None:
    pdf.set_y(BAND_TOP + 5)
    _line(pdf, x, width, f"{ISSUED}: {_d(cert.issue_date)}", size=9, align="L")
    pdf.ln(3)
    _line(pdf, x, width, cert.signer_position, size=9, align="L", height=4)
    pdf.ln(9)
    pdf.line(x, pdf.get_y(), x + 32, pdf.get_y())
    pdf.set_font(size=7)
    pdf.set_xy(x + 40, pdf.get_y() - 8)
    pdf.cell(width - 40, 4, SEAL)
    pdf.set_xy(x + 34, pdf.get_y() + 4.5)
    pdf.set_font(style="B", size=9.5)
    pdf.multi_cell(width - 34, 4.2, cert.signer_name, align="L")


def _revoked(pdf: FPDF, cert: Certificate) -> None:
    """A mark no one can miss, across the page, and the date along the top edge."""
    pdf.set_text_color(*RED)
    with (
        pdf.local_context(fill_opacity=0.35, text_color=RED),
        pdf.rotation(20, x=PAGE_W / 2, y=PAGE_H / 2),
    ):
        pdf.set_font(style="B", size=34)
        pdf.set_xy(0, PAGE_H / 2 - 8)
        pdf.cell(PAGE_W, 16, REVOKED, align="C")
    pdf.set_font(style="B", size=9)
    pdf.set_xy(MARGIN, 10.5)
    pdf.cell(
        PAGE_W - 2 * MARGIN, 4, f"{REVOKED}: {_d(timezone.localdate(cert.revoked_at))}", align="C"
    )
    pdf.set_text_color(*INK)
