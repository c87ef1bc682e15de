"""The import template as a workbook: empty (to download and fill in) or with the registry of a
territory, in the same columns, so that exporting and importing again changes nothing.

Written in openpyxl's write-only mode (rows streamed to the file, not kept in memory); every
text cell goes through `core.excel.neutralise`, so nothing opens as a formula.
"""

import datetime as dt
from collections.abc import Iterator
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cheber.core.excel import neutralise
from cheber.imports import columns
from cheber.imports.access import can_export_registry
from cheber.imports.columns import EDUCATORS, ENTITIES, ORGANIZATIONS
from cheber.registry.models import (
    AdminUnit,
    Educator,
    Employment,
    Organization,
    Position,
    Specialization,
    TrainingRecord,
)
from cheber.registry.territory import territory_of

DATE_FORMAT = "DD.MM.YYYY"
CHUNK = 2000
INSTRUCTIONS = gettext_lazy(
    "Fill in the sheets; the first row of each holds the column names. Columns marked * are "
    "required. Dates as DD.MM.YYYY; the PIN column formatted as text. An empty cell never "
    "erases a value."
)


def write_workbook(
    target: BinaryIO, language: str, organizations=None, progress=None
) -> dict[str, int]:
    """The template in `language`; with `organizations`, filled with them, their staff's active
    jobs there and those educators' training. Returns the rows written per sheet; `progress`
    is told the rows of staff written so far."""
    counts = {}
    with translation.override(language):
        workbook = Workbook(write_only=True)
        for entity in ENTITIES:
            sheet = workbook.create_sheet(str(entity.sheet_name)[: columns.SHEET_NAME_LIMIT])
            sheet.append([_header(sheet, capfirst(str(c.label))) for c in entity.columns])
            sheet.freeze_panes = "A2"
            rows = _rows(entity.key, organizations) if organizations is not None else ()
            counts[entity.key] = 0
            for values in rows:
                sheet.append([_cell(sheet, v) for v in values])
                counts[entity.key] += 1
                if progress is not None and entity.key == EDUCATORS:
                    progress(counts[entity.key])
        _instructions(workbook)
        workbook.save(target)
    return counts


def _header(sheet, text: str):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet, value):
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return neutralise(value)


def _instructions(workbook) -> None:
    sheet = workbook.create_sheet(str(columns.INSTRUCTIONS)[: columns.SHEET_NAME_LIMIT])
    sheet.append([str(INSTRUCTIONS)])
    allowed = _allowed_values()
    for entity in ENTITIES:
        sheet.append([])
        sheet.append([_header(sheet, str(entity.label))])
        for column in entity.columns:
            label = capfirst(str(column.label)) + (" *" if column.required else "")
            sheet.append([label, str(column.hint), allowed.get(column.key, "")])


def _allowed_values() -> dict[str, str]:
    """Column key → its codes with their names in the active language, for the instructions."""

    def listed(pairs) -> str:
        return "; ".join(f"{code} — {name}" for code, name in pairs)

    specializations = listed((s.code, s.name) for s in Specialization.objects.all())
    return {
        "type": listed(Organization.Type.choices),
        "locality": listed(Organization.Locality.choices),
        "languages": listed(Organization.Language.choices),
        "sex": listed(Educator.Sex.choices),
        "education_level": listed(Educator.EducationLevel.choices),
        "category": listed(Educator.Category.choices),
        "position": listed((p.code, p.name) for p in Position.objects.all()),
        "specializations": specializations,
        "job_specialization": specializations,
        "form": listed(TrainingRecord.Form.choices),
        "kind": listed(TrainingRecord.Kind.choices),
    }


def organizations_to_export(user, unit: AdminUnit | None):
    """The organizations of `user`'s territory (or of `unit` within it) whose registry they may
    export: PermissionDenied for anyone else or another territory; the whole country only
    from the command line."""
    if not can_export_registry(user):
        raise PermissionDenied
    territory = territory_of(user)
    organizations = territory.organizations()
    if unit is None:
        if territory.national:
            raise ValidationError(_("Choose a district or an oblast to export."))
        return organizations
    if not (territory.national or organizations.in_unit(unit).exists()):
        raise PermissionDenied
    return organizations.in_unit(unit)


def staff_count(organizations, limit: int | None = None) -> int:
    """The active jobs (rows of the staff sheet), counted no further than `limit` + 1."""
    if limit is None:
        return _staff(organizations).count()
    return len(_staff(organizations).values_list("pk", flat=True)[: limit + 1])


def _rows(entity: str, organizations) -> Iterator[list]:
    if entity == ORGANIZATIONS:
        return _organization_rows(organizations)
    if entity == EDUCATORS:
        return _educator_rows(organizations)
    return _training_rows(organizations)


def _organization_rows(organizations) -> Iterator[list]:
    for o in organizations.select_related("unit").order_by("code").iterator(chunk_size=CHUNK):
        yield [o.code, o.type, o.name_ky, o.name_ru, o.name_en, o.unit.soate, o.locality,
               " ".join(o.languages), o.address]  # fmt: skip


def _staff(organizations):
    return Employment.objects.active().filter(organization__in=organizations.values("pk"))


def _educator_rows(organizations) -> Iterator[list]:
    jobs = (
        _staff(organizations)
        .select_related("educator", "organization", "position", "specialization")
        .order_by("educator__pin", "organization__code", "position__code")
    )
    specs = Educator.specializations.through.objects.filter(
        educator_id__in=_staff(organizations).values("educator_id")
    ).values_list("educator_id", "specialization__code")
    by_educator: dict[int, list[str]] = {}
    for educator_id, code in specs.iterator(chunk_size=CHUNK):
        by_educator.setdefault(educator_id, []).append(code)
    for job in jobs.iterator(chunk_size=CHUNK):
        e = job.educator
        yield [e.pin, e.surname, e.first_name, e.patronymic, e.sex, e.birth_date,
               e.education_level, _("yes") if e.has_pedagogical_education else _("no"),
               " ".join(sorted(by_educator.get(e.pk, []))), e.category, e.phone, e.email,
               job.organization.code, job.position.code,
               job.specialization.code if job.specialization_id else "", job.start_date,
               float(job.workload)]  # fmt: skip


def _training_rows(organizations) -> Iterator[list]:
    educators = _staff(organizations).values("educator_id")
    records = (
        TrainingRecord.objects.filter(educator_id__in=educators)
        .select_related("educator", "provider")
        .order_by("educator__pin", "end_date", "pk")
    )
    for t in records.iterator(chunk_size=CHUNK):
        yield [t.educator.pin, t.title, t.title_ru, t.provider.code if t.provider_id else "",
               t.provider_name, t.hours, t.start_date, t.end_date, t.form, t.kind,
               t.certificate_number]  # fmt: skip
