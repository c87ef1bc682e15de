"""The import template: three sheets (organizations, educators with their job, training
history), their columns, and how a file's headers are matched to them in any language.

A column's header in the template is its label in the template's language; a file's header
matches a column when it equals, after folding case, spaces and punctuation, the column's code
or its label in Kyrgyz, Russian or English.
"""

import functools
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SHEET_NAME_LIMIT = 31  # Excel cuts a longer sheet name

LANGUAGES = ("ky", "ru", "en")
ORGANIZATIONS, EDUCATORS, TRAININGS = "organizations", "educators", "trainings"


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation
    kind: str  # how its cells are read: see values.PARSERS
    required: bool = False
    hint: object = ""


@dataclass(frozen=True)
class Entity:
    key: str
    label: object
    sheet_name: object  # the label short enough for a sheet's name, in every language
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


_CODES = _("codes, separated by spaces or commas")
# The Kyrgyz label ("Квалификацияны жогорулатуу тарыхы") is longer than a sheet name may be.
_SHORT_TRAININGS = pgettext_lazy("sheet name, at most 31 characters", "Training history")
ENTITIES = (
    Entity(ORGANIZATIONS, _("Organizations"), _("Organizations"), (
        Column("code", _("organization code"), "code", True),
        Column("type", _("organization type"), "choice", True, _("code or name of the type")),
        Column("name_ky", _("name in Kyrgyz"), "text", True),
        Column("name_ru", _("name in Russian"), "text", True),
        Column("name_en", _("name in English"), "text"),
        Column("soate", _("СОАТЕ code of the district or city"), "digits", True),
        Column("locality", _("urban or rural"), "choice", True),
        Column("languages", _("languages of instruction"), "choices", False, _CODES),
        Column("address", _("address"), "text"),
    )),
    Entity(EDUCATORS, _("Educators"), _("Educators"), (
        Column("pin", _("PIN"), "pin", True, _("14 digits; format the column as text")),
        Column("surname", _("surname"), "name", True),
        Column("first_name", _("name"), "name", True),
        Column("patronymic", _("patronymic"), "name"),
        Column("sex", _("sex"), "choice", False, _("taken from the PIN when empty")),
        Column("birth_date", _("birth date"), "date", False, _("taken from the PIN when empty")),
        Column("education_level", _("education level"), "choice", True),
        Column("has_pedagogical_education", _("pedagogical education"), "bool"),
        Column("specializations", _("specializations"), "codes", False, _CODES),
        Column("category", _("qualification category"), "choice"),
        Column("phone", _("phone"), "phone"),
        Column("email", _("e-mail"), "email"),
        Column("organization", _("organization code"), "code", True),
        Column("position", _("position"), "lookup", True, _("code or name of the position")),
        Column("job_specialization", _("specialization in this job"), "lookup"),
        Column("start_date", _("job start date"), "date", True),
        Column("workload", _("workload (rate)"), "decimal", False, _("from 0.10 to 2.00")),
    )),
    Entity(TRAININGS, _("Training history"), _SHORT_TRAININGS, (
        Column("pin", _("PIN"), "pin", True, _("14 digits; format the column as text")),
        Column("title", _("title of the training"), "text", True, _("in Kyrgyz")),
        Column("title_ru", _("title of the training in Russian"), "text"),
        Column("provider", _("provider code"), "code", False, _("or the provider's name")),
        Column("provider_name", _("provider name (outside the registry)"), "text"),
        Column("hours", _("hours"), "integer", True),
        Column("start_date", _("training start date"), "date", True),
        Column("end_date", _("training end date"), "date", True),
        Column("form", _("form"), "choice", True),
        Column("kind", _("kind of training"), "choice"),
        Column("certificate_number", _("certificate number"), "text"),
    )),
)  # fmt: skip
BY_KEY = {e.key: e for e in ENTITIES}


@functools.lru_cache(maxsize=10_000)
def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower().replace("ё", "е")).strip()


def fold(text) -> str:
    """A header as compared: lower case, letters and digits only, single spaces."""
    return _fold(str(text or ""))


def _labels_of(entity: Entity) -> dict[str, str]:
    labels = {}
    for column in entity.columns:
        labels[fold(column.key)] = column.key
        for language in LANGUAGES:
            with translation.override(language):
                labels[fold(column.label)] = column.key
    return labels


def header_lookup(entity: Entity) -> dict[str, str]:
    """Folded header text → column key, for every language (built per call: labels are
    translated, and the active catalogues may change between tests)."""
    return _labels_of(entity)


def sheet_names(entity: Entity) -> set[str]:
    names = {fold(entity.key)}
    for language in LANGUAGES:
        with translation.override(language):
            names.add(fold(entity.label))
            names.add(fold(entity.sheet_name))
    return names


INSTRUCTIONS = _("Instructions")


def instruction_names() -> set[str]:
    names = set()
    for language in LANGUAGES:
        with translation.override(language):
            names.add(fold(INSTRUCTIONS))
    return names


def match_headers(entity: Entity, headers: list) -> dict[int, str]:
    """Column index → column key for the headers that name a column of the entity."""
    lookup, mapping, taken = header_lookup(entity), {}, set()
    for index, header in enumerate(headers):
        key = lookup.get(fold(header))
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping
