"""PDF documents: one place that knows the vendored font, so every PDF Cheber writes embeds
a font with the Kyrgyz letters ң ө ү and never depends on the fonts of the machine.

Reading DejaVu Sans (5,000 glyphs) costs fpdf2 about 0.1 s per style per document, more than
drawing a whole certificate. Documents made by the thousand (certificates) ask for
`compact=True`: the font cut once per process to the Latin and Cyrillic letters (about 500
glyphs, still far more than one text uses), its metrics parsed once and shared by every
document; each document still embeds only the glyphs it uses.
"""

import copy
import functools
import io
from collections.abc import Iterable

from django.conf import settings
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "dejavu"
FONT = "DejaVu"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

# Basic Latin and Latin-1, all of Cyrillic (Kyrgyz, Russian, Kazakh, Uzbek, Tajik letters),
# dashes, quotes, №. Fewer glyphs make each document's font cheaper to cut; a text with any
# other letter (an Uzbek ʻ, a Turkish ğ) falls back to the full font.
COMPACT_RANGES = (
    (0x20, 0x7E), (0xA0, 0xFF), (0x400, 0x52F), (0x2010, 0x2027), (0x2030, 0x203A),
    (0x2116, 0x2116),
)  # fmt: skip
COMPACT_CODEPOINTS = frozenset(c for first, last in COMPACT_RANGES for c in range(first, last + 1))


def new_document(*, orientation: str = "portrait", title: str = "", compact: bool = False) -> FPDF:
    """An A4 document with DejaVu Sans (regular "" and bold "B") registered and selected.

    `compact` uses the cached Latin-and-Cyrillic cut: much faster, for text that `fits_compact`.
    """
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    for style, name in FILES.items():
        if compact:
            _add_compact_font(pdf, style)
        else:
            pdf.add_font(FONT, style, FONT_DIR / name)
    pdf.set_font(FONT, size=11)
    pdf.set_creator("Cheber")
    if title:
        pdf.set_title(title)
    return pdf


def preload_compact() -> None:
    """Cut and parse the compact font now, e.g. before forking workers that all use it."""
    for style in FILES:
        _compact_template(style)


def fits_compact(texts: Iterable[str]) -> bool:
    """True when every character of `texts` has a glyph in the compact font."""
    return all(ord(char) in COMPACT_CODEPOINTS for text in texts for char in text)


@functools.cache
def _compact_bytes(style: str) -> bytes:
    # Without TrueType hinting: PDF viewers and printers rasterise outlines themselves, and the
    # embedded subset is half the size. No layout tables: fpdf2 shapes no text here.
    options = subset.Options(glyph_names=True, notdef_outline=True, name_IDs=["*"], hinting=False)
    options.layout_features = []
    options.drop_tables += ["FFTM", "kern", "GDEF", "GSUB", "GPOS", "gasp", "hdmx", "LTSH"]
    font = TTFont(FONT_DIR / FILES[style], recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=COMPACT_CODEPOINTS)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.cache
def _compact_template(style: str) -> TTFFont:
    """The compact font parsed once: widths, cmap and descriptor, shared read-only."""
    scratch = FPDF()
    # fpdf2 reads fonts from a path; a file in the var directory, written once per font version.
    path = settings.VAR_DIR / "fonts" / f"compact-{FILES[style]}"
    data = _compact_bytes(style)
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch_path = path.with_suffix(f".{id(data)}.tmp")
        scratch_path.write_bytes(data)
        scratch_path.replace(path)  # atomic: a concurrent process never reads half a file
    scratch.add_font(FONT, style, path)
    return scratch.fonts[f"{FONT.lower()}{style}"]


def _add_compact_font(pdf: FPDF, style: str) -> None:
    """Register a per-document copy of the parsed template, as fpdf2's own `__deepcopy__`
    does: shared metrics, but its own glyph subset and its own fontTools object (which
    fpdf2 cuts down in place when it writes the file)."""
    template = _compact_template(style)
    font = copy.copy(template)
    font.i = len(pdf.fonts) + 1
    # No recalculated bounding boxes: they are right in the compact font already, and
    # recalculating them decompiles and recompiles every glyph (half the time of a document).
    font.ttfont = TTFont(
        io.BytesIO(_compact_bytes(style)), recalcTimestamp=False, recalcBBoxes=False, lazy=True
    )
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[template.fontkey] = font
