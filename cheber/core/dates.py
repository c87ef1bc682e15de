"""Dates as a person reads them, in one place: the active language's short format
(`SHORT_DATE_FORMAT`, 10.06.2026; English too, `cheber.core.formats`). Templates use the
`day` and `day_time` filters (built in), Python code that writes a date into a sentence
`day()`; a date written any other way (`str(date)` gives 2026-06-10) is for machines only."""

import datetime as dt

from django.utils import formats, timezone


def day(value: dt.date | dt.datetime | None) -> str:
    """A date (a moment: its local date), or "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def day_time(value: dt.datetime | None) -> str:
    """A moment in local time, to the minute, or "" for none."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")
