"""`{{ educator.pin|shown_pin:educator.personal_data_visible }}` and the same for the birth
date: the full value or its mask (see `cheber/registry/privacy.py`)."""

from django import template

from cheber.registry import privacy

register = template.Library()


@register.filter
def shown_pin(pin, visible) -> str:
    return privacy.shown_pin(pin or "", bool(visible))


@register.filter
def shown_birth_date(date, visible) -> str:
    return privacy.shown_birth_date(date, bool(visible))
