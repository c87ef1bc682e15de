"""The people behind a dashboard number: the filter of the list, its rows, its Excel file."""

import datetime as dt
import io
from urllib.parse import urlencode

from django import forms
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from cheber.compliance import dashboard
from cheber.compliance.models import EducatorStatus, Status
from cheber.core.excel import XLSX, neutralise
from cheber.core.i18n import current_language
from cheber.registry.models import Organization
from cheber.registry.privacy import shown_pin, with_personal_data_flag

# An Excel file of more rows takes too long to build in a request; the page says so.
XLSX_LIMIT = 30_000
LEVEL_FIELDS = ("organization", "unit", "region")  # the most specific wins


class StatusListForm(forms.Form):
    region = forms.IntegerField(label=gettext_lazy("oblast or city"), required=False, min_value=1)
    unit = forms.IntegerField(label=gettext_lazy("district"), required=False, min_value=1)
    organization = forms.IntegerField(
        label=gettext_lazy("organization"), required=False, min_value=1
    )
    status = forms.ChoiceField(
        label=gettext_lazy("status"), required=False,
        choices=[("", gettext_lazy("any status")), *Status.choices],
    )  # fmt: skip
    specialization = forms.RegexField(
        label=gettext_lazy("specialization"), required=False, regex=r"^([0-9]+|none)$"
    )
    organization_type = forms.ChoiceField(
        label=gettext_lazy("type of institution"), required=False,
        choices=[("", gettext_lazy("any type")), *Organization.Type.choices],
    )  # fmt: skip
    locality = forms.ChoiceField(
        label=gettext_lazy("urban or rural"), required=False,
        choices=[("", gettext_lazy("urban and rural")), *Organization.Locality.choices],
    )  # fmt: skip
    language = forms.ChoiceField(
        label=gettext_lazy("language of instruction"), required=False,
        choices=[("", gettext_lazy("any language")), *Organization.Language.choices],
    )  # fmt: skip
    overdue_years = forms.IntegerField(
        label=gettext_lazy("overdue by at least (years)"), required=False, min_value=0,
        max_value=60,
    )  # fmt: skip

    def level(self, user) -> dashboard.Level:
        """The level the filter names, checked against the user's scope (404 outside)."""
        data = self.cleaned_data
        if data.get("organization"):
            return dashboard.organization_level(user, data["organization"])
        if data.get("unit"):
            return dashboard.district_level(user, data["unit"])
        if data.get("region"):
            return dashboard.region_level(user, data["region"])
        return dashboard.Level("mine")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def filtered_statuses(user, form: StatusListForm, today: dt.date):
    """The user's visible statuses narrowed by a valid form; longest overdue first (the
    earliest due date)."""
    statuses = form.level(user).filter(EducatorStatus.objects.visible_to(user))
    data = form.cleaned_data
    for name in ("status", "organization_type", "locality", "language"):
        if data.get(name):
            statuses = statuses.filter(**{name: data[name]})
    if spec := data.get("specialization"):
        statuses = statuses.filter(specialization_id=None if spec == "none" else int(spec))
    if data.get("overdue_years") is not None:
        statuses = statuses.overdue_since(years_before(today, data["overdue_years"]))
    # Ordered on the status table alone, so PostgreSQL walks the due-date index instead of
    # sorting tens of thousands of joined rows for the national list.
    return statuses.order_by("due_date", "educator_id")


def active_filters(form: StatusListForm) -> dict[str, str]:
    """The valid, non-empty filter values, for the export link."""
    return {k: str(v) for k, v in form.cleaned_data.items() if v not in (None, "")}


def export_query(form: StatusListForm) -> str:
    return urlencode(active_filters(form))


def _headers() -> list[str]:
    return [_("Surname"), _("Name"), _("Patronymic"), _("PIN"), _("Organization"),
            _("Specialization"), _("Status"), _("Last counting training"),
            _("Hours in the period"), _("Due date")]  # fmt: skip


def _name_in_language(relation: str):
    """The related name in the active language, else the Kyrgyz one (as `TrilingualName`)."""
    language = current_language()
    if language == "ky":
        return F(f"{relation}__name_ky")
    return Coalesce(NullIf(F(f"{relation}__name_{language}"), Value("")), f"{relation}__name_ky")


def _rows(statuses, user):
    labels = dict(Status.choices)
    statuses = with_personal_data_flag(statuses, user, educator_field="educator_id").annotate(
        o=_name_in_language("organization"), s=_name_in_language("specialization")
    )
    columns = ("educator__surname", "educator__first_name", "educator__patronymic",
               "educator__pin", "o", "s", "status", "last_training_date", "hours_in_period",
               "due_date", "personal_data_visible")  # fmt: skip
    for row in statuses.values_list(*columns).iterator(chunk_size=2000):
        *row, visible = row
        row[3] = shown_pin(row[3], visible)
        row[6] = str(labels.get(row[6], row[6]))
        yield row


def write_xlsx(target, statuses, user, progress=None) -> int:
    """The rows in a write-only workbook on `target` (streamed row by row, no styles per cell
    beyond the header), which keeps a district's 3,000 rows well under a second; returns how
    many. `progress` is told the rows written so far."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Educators")[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate((18, 14, 16, 16, 40, 28, 18, 14, 10, 12)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([_header_cell(sheet, title) for title in _headers()])
    count = 0
    for row in _rows(statuses, user):
        sheet.append([neutralise(v) for v in row])
        count += 1
        if progress is not None and count % 500 == 0:
            progress(count)
    workbook.save(target)
    return count


def xlsx_of(statuses, filename: str, user) -> HttpResponse:
    """The workbook made in the request (up to settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, statuses, user)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _header_cell(sheet, title: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True)
    return cell


def stamp() -> str:
    return timezone.localdate().isoformat()
