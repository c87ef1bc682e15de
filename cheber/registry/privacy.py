"""Field-level protection of an educator's PIN and birth date (the PIN carries the birth date).

Shown in full only to those who keep the registry of the educator's place of work (the
district methodist and the oblast coordinator of that territory), to system administrators,
and to the educator themself. Everyone else (ministry, institute, auditor, providers,
principals) sees them masked, in pages and in exports alike, and finds a masked PIN only
whole: nothing they search, sort or import answers for part of it.
"""

import datetime as dt

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value

from cheber.core import dates
from cheber.core.access import access_for
from cheber.core.actors import is_system

MASK = "•"


def personal_data_condition(user, educator_field: str = "pk") -> Q | bool:
    """A condition on `educator_field` (an educator's pk) under which the user may see the full
    PIN and birth date: True for every educator, False for none, else a `Q`."""
    from cheber.registry.models import Employment

    roles = access_for(user)
    if roles.superuser or is_system(user):
        return True
    if not (roles.oblast_ids or roles.district_ids or roles.educator_ids):
        return False
    kept = Employment.objects.active().filter(
        Q(organization__region_id__in=roles.oblast_ids)
        | Q(organization__unit_id__in=roles.district_ids)
    )
    return Q(**{f"{educator_field}__in": kept.values("educator_id")}) | Q(
        **{f"{educator_field}__in": roles.educator_ids}
    )


def with_personal_data_flag(queryset: QuerySet, user, educator_field: str = "pk") -> QuerySet:
    """The rows annotated with `personal_data_visible`."""
    condition = personal_data_condition(user, educator_field)
    if isinstance(condition, bool):
        flag = Value(condition, output_field=BooleanField())
    else:
        flag = ExpressionWrapper(condition, output_field=BooleanField())
    return queryset.annotate(personal_data_visible=flag)


def sees_personal_data(user, educator) -> bool:
    condition = personal_data_condition(user)
    if isinstance(condition, bool):
        return condition
    return type(educator).objects.filter(condition, pk=educator.pk).exists()


def mask_pin(pin: str) -> str:
    """The first digit (sex) and the last two; the birth date and serial hidden."""
    return f"{pin[:1]}{MASK * max(0, len(pin) - 3)}{pin[-2:]}" if pin else ""


def mask_birth_date(date: dt.date | None) -> str:
    return f"{MASK * 2}.{MASK * 2}.{date.year}" if date else ""


def shown_pin(pin: str, visible: bool) -> str:
    return pin if visible else mask_pin(pin)


def shown_birth_date(date: dt.date | None, visible: bool) -> str:
    if date is None:
        return ""
    return dates.day(date) if visible else mask_birth_date(date)
