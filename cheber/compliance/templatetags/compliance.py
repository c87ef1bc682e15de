"""`{% judged_on_notice %}`: the day the statuses shown were judged on, when it is not today
(the day's refresh runs at night from the scheduled jobs, never in a request)."""

import datetime as dt

from django import template
from django.utils import timezone

from cheber.compliance.models import Refresh

register = template.Library()


@register.inclusion_tag("compliance/_judged_on.html")
def judged_on_notice(day: dt.date | None = None) -> dict:
    """`day`: the row's own (a teacher's status); else the last full refresh's."""
    if day is None:
        day = Refresh.objects.values_list("computed_on", flat=True).first()
    return {"judged_on": day if day and day < timezone.localdate() else None}
