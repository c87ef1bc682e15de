"""`{{ value|day }}` and `{{ value|day_time }}`: dates in the active language's format
(`cheber.core.dates`); built into every template by the settings."""

from django import template

from cheber.core import dates

register = template.Library()
register.filter("day", dates.day)
register.filter("day_time", dates.day_time)
