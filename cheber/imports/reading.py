"""Reading an uploaded file into sheets of rows, refusing hostile files before they cost much.

An .xlsx is a ZIP of XML: its central directory says how large each part unpacks to, so a zip
bomb is refused before anything is unpacked (and Python's zipfile never unpacks more than a
part declares). The XML is parsed by openpyxl through defusedxml (no entities, so no XML bomb),
in read-only mode (rows streamed, not a workbook in memory). A CSV is decoded as UTF-8 (with or
without BOM), else as Windows-1251; its delimiter is the one its header line uses most.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from cheber.imports import xlsx

MAX_FILE_BYTES = 25 * 2**20  # 100,000 educators take about 8 MB as .xlsx, 15 MB as CSV
MAX_UNPACKED_BYTES = 400 * 2**20
MAX_RATIO = 200  # real sheets compress about 10:1; a bomb, thousands to one
MAX_PARTS = 500
MAX_ROWS = 200_000
MAX_COLUMNS = 60
ROW_BYTES = 400  # about what a row of the template takes in a sheet's XML, for progress
SCAN_CHUNK = 2**20
XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[int, list]]  # (row number as the user sees it, cell values)
    estimate: int = 0  # how many rows, for the progress bar


def open_sheets(source: BinaryIO, filename: str) -> list[Sheet]:
    """The sheets of an .xlsx or the one sheet of a CSV; FileRejected if unreadable."""
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it.")
            % {"size": round(size / 2**20, 1), "limit": MAX_FILE_BYTES // 2**20}
        )
    if size == 0:
        raise FileRejected(_("The file is empty."))
    head = source.read(4)
    source.seek(0)
    if head == XLSX_MAGIC:
        return _xlsx_sheets(source)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileRejected(
            _("The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again.")
        )
    content = source.read()
    return [Sheet(filename, _csv_rows(content), content.count(b"\n") + 1)]


def check_zip(source: BinaryIO) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise FileRejected(_("The workbook is damaged: it cannot be opened.")) from None
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRejected(
            _("The workbook would unpack to %(size)s MB: it is refused as a possible zip bomb.")
            % {"size": unpacked // 2**20}
        )
    if not any(p.filename == "xl/workbook.xml" for p in parts):
        raise FileRejected(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
    _refuse_doctypes(archive)
    return archive


def _refuse_doctypes(archive: zipfile.ZipFile) -> None:
    """No part of a real workbook declares a DTD; one that does is an XML bomb or an attempt
    to read local files. (defusedxml would refuse it too, but later and less clearly.)"""
    for part in archive.infolist():
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(SCAN_CHUNK):
                if b"<!DOCTYPE" in (tail + chunk).upper() or b"<!ENTITY" in tail + chunk:
                    raise FileRejected(
                        _("The workbook contains XML entity declarations and is refused.")
                    )
                tail = chunk[-16:]


def _xlsx_sheets(source: BinaryIO) -> list[Sheet]:
    check_zip(source)
    source.seek(0)
    try:
        archive, parts, context = xlsx.open_workbook(source)
    except Exception as error:  # openpyxl and defusedxml raise many kinds for a broken file
        raise FileRejected(_unreadable(error)) from None
    sheets = []
    for title, part in parts:
        estimate = archive.getinfo(part).file_size // ROW_BYTES + 1
        sheets.append(Sheet(title, _worksheet_rows(archive, part, context), estimate))
    return sheets


def _unreadable(error: Exception) -> str:
    return _(
        "The workbook cannot be read (%(reason)s). Open it in Excel or LibreOffice and save "
        "it again as .xlsx."
    ) % {"reason": type(error).__name__}


def _worksheet_rows(archive, part: str, context: dict) -> Iterator[tuple[int, list]]:
    try:
        for count, (number, row) in enumerate(xlsx.iter_rows(archive, part, context), start=1):
            if count > MAX_ROWS + 20:
                raise FileRejected(
                    _("The sheet has more than %(limit)s rows. Split it.") % {"limit": MAX_ROWS}
                )
            yield number, row
    except FileRejected:
        raise
    except Exception as error:
        raise FileRejected(_unreadable(error)) from None


def decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise FileRejected(
            _(
                "The file is neither an Excel workbook (.xlsx) nor a CSV text file "
                "(UTF-16 and binary files cannot be read)."
            )
        )
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251")
    except UnicodeDecodeError:
        raise FileRejected(
            _("The text is neither UTF-8 nor Windows-1251. Save the CSV as UTF-8 and try again.")
        ) from None


def delimiter_of(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


def _csv_rows(content: bytes) -> Iterator[tuple[int, list]]:
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        for row in reader:
            if reader.line_num > MAX_ROWS + 20:
                raise FileRejected(
                    _("The sheet has more than %(limit)s rows. Split it.") % {"limit": MAX_ROWS}
                )
            yield reader.line_num, row[:MAX_COLUMNS]
    except csv.Error as error:
        raise FileRejected(
            _("The CSV cannot be read near line %(line)s (%(reason)s).")
            % {"line": reader.line_num, "reason": error}
        ) from None
