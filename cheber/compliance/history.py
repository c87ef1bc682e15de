"""An educator's own history as the rules read it (`rules.History`): their trainings, leave
and declared specializations, for an educator the caller fetched through its scope (as a
related manager of it would read them). Each is one query compiled once per process
(`core.prepared`): their SQL costs more to build than to run, and a teacher's status page
reads all three on every request."""

import datetime as dt

from cheber.compliance import rules
from cheber.core.prepared import Prepared, as_date
from cheber.registry.models import Educator, Leave, TrainingRecord, shown_title


def trainings_of(educator: Educator, today: dt.date) -> tuple[rules.Training, ...]:
    """Their trainings ended by `today`, the earliest first (titles in the active language)."""
    return tuple(
        rules.Training(as_date(end), hours, kind, form, shown_title(title, ru), verified)
        for end, hours, kind, form, title, ru, verified in _TRAININGS.rows(
            educator=educator.pk, today=today
        )
    )


def leaves_of(educator: Educator) -> tuple[rules.LeaveSpan, ...]:
    return tuple(
        rules.LeaveSpan(kind, as_date(start), as_date(end))
        for kind, start, end in _LEAVES.rows(educator=educator.pk)
    )


def declared_specializations(educator: Educator) -> set[int]:
    """The specializations they declared (beside those of their jobs)."""
    return {pk for (pk,) in _SPECIALIZATIONS.rows(educator=educator.pk)}


def _trainings(_shape, *, educator, today):
    """An educator's trainings ended by `today`, the earliest first, as the rules read them."""
    return (
        TrainingRecord.objects.filter(educator_id=educator, end_date__lte=today)
        .order_by("end_date", "pk")
        .values_list("end_date", "hours", "kind", "form", "title", "title_ru", "verification")
    )


def _leaves(_shape, *, educator):
    return Leave.objects.filter(educator_id=educator).values_list("kind", "start_date", "end_date")


def _specializations(_shape, *, educator):
    """The specializations an educator declared (beside those of their jobs)."""
    declared = Educator.specializations.through.objects.filter(educator_id=educator)
    return declared.values_list("specialization_id")


_TRAININGS = Prepared(_trainings, educator=int, today=dt.date)
_LEAVES = Prepared(_leaves, educator=int)
_SPECIALIZATIONS = Prepared(_specializations, educator=int)
