"""Helpers for data that carries its own names in Kyrgyz, Russian and English."""

from itertools import product

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("ky", "ru", "en")  # the languages data carries its own names in


def name_columns(*paths: str) -> tuple[str, ...]:
    """Each path's column in each language (`programme__title` → `programme__title_ky`, …),
    in the order `set_names` reads them."""
    return tuple(f"{path}_{code}" for path in paths for code in LANGUAGES)


def set_names(obj, fields, names) -> None:
    """`obj.<field>_<language>` from `names`, as `name_columns` orders them ("" for none), for
    `localized` to choose from: a row read as values made a card a page shows."""
    for (field, code), name in zip(product(fields, LANGUAGES), names, strict=True):
        setattr(obj, f"{field}_{code}", name or "")


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
