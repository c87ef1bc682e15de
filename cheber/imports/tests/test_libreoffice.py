"""Files saved by LibreOffice Calc (Debian's libreoffice-calc-nogui), not only by openpyxl:
shared strings, a dimension, date styles of its own, numbers where a CSV had text."""

import shutil
import subprocess
from pathlib import Path

import pytest

from cheber.imports.tests.files import (
    EDUCATOR_HEADERS,
    PIN_F,
    check,
    csv_file,
    educator,
    rows_of,
    workbook,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice not installed (apt-get install libreoffice-calc-nogui): "
    "the test of files saved by LibreOffice is skipped.",
)


def saved_by_libreoffice(tmp_path: Path, name: str, content: bytes, *options: str) -> bytes:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_bytes(content)
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         *options, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
         str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (out / (source.stem + ".xlsx")).read_bytes()


def test_a_workbook_saved_by_libreoffice_is_read_like_the_original(tmp_path, kochkor_school):
    original = workbook({"Educators": rows_of([educator(surname="Өмүрбекова")], EDUCATOR_HEADERS)})

    content = saved_by_libreoffice(tmp_path, "staff.xlsx", original)

    assert b"sharedStrings" in content  # LibreOffice's own way of storing text
    plan = check(content)
    assert plan.problems.errors == 0, plan.report()["problems"]
    assert plan.report()["counts"]["educators"]["created"] == 1
    assert plan.of("educators").new[0]["surname"] == "Өмүрбекова"
    assert plan.extra["jobs_new"][0]["start_date"].isoformat() == "2015-09-01"


def test_a_csv_opened_and_saved_by_libreoffice_keeps_the_pin_whole(tmp_path, kochkor_school):
    original = csv_file(rows_of([educator()], EDUCATOR_HEADERS), encoding="utf-8", delimiter=",")

    # comma-separated, quoted by ", UTF-8 (76), starting at line 1
    content = saved_by_libreoffice(tmp_path, "staff.csv", original, "--infilter=CSV:44,34,76,1")

    plan = check(content)
    assert plan.problems.errors == 0, plan.report()["problems"]
    assert [e["pin"] for e in plan.of("educators").new] == [PIN_F]
