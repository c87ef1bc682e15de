"""Validate a whole file before anything is written: every row is checked (its cells, the file's
other rows, the registry, the user's territory) and sorted into what would be created, updated
or left unchanged, or rejected with its reasons. Nothing here writes; `actions.import_registry`
writes a plan.

Matching: organizations by code, educators by PIN, a job by educator, organization and
position (among the active ones), a training by PIN and certificate number (else PIN, title
and end date). An empty cell never erases a value; a column absent from the file is not
touched.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from cheber.imports import educators, organizations, trainings
from cheber.imports import messages as m
from cheber.imports.columns import (
    BY_KEY,
    EDUCATORS,
    ORGANIZATIONS,
    TRAININGS,
    fold,
    instruction_names,
)
from cheber.imports.reading import FileRejected, open_sheets
from cheber.imports.sheets import Changes, Layout, Problem, Problems, read_rows
from cheber.registry.territory import territory_of

STEPS = {
    ORGANIZATIONS: organizations.check,
    EDUCATORS: educators.check,
    TRAININGS: trainings.check,
}


@dataclass
class Plan:
    filename: str
    actor: Any
    layouts: list[Layout] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    changes: dict[str, Changes] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what the sheets' checks share
    fatal: str = ""
    committed: bool = False
    # Checked to be written now: PINs registered to someone the user may not see in full are
    # refused (a check alone answers for them as for PINs nobody has).
    writing: bool = False

    def of(self, entity: str) -> Changes:
        if entity not in self.changes:
            self.changes[entity] = Changes()
        return self.changes[entity]

    @property
    def has_writes(self) -> bool:
        return any(c.new or c.changed for c in self.changes.values()) or bool(
            self.extra.get("jobs_new") or self.extra.get("jobs_changed")
        )

    @property
    def incomplete(self) -> list[Layout]:
        """The sheets of an entity that lack required columns (their rows were not read)."""
        return [layout for layout in self.layouts if layout.missing]

    def report(self) -> dict:
        """The plan as JSON-ready data: the preview page and `import_registry --json`."""
        return {
            "file": self.filename,
            "fatal": self.fatal,
            "committed": self.committed,
            "missing_columns": [
                {"sheet": layout.sheet, "columns": _labels(layout), "message": _missing(layout)}
                for layout in self.incomplete
            ],
            "sheets": [layout.as_dict() for layout in self.layouts],
            "counts": {
                entity: {
                    k: changes.counts.get(k, 0)
                    for k in ("created", "updated", "unchanged", "rejected")
                }
                for entity, changes in self.changes.items()
            },  # fmt: skip
            "jobs": {
                "created": len(self.extra.get("jobs_new", ())),
                "updated": len(self.extra.get("jobs_changed", ())),
            },
            "errors": self.problems.errors,
            "warnings": self.problems.warnings,
            "problems": [vars(p) for p in self.problems.kept],
        }


def build_plan(
    source: BinaryIO,
    filename: str,
    *,
    actor: Any,
    mapping: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
    writing: bool = False,
) -> Plan:
    """Read and check the file; a file that cannot be read at all gives a plan with `fatal`.
    `writing`: the plan is for `actions.import_registry` now, not only for a preview."""
    plan = Plan(filename=filename, actor=actor, writing=writing)
    plan.extra["territory"] = territory_of(actor)
    try:
        _check_sheets(plan, open_sheets(source, filename), mapping or {}, progress)
    except FileRejected as error:
        plan.fatal = str(error)
        plan.changes.clear()
    if not plan.fatal and not any(layout.entity for layout in plan.layouts):
        plan.fatal = _(
            "No sheet of the file has the columns of the template. Download the template, or "
            "choose below which column is which."
        )
    return plan


def _check_sheets(plan: Plan, sheets, mapping: dict, progress) -> None:
    parsed: dict[str, list] = {ORGANIZATIONS: [], EDUCATORS: [], TRAININGS: []}
    total, done = sum(sheet.estimate for sheet in sheets), 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    for sheet in sheets:
        if fold(sheet.name) in instruction_names():
            continue  # the template's own sheet of explanations
        layout, rows = read_rows(sheet, mapping.get(sheet.name), step)
        plan.layouts.append(layout)
        if layout.missing:
            plan.problems.add(Problem(layout.sheet, layout.header_row, "", _missing(layout)))
        if layout.entity:
            parsed[layout.entity].append((layout, list(rows)))
    # In this order: an educator's job may be at an organization of the same file, a training
    # may be of an educator of the same file.
    for entity, check in STEPS.items():
        if parsed[entity]:
            check(plan, parsed[entity])


def _labels(layout: Layout) -> list[str]:
    entity = BY_KEY[layout.entity]
    return [str(entity.column(key).label) for key in layout.missing]


def _missing(layout: Layout) -> str:
    """Said in the active language: which columns, and what to do."""
    columns = ", ".join(f"“{label}”" for label in _labels(layout))
    return m.MISSING_COLUMNS % {"sheet": layout.sheet, "columns": columns}
