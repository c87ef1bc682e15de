"""Files for the tests, built here: workbooks in the template (or not), CSV in an encoding."""

import csv
import datetime as dt
import io

from openpyxl import Workbook

from cheber.core.actors import SYSTEM

ORGANIZATION_HEADERS = ["organization code", "organization type", "name in Kyrgyz",
                        "name in Russian", "СОАТЕ code of the district or city",
                        "urban or rural"]  # fmt: skip
EDUCATOR_HEADERS = ["PIN", "surname", "name", "patronymic", "education level",
                    "organization code", "position", "job start date"]  # fmt: skip
TRAINING_HEADERS = ["PIN", "title of the training", "provider code", "hours",
                    "training start date", "training end date", "form",
                    "certificate number"]  # fmt: skip
PIN_F = "11205198000123"  # a woman born 12.05.1980
PIN_M = "20103197500042"  # a man born 01.03.1975


def educator(pin=PIN_F, surname="Асанова", name="Айгуль", organization="SCH-KOCH-1", **more):
    row = {"PIN": pin, "surname": surname, "name": name, "patronymic": "Сагынбаевна",
           "education level": "bachelor", "organization code": organization,
           "position": "teacher", "job start date": dt.date(2015, 9, 1)} | more  # fmt: skip
    return row


def training(pin=PIN_F, number="OSH-IE-2024-0001", **more):
    return {"PIN": pin, "title of the training": "Окуу сабаттуулугу", "provider code": "OSH-IE",
            "hours": 72, "training start date": dt.date(2024, 3, 1),
            "training end date": dt.date(2024, 3, 12), "form": "stationary",
            "certificate number": number} | more  # fmt: skip


def rows_of(dicts: list[dict], headers: list[str] | None = None) -> list[list]:
    headers = headers or list(dicts[0])
    return [headers] + [[d.get(h) for h in headers] for d in dicts]


def workbook(sheets: dict[str, list[list]], prepare=None) -> bytes:
    """An .xlsx of the given sheets (title → rows); `prepare(workbook)` may change it."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if prepare is not None:
        prepare(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], encoding="utf-8", delimiter=";") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(
        [[v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v for v in row] for row in rows]
    )
    return buffer.getvalue().encode(encoding)


def check(content: bytes, filename: str = "registry.xlsx", actor=SYSTEM, mapping=None,
          writing=False):  # fmt: skip
    """The plan of a file, nothing written."""
    from cheber.imports.plan import build_plan

    return build_plan(io.BytesIO(content), filename, actor=actor, mapping=mapping,
                      writing=writing)  # fmt: skip


def commit(content: bytes, filename: str = "registry.xlsx", actor=SYSTEM, mapping=None):
    """Check the file and write its valid rows, as `import_registry --commit` does."""
    from cheber.imports.actions import import_registry

    plan = check(content, filename, actor, mapping, writing=True)
    assert not plan.fatal, plan.fatal
    return import_registry(actor=actor, plan=plan, reference=filename)


def problems(plan, level: str = "error") -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in plan.problems.kept if p.level == level]
