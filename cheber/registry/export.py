"""The list of educators as CSV: the rows the list page shows (the user's scope and filter),
made in the request when there are few, else as a background job with progress and a download
(more than settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS: an oblast's or the country's)."""

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cheber.core.excel import neutralise
from cheber.registry.forms import EducatorFilterForm
from cheber.registry.models import Educator, Employment
from cheber.registry.privacy import shown_birth_date, shown_pin, with_personal_data_flag

KIND = "educators_export"
WHAT = "registry:educator_export"  # the export, in the log of accesses to personal data


def active_jobs() -> Prefetch:
    return Prefetch(
        "employments",
        queryset=Employment.objects.active().select_related("organization", "position"),
        to_attr="active_jobs",
    )


def filtered_educators(user, form: EducatorFilterForm):
    educators = Educator.objects.visible_to(user)
    if form.is_valid():
        educators = educators.search(form.cleaned_data["q"], viewer=user)
        if code := form.cleaned_data["organization"]:
            educators = educators.working_at(code)
    return educators


def rows_for(user, filters: dict[str, str]):
    """The educators the export of `user` with the list's `filters` holds, ready to write."""
    educators = filtered_educators(user, EducatorFilterForm(filters)).prefetch_related(
        active_jobs()
    )
    return with_personal_data_flag(educators, user)


def is_large(educators) -> bool:
    """Over the limit made in a request (counted no further than the limit)."""
    limit = settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS
    return len(educators.values_list("pk", flat=True)[: limit + 1]) > limit


class _Echo:
    def write(self, value):
        return value


def csv_lines(educators: Iterable[Educator]) -> Iterator[str]:
    """The CSV, line by line, with a byte-order mark first (so that Excel reads UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(
        [_("PIN"), _("surname"), _("name"), _("patronymic"), _("sex"), _("birth date"),
         _("organization code"), _("organization"), _("position")]
    )  # fmt: skip
    for educator in educators:
        jobs, visible = educator.active_jobs, educator.personal_data_visible
        row = [shown_pin(educator.pin, visible), educator.surname, educator.first_name,
               educator.patronymic, educator.get_sex_display(),
               educator.birth_date.isoformat() if visible
               else shown_birth_date(educator.birth_date, False),
               "; ".join(j.organization.code for j in jobs),
               "; ".join(j.organization.name for j in jobs),
               "; ".join(j.position.name for j in jobs)]  # fmt: skip
        yield writer.writerow([neutralise(value) for value in row])
