"""`import_registry` and `export_registry` from the command line, and an import killed half-way
in its own process: nothing half-written, and running it again writes it whole, once."""

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import Workbook

from cheber.imports.tests.files import EDUCATOR_HEADERS, PIN_F, PIN_M, educator, rows_of, workbook
from cheber.registry.models import Educator
from cheber.registry.pin import make_pin
from cheber.registry.tests.factories import KOCHKOR


@pytest.fixture
def staff_file(tmp_path, kochkor_school) -> Path:
    bad = educator(pin=PIN_M, surname="Токтогулов", name="Бакыт", organization="SCH-NOWHERE")
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook({"Educators": rows_of([educator(), bad], EDUCATOR_HEADERS)}))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_registry_json_reports_without_writing(staff_file):
    report = json.loads(run("import_registry", str(staff_file), "--json", "--language", "en"))

    assert report["committed"] is False
    assert report["counts"] == {
        "educators": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    }
    assert report["problems"] == [{
        "sheet": "Educators", "row": 3, "column": "F (organization code)",
        "message": "No organization has the code SCH-NOWHERE.", "level": "error",
    }]  # fmt: skip
    assert Educator.objects.count() == 0


def test_import_registry_commit_writes_the_valid_rows_and_a_second_run_nothing(staff_file):
    first = json.loads(run("import_registry", str(staff_file), "--json", "--commit"))
    second = json.loads(run("import_registry", str(staff_file), "--json", "--commit"))

    assert first["committed"] is True
    assert second["committed"] is False
    assert second["counts"]["educators"]["unchanged"] == 1
    assert list(Educator.objects.values_list("pin", flat=True)) == [PIN_F]


def test_import_registry_says_so_when_the_file_cannot_be_read(tmp_path, capsys):
    path = tmp_path / "evil.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")

    with pytest.raises(SystemExit):
        call_command("import_registry", str(path), "--language", "en")

    assert "The workbook is damaged: it cannot be opened." in capsys.readouterr().err


def test_export_registry_writes_the_district_in_the_template(staff_file, tmp_path):
    run("import_registry", str(staff_file), "--commit")
    out = tmp_path / "kochkor.xlsx"

    printed = run("export_registry", "--district", KOCHKOR, str(out))

    report = json.loads(run("import_registry", str(out), "--json"))
    assert printed.strip() == "organizations 2, educators 1, trainings 0"  # the school, the cabinet
    assert report["counts"]["educators"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "rejected": 0,
    }


KILL_ROWS = 12_000  # more than two batches of the bulk writer (5,000): the kill lands mid-write


def big_file(path: Path) -> None:
    book = Workbook(write_only=True)
    schools = book.create_sheet("Organizations")
    schools.append(["organization code", "organization type", "name in Kyrgyz", "name in Russian",
                    "СОАТЕ code of the district or city", "urban or rural"])  # fmt: skip
    for i in range(50):
        schools.append(
            [f"KILL-{i:02d}", "school", f"№ {i} мектеп", f"Школа № {i}", KOCHKOR, "rural"]
        )
    staff = book.create_sheet("Educators")
    staff.append(EDUCATOR_HEADERS)
    for i in range(KILL_ROWS):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)
        staff.append(
            [
                make_pin(sex="F", birth_date=birth, serial=i),
                "Асанова",
                "Айгүл",
                "",
                "bachelor",
                f"KILL-{i % 50:02d}",
                "teacher",
                dt.date(2010, 9, 1),
            ]
        )
    book.save(path)


def cheber(var: Path, *args, **popen):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHEBER_TASKS")}
    env |= {"CHEBER_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, "-m", "cheber", *args]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, **popen)


def counts(var: Path) -> tuple[int, int, int]:
    with sqlite3.connect(var / "cheber.sqlite3") as db:
        return tuple(db.execute(sql).fetchone()[0] for sql in (
            "SELECT COUNT(*) FROM registry_organization WHERE code LIKE 'KILL-%'",
            "SELECT COUNT(*) FROM registry_educator",
            "SELECT COUNT(*) FROM registry_employment",
        ))  # fmt: skip


def test_an_import_killed_half_way_leaves_nothing_and_runs_again_whole(tmp_path, migrated_sqlite):
    var = tmp_path / "var"
    migrated_sqlite(var / "cheber.sqlite3")  # with the reference data
    path = tmp_path / "big.xlsx"
    big_file(path)

    worker = cheber(var, "import_registry", str(path), "--commit", "-v", "2",
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    for line in worker.stderr:
        if line.startswith("writing educators"):  # organizations are written, people half
            worker.send_signal(signal.SIGKILL)
            break
    assert worker.wait() == -signal.SIGKILL
    assert counts(var) == (0, 0, 0)

    assert (
        cheber(var, "import_registry", str(path), "--commit", stdout=subprocess.DEVNULL).wait() == 0
    )
    assert counts(var) == (50, KILL_ROWS, KILL_ROWS)
    again = cheber(var, "import_registry", str(path), "--commit", "--json", stdout=subprocess.PIPE)
    report = json.loads(again.communicate()[0])
    assert report["counts"]["educators"]["unchanged"] == KILL_ROWS
    assert counts(var) == (50, KILL_ROWS, KILL_ROWS)


@pytest.fixture
def file_lacking_columns(tmp_path, kochkor_school) -> Path:
    headers = [h for h in EDUCATOR_HEADERS if h not in ("education level", "job start date")]
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook({"Educators": rows_of([educator()], headers)}))
    return path


def test_a_sheet_lacking_required_columns_is_an_error_naming_them(file_lacking_columns):
    out = StringIO()

    with pytest.raises(SystemExit) as exit:
        call_command("import_registry", str(file_lacking_columns), "--json", "--commit",
                     "--language", "en", stdout=out)  # fmt: skip

    report = json.loads(out.getvalue())
    message = (
        "The sheet “Educators” lacks required columns: “education level”, “job start date”. "
        "Its rows were not read. Download the template and copy your data into its columns, "
        "or choose which column is which below the report."
    )
    assert exit.value.code == 1
    assert report["missing_columns"] == [{
        "sheet": "Educators", "columns": ["education level", "job start date"],
        "message": message,
    }]  # fmt: skip
    assert report["errors"] == 1
    assert report["problems"] == [
        {"sheet": "Educators", "row": 1, "column": "", "message": message, "level": "error"}
    ]
    assert report["committed"] is False
    assert Educator.objects.count() == 0


def test_the_missing_columns_are_named_in_the_users_language(file_lacking_columns, capsys):
    with pytest.raises(SystemExit):
        call_command("import_registry", str(file_lacking_columns), "--language", "ru")

    said = capsys.readouterr().err
    assert "“уровень образования”, “дата начала работы”" in said
