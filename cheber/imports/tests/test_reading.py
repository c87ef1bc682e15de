"""Whole files: encodings and delimiters of CSV, and hostile files refused quickly, before
they are unpacked or parsed, with a message that says why."""

import io
import time
import zipfile

import pytest

from cheber.imports import reading
from cheber.imports.reading import FileRejected, open_sheets
from cheber.imports.tests.files import EDUCATOR_HEADERS, csv_file, educator, rows_of, workbook

ROWS = rows_of([educator(surname="Асанова")], EDUCATOR_HEADERS)  # Windows-1251 has no ө ү ң


def first_rows(content: bytes, name: str) -> list:
    return [cells for _number, cells in open_sheets(io.BytesIO(content), name)[0].rows][:2]


@pytest.mark.parametrize(
    "encoding, delimiter",
    [("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8-sig", ","), ("cp1251", ";"), ("cp1251", ",")],
)
def test_csv_in_utf8_with_or_without_bom_or_windows_1251_comma_or_semicolon(encoding, delimiter):
    content = csv_file(ROWS, encoding=encoding, delimiter=delimiter)

    header, row = first_rows(content, "staff.csv")

    assert header == EDUCATOR_HEADERS
    assert row[:2] == ["11205198000123", "Асанова"]


def test_a_file_too_large_is_refused_before_reading(monkeypatch):
    content = b"x" * (reading.MAX_FILE_BYTES + 1)

    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(content), "huge.csv")

    assert str(error.value) == "The file is 25.0 MB; at most 25 MB can be imported. Split it."


def zip_bomb() -> bytes:
    """A ZIP shaped like a workbook whose sheet unpacks to 300 MB of zeros (300 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            zeros = bytes(2**20)
            for _ in range(300):
                sheet.write(zeros)
    return buffer.getvalue()


def test_a_zip_bomb_disguised_as_xlsx_is_refused_without_unpacking_it():
    content = zip_bomb()
    started = time.perf_counter()

    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(content), "registry.xlsx")

    assert time.perf_counter() - started < 1
    assert str(error.value) == (
        "The workbook would unpack to 300 MB: it is refused as a possible zip bomb."
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def replace_part(content: bytes, name: str, data: bytes) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, data if item.filename == name else source.read(item))
    return buffer.getvalue()


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_an_xml_bomb_inside_a_workbook_is_refused(part):
    content = workbook({"Educators": ROWS})
    if part not in zipfile.ZipFile(io.BytesIO(content)).namelist():
        content = replace_part(content, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    content = replace_part(content, part, BILLION_LAUGHS)

    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(content), "registry.xlsx")

    assert str(error.value) == "The workbook contains XML entity declarations and is refused."


def test_a_file_that_claims_to_be_xlsx_but_is_not_is_refused():
    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(b"\xd0\xcf\x11\xe0 an old binary .xls"), "registry.xlsx")

    assert str(error.value) == (
        "The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again."
    )


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")

    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(buffer.getvalue()), "registry.xlsx")

    assert str(error.value) == "The file is a ZIP archive but not an Excel workbook (.xlsx)."


def test_a_damaged_workbook_is_refused_with_a_message():
    content = workbook({"Educators": ROWS})[:-200]

    with pytest.raises(FileRejected) as error:
        open_sheets(io.BytesIO(content), "registry.xlsx")

    assert str(error.value) == "The workbook is damaged: it cannot be opened."


def test_a_binary_file_named_csv_is_refused():
    with pytest.raises(FileRejected) as error:
        first_rows(b"\x00\x01\x02binary", "staff.csv")

    assert "neither an Excel workbook (.xlsx) nor a CSV text file" in str(error.value)


def test_formula_cells_come_back_as_formulas_not_their_values():
    def add_formula(book):
        book["Educators"]["B2"] = '=HYPERLINK("http://evil.example","Асанова")'

    content = workbook({"Educators": ROWS}, add_formula)

    assert first_rows(content, "registry.xlsx")[1][1] == (
        '=HYPERLINK("http://evil.example","Асанова")'
    )
