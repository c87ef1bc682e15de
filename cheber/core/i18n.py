"""Helpers for data that carries its own names in Kyrgyz, Russian and English."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def current_language() -> str:
    return (get_language() or "ky").split("-")[0]


def localized(obj, field: str) -> str:
    """`obj.<field>_<language>` for the active language; Kyrgyz, then Russian, when empty."""
    for language in (current_language(), "ky", "ru"):
        if value := getattr(obj, f"{field}_{language}", ""):
            return value
    return ""


class TrilingualName(models.Model):
    """Names in ky/ru/en; `name` is the one for the active language, falling back to Kyrgyz."""

    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{current_language()}", "") or self.name_ky
