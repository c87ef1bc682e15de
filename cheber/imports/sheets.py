"""From the sheets of a file to parsed rows: which sheet holds which entity, where its header
is, which column is which (found by the headers, or as the user mapped them), and each row's
cells read by `values` — with every problem kept as row, column and reason."""

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cheber.imports import messages as m
from cheber.imports import values
from cheber.imports.columns import (
    BY_KEY,
    EDUCATORS,
    ENTITIES,
    ORGANIZATIONS,
    TRAININGS,
    Entity,
    fold,
    match_headers,
    sheet_names,
)
from cheber.imports.reading import Sheet

HEADER_SEARCH_ROWS = 10  # a title, a date, merged group headers may stand above the header
MAX_PROBLEMS = 50_000  # kept for the report (and its download); the rest are counted
LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str
    level: str = "error"  # or "warning": read, but the user should know how


@dataclass
class Layout:
    """Where a sheet's entity and columns are: found, or chosen by the user."""

    sheet: str
    entity: str = ""  # "" when the sheet is not imported
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)  # column index → column key
    note: str = ""

    @property
    def missing(self) -> list[str]:
        if not self.entity:
            return []
        mapped = set(self.columns.values())
        return [c.key for c in BY_KEY[self.entity].columns if c.required and c.key not in mapped]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["columns"] = {str(k): v for k, v in self.columns.items()}
        data["missing"] = self.missing
        return data


@dataclass
class Row:
    sheet: str
    number: int
    values: dict
    errors: list[Problem] = field(default_factory=list)


class Problems:
    """The problems of an import, kept up to MAX_PROBLEMS, all counted."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.errors = 0
        self.warnings = 0

    def add(self, problem: Problem) -> None:
        if problem.level == "error":
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)


def column_name(index: int, header) -> str:
    header = str(header or "").strip()
    letter = get_column_letter(index + 1)
    return f"{letter} ({header})" if header else letter


def find_layout(sheet: Sheet, head: list[tuple[int, list]], chosen: dict | None) -> Layout:
    """The entity and columns of a sheet: as the user chose, else by the best header row."""
    if chosen is not None:
        return _chosen_layout(sheet, head, chosen)
    best = (0, None, None)
    named = fold(sheet.name)
    for number, cells in head:
        for entity in ENTITIES:
            columns = match_headers(entity, cells)
            score = len(columns) + (0.5 if named in sheet_names(entity) else 0)
            if score > best[0]:
                best = (score, entity, (number, cells, columns))
    score, entity, found = best
    if entity is None or score < 2:
        # The first row with text, as the headers the user may map.
        number, cells = next(((n, c) for n, c in head if any(c)), (1, []))
        headers = [str(c).strip() if c is not None else "" for c in cells]
        note = _("No known column headers: the sheet is not imported.")
        return Layout(sheet.name, header_row=number, headers=headers, note=note)
    number, cells, columns = found
    headers = [str(c).strip() if c is not None else "" for c in cells]
    return Layout(sheet.name, entity.key, number, headers, columns)


def _chosen_layout(sheet: Sheet, head, chosen: dict) -> Layout:
    entity = chosen.get("entity", "")
    if entity not in BY_KEY:
        return Layout(sheet.name, note=_("Not imported, as chosen."))
    header_row = int(chosen.get("header_row") or 1)
    cells = next((c for n, c in head if n == header_row), [])
    keys = set(BY_KEY[entity].keys)
    columns = {int(i): k for i, k in chosen.get("columns", {}).items() if k in keys}
    headers = [str(c).strip() if c is not None else "" for c in cells]
    return Layout(sheet.name, entity, header_row, headers, columns)


def read_rows(
    sheet: Sheet, chosen: dict | None = None, progress: Callable[[int], None] | None = None
) -> tuple[Layout, Iterator[Row]]:
    """The sheet's layout, and its data rows parsed (empty rows skipped)."""
    head = []
    for number, cells in sheet.rows:
        head.append((number, cells))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    layout = find_layout(sheet, head, chosen)
    if not layout.entity or layout.missing:
        return layout, iter(())

    def rows() -> Iterator[Row]:
        parse = _row_parser(BY_KEY[layout.entity], layout)
        pending = (r for r in head if r[0] > layout.header_row)
        for count, (number, cells) in enumerate(_chain(pending, sheet.rows), start=1):
            if progress is not None and count % 1000 == 0:
                progress(1000)
            if any(c is not None and str(c).strip() for c in cells):
                yield parse(number, cells)

    return layout, rows()


def _chain(first, then):
    yield from first
    yield from then


def _row_parser(entity: Entity, layout: Layout):
    names = {
        i: column_name(i, layout.headers[i] if i < len(layout.headers) else "")
        for i in layout.columns
    }
    readers = [
        (index, key, _cached(entity.column(key).kind), entity.column(key).kind == "name")
        for index, key in sorted(layout.columns.items())
    ]
    required = [(c.key, names[_index_of(layout, c.key)]) for c in entity.columns if c.required]
    limits = {key: limit for key, limit in max_lengths(entity.key).items()
              if key in layout.columns.values()}  # fmt: skip

    def parse(number: int, cells: list) -> Row:
        row = Row(layout.sheet, number, {})
        found = row.values
        for index, key, reader, is_name in readers:
            raw = cells[index] if index < len(cells) else None
            try:
                found[key] = reader(raw)
            except values.CellError as error:
                row.errors.append(Problem(layout.sheet, number, names[index], str(error)))
                continue
            if is_name and isinstance(raw, str) and LATIN.search(raw):
                message = m.LATIN_REPLACED % {"raw": raw.strip(), "value": found[key]}
                row.errors.append(Problem(layout.sheet, number, names[index], message, "warning"))
        for key, limit in limits.items():
            value = found.get(key)
            if isinstance(value, str) and len(value) > limit:
                message = m.TOO_LONG % {"limit": limit, "count": len(value)}
                row.errors.append(
                    Problem(layout.sheet, number, _column_label(layout, key), message)
                )
        for key, name in required:
            if found.get(key) in ("", None, []) and key in found:
                row.errors.append(Problem(layout.sheet, number, name, str(m.REQUIRED)))
        return row

    return parse


def max_lengths(entity: str) -> dict[str, int]:
    """Column key → the length its field holds in the database (which would refuse more, and
    the whole import with it)."""
    from cheber.registry.models import Educator, Organization, TrainingRecord

    model, keys = {
        ORGANIZATIONS: (Organization, ["code", "name_ky", "name_ru", "name_en", "address"]),
        EDUCATORS: (Educator, ["surname", "first_name", "patronymic", "email"]),
        TRAININGS: (TrainingRecord, ["title", "title_ru", "provider_name", "certificate_number"]),
    }[entity]
    return {key: model._meta.get_field(key).max_length for key in keys}


def _cached(kind: str):
    """Names, codes and dates repeat from row to row: each distinct cell is read once (a PIN,
    unique, is not worth remembering)."""
    reader = values.PARSERS[kind]
    return reader if kind == "pin" else functools.lru_cache(maxsize=50_000, typed=True)(reader)


def _index_of(layout: Layout, key: str) -> int:
    return next(i for i, k in layout.columns.items() if k == key)


def _column_label(layout: Layout, key: str) -> str:
    index = _index_of(layout, key)
    return column_name(index, layout.headers[index] if index < len(layout.headers) else "")


def problem(row: Row, layout: Layout, key: str, message: str, level: str = "error") -> Problem:
    """A problem of a row, in the column the key is mapped to (or the whole row)."""
    column = _column_label(layout, key) if key in layout.columns.values() else ""
    return Problem(row.sheet, row.number, column, str(message), level)


@dataclass
class Changes:
    """What one entity's rows would do."""

    new: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)  # {"pk", "values", "changes"}
    counts: Counter = field(default_factory=Counter)  # rows: created/updated/unchanged/rejected


def reject(plan, entity: str, row, *problems) -> None:
    for item in list(row.errors) + list(problems):
        plan.problems.add(item)
    plan.of(entity).counts["rejected"] += 1


def keep_warnings(plan, row) -> bool:
    """Record the row's warnings; True when it has no errors."""
    errors = [p for p in row.errors if p.level == "error"]
    for item in row.errors:
        if item.level != "error":
            plan.problems.add(item)
    row.errors = errors
    return not errors


def chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def filled(values: dict) -> dict:
    """The values a row gives: an empty cell gives none (and erases nothing)."""
    return {k: v for k, v in values.items() if v not in ("", None)}


def diff(current: dict, incoming: dict) -> dict:
    """Fields whose incoming (non-empty) value differs: field → [old, new]."""
    changes = {}
    for key, value in incoming.items():
        if value in ("", None):
            continue
        if current.get(key) != value:
            changes[key] = [current.get(key), value]
    return changes


def jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
