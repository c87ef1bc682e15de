"""Streaming the cell values of an .xlsx, fast and in bounded memory.

openpyxl reads the workbook's parts (content types, workbook, shared strings, styles) through
defusedxml. The worksheets, which hold nearly all the bytes, are read here with regular
expressions over the decompressed XML, a megabyte at a time: SpreadsheetML's rows and cells
are flat and regular (`<row r="2"><c r="A2" t="s"><v>0</v></c>…</row>`), and this is several
times faster than openpyxl's read-only cells (or any per-element parser in Python), which
matters at 100,000 rows. `reading.check_zip` has refused zip bombs and any part declaring a
DTD before this runs, so no entity but the five predefined and numeric ones can occur.

A formula cell comes back as its formula text starting with "=", so that the import refuses
it rather than taking the value Excel last computed.
"""

import codecs
import html
import re
import zipfile
from collections.abc import Iterator

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

READ_BYTES = 2**20
MAX_ROW_CHARS = 2**22  # no row of a real sheet is 4 MB long
_P = r"(?:\w+:)?"  # a namespace prefix some writers put on every tag
ROW = re.compile(rf"<{_P}row\b[^>]*/>|<{_P}row\b([^>]*)>(.*?)</{_P}row>", re.S)
ROW_NUMBER = re.compile(r"\br=[\"'](\d+)")
CELL = re.compile(
    r'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?>'  # the common shape, in one go
    r"(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)</c>"
    rf"|(<{_P}c\b[^>]*/>)"  # an empty cell
    rf"|(<{_P}c\b[^>]*>.*?</{_P}c>)",  # any other: formulas, rich text, other attribute order
    re.S,
)
COLUMNS: dict[str, int] = {}  # column letters → number, filled as met
ATTRIBUTE = re.compile(r"(\w+)=[\"']([^\"']*)[\"']")
VALUE = re.compile(rf"<{_P}v>(.*?)</{_P}v>", re.S)
TEXT = re.compile(rf"<{_P}t\b[^>]*>(.*?)</{_P}t>", re.S)
FORMULA = re.compile(rf"<{_P}f\b")
FORMULA_TEXT = re.compile(rf"<{_P}f\b[^>]*>(.*?)</{_P}f>|<{_P}f\b[^>]*/>", re.S)
MAX_COLUMNS = 60  # the template has at most 17; a cell at column XFD would be a bomb of Nones


class Refused(Exception):
    pass


def open_workbook(source) -> tuple[zipfile.ZipFile, list[tuple[str, str]], dict]:
    """The archive, its worksheets as (title, part name), and what reading cells needs."""
    reader = ExcelReader(source, read_only=True, data_only=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "worksheet" in rel.Type
    ]
    context = {
        "strings": reader.shared_strings,
        "dates": set(reader.wb._date_formats),
        "epoch": reader.wb.epoch,
    }
    return reader.archive, sheets, context


def iter_rows(archive: zipfile.ZipFile, part: str, context: dict) -> Iterator[tuple[int, list]]:
    """(row number, values) for each row the sheet has, values placed by their column."""
    cell_value = _reader(context)
    buffer, number = "", 0
    with archive.open(part) as stream:
        decoder = codecs.getincrementaldecoder("utf-8")()
        while True:
            chunk = stream.read(READ_BYTES)
            buffer += decoder.decode(chunk, final=not chunk)
            end = 0
            for match in ROW.finditer(buffer):
                end = match.end()
                number = _row_number(match, number)
                if match.group(2):
                    yield number, _cells(match.group(2), cell_value)
            buffer = buffer[end:]
            if not chunk:
                return
            if len(buffer) > MAX_ROW_CHARS:
                raise Refused("row too long")


def _row_number(match: re.Match, previous: int) -> int:
    found = ROW_NUMBER.search(match.group(1) or match.group(0))
    return int(found.group(1)) if found else previous + 1


def _cells(content: str, cell_value) -> list:
    cells: list = []
    column = 0
    for letters, style, kind, value, inline, empty, other in CELL.findall(content):
        if letters:  # the common shape, read without looking at attributes one by one
            column = COLUMNS.get(letters) or _column(letters)
            value = cell_value(kind or "n", style, value, inline)
        else:
            attributes = dict(ATTRIBUTE.findall((empty or other).split(">", 1)[0]))
            ref = attributes.get("r")
            column = _column(ref) if ref else column + 1
            if empty:
                continue
            value = cell_value_of(cell_value, attributes, other)
        if value is None or column > MAX_COLUMNS:
            continue
        if column > len(cells):
            cells.extend([None] * (column - len(cells)))
        cells[column - 1] = value
    return cells


def cell_value_of(cell_value, attributes: dict, content: str):
    """A cell of another shape: a formula, a rich inline string, attributes in another order."""
    if FORMULA.search(content):
        found = FORMULA_TEXT.search(content)
        return "=" + _unescape((found and found.group(1)) or "…")
    value = VALUE.search(content)
    inline = "".join(TEXT.findall(content))
    kind = attributes.get("t", "n")
    return cell_value(kind, attributes.get("s"), value.group(1) if value else "", inline)


def _reader(context: dict):
    strings, dates, epoch = context["strings"], context["dates"], context["epoch"]
    seen_dates: dict = {}

    def cell_value(kind: str, style: str, value: str, inline: str):
        if kind == "inlineStr":
            return _unescape(inline)
        if not value:
            return None
        if kind == "s":
            return strings[int(value)]
        if kind in ("str", "e"):
            return _unescape(value)
        if kind == "b":
            return value == "1"
        if kind == "d":
            return value[:10]
        number = float(value) if "." in value or "E" in value or "e" in value else int(value)
        if style and int(style) in dates:
            if number not in seen_dates:  # dates repeat (start of the school year…): once each
                seen_dates[number] = from_excel(number, epoch)
            return seen_dates[number]
        return number

    return cell_value


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    if letters not in COLUMNS:
        COLUMNS[letters] = column_index_from_string(letters) if letters else 0
    return COLUMNS[letters]
