"""What a cell may name, read in any of the three languages: choices by code or label,
positions and specializations by code or name, and the territory a user may import into."""

from dataclasses import dataclass

from django.utils import translation

from cheber.accounts.scope import scope_for
from cheber.core.actors import is_system
from cheber.imports.columns import LANGUAGES, fold
from cheber.registry.models import Educator, Organization, Position, Specialization, TrainingRecord

SEX_WORDS = {
    "F": ("ж", "аял", "аял киши", "жен", "женский", "женщина", "f", "female"),
    "M": ("э", "эр", "эркек", "м", "муж", "мужской", "мужчина", "m", "male"),
}


def _labels(choices) -> dict[str, str]:
    """Folded code and label in every language → value; a label two choices share is left
    out (it would be a guess)."""
    found: dict[str, set] = {}
    for value, label in choices:
        found.setdefault(fold(value), set()).add(value)
        for language in LANGUAGES:
            with translation.override(language):
                found.setdefault(fold(label), set()).add(value)
    return {text: next(iter(v)) for text, v in found.items() if len(v) == 1}


def choice_lookups() -> dict[str, dict[str, str]]:
    sex = _labels(Educator.Sex.choices)
    sex.update({fold(w): value for value, ws in SEX_WORDS.items() for w in ws})
    return {
        "type": _labels(Organization.Type.choices),
        "locality": _labels(Organization.Locality.choices),
        "languages": _labels(Organization.Language.choices),
        "sex": sex,
        "education_level": _labels(Educator.EducationLevel.choices),
        "category": _labels(Educator.Category.choices),
        "form": _labels(TrainingRecord.Form.choices),
        "kind": _labels(TrainingRecord.Kind.choices),
    }


def _named(model) -> dict[str, object]:
    found: dict[str, set] = {}
    for obj in model.objects.all():
        for text in (obj.code, obj.name_ky, obj.name_ru, obj.name_en):
            if text:
                found.setdefault(fold(text), set()).add(obj)
    return {text: next(iter(v)) for text, v in found.items() if len(v) == 1}


def positions() -> dict[str, Position]:
    return _named(Position)


def specializations() -> dict[str, Specialization]:
    return _named(Specialization)


@dataclass(frozen=True)
class Territory:
    """Where a user may import: the whole country, oblasts, districts, or single organizations
    (a principal: their school's staff, no new organizations)."""

    national: bool
    region_ids: frozenset = frozenset()
    unit_ids: frozenset = frozenset()
    organization_ids: frozenset = frozenset()

    def covers_unit(self, unit) -> bool:
        return self.national or unit.region_id in self.region_ids or unit.pk in self.unit_ids

    def covers(self, *, pk: int | None, unit_id: int, region_id: int) -> bool:
        return (
            self.national
            or region_id in self.region_ids
            or unit_id in self.unit_ids
            or pk in self.organization_ids
        )


def territory_of(user) -> Territory:
    """The server (the command line without --user) imports anywhere; a user, within their
    scope; nobody else anywhere."""
    if is_system(user):
        return Territory(national=True)
    scope = scope_for(user)
    return Territory(scope.national, scope.region_ids, scope.unit_ids, scope.organization_ids)
