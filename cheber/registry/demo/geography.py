"""The real leaf units of the СОАТЕ table, their population, urban share and school languages.

Schools sit in leaf units: districts, towns of oblast significance, Bishkek's four city
districts, and Osh city itself. The NSC population of 2025 is known for oblasts and districts
only; towns and Bishkek's city districts get the share of their parent written below
(general-knowledge estimates, noted in data/SOURCES.md).
"""

from dataclasses import dataclass

from cheber.registry.demo.people_mix import (
    BISHKEK,
    CHUI,
    ISSYK_KUL,
    NARYN,
    OSH_CITY,
    SOUTH,
    TALAS,
    TG,
)
from cheber.registry.models import AdminUnit

URBAN, RURAL = "urban", "rural"

# Share of the parent oblast's (or Bishkek's) population living in the leaf.
PARENT_SHARE = {
    "41702410000010": 0.16,  # Karakol
    "41702420000010": 0.09,  # Balykchy
    "41703220400010": 0.008,  # Kok-Jangak
    "41703410000010": 0.09,  # Jalal-Abad
    "41703420000010": 0.028,  # Tash-Kumir
    "41703430000010": 0.02,  # Mailuu-Suu
    "41703440000010": 0.018,  # Kara-Kul
    "41704400000010": 0.13,  # Naryn
    "41705410000010": 0.05,  # Batken
    "41705420000010": 0.045,  # Sulukta
    "41705430000010": 0.09,  # Kyzyl-Kia
    "41707400000010": 0.15,  # Talas
    "41708400000010": 0.075,  # Tokmok
    "41711201000000": 0.30,  # Leninsky
    "41711202000000": 0.27,  # Oktyabrsky
    "41711203000000": 0.20,  # Pervomaysky
    "41711204000000": 0.23,  # Sverdlovsky
}
# Districts whose centre (or another town of district significance) is a town: the share of
# the district's people who live in it, and so go to urban schools.
DISTRICT_URBAN_SHARE = {
    "41702215000000": 0.17,  # Cholpon-Ata
    "41703211000000": 0.11,  # Kerben
    "41703215000000": 0.12,  # Kochkor-Ata
    "41703225000000": 0.19,  # Toktogul
    "41705236000000": 0.13,  # Isfana
    "41705258000000": 0.05,  # Pulgon
    "41706226000000": 0.06,  # Kara-Suu
    "41706242000000": 0.06,  # Nookat
    "41706255000000": 0.20,  # Uzgen
    "41708206000000": 0.16,  # Kant
    "41708209000000": 0.35,  # Kara-Balta
    "41708213000000": 0.20,  # Kemin, Orlovka
    "41708219000000": 0.20,  # Kaindy
    "41708222000000": 0.04,  # Shopokov
}
# Districts and towns with Uzbek-medium and Kyrgyz-Uzbek schools, and the Uzbek-only share.
UZBEK_SHARE = {
    "41706226000000": 0.04,  # Kara-Suu
    "41706211000000": 0.04,  # Aravan
    "41706255000000": 0.025,  # Uzgen
    "41706242000000": 0.025,  # Nookat
    "41703207000000": 0.025,  # Bazar-Korgon
    "41703220000000": 0.025,  # Suzak
    "41703215000000": 0.025,  # Nooken
    "41705258000000": 0.025,  # Kadamjai
    "41703410000010": 0.06,  # Jalal-Abad city
}
# The three Tajik-medium schools of the country are in Batken oblast.
TAJIK_SHARE = {"41705236000000": 0.03, "41705214000000": 0.022}  # Leilek, Batken district

Languages = tuple[str, ...]


@dataclass(frozen=True)
class Leaf:
    unit: AdminUnit
    population: int
    urban_share: float

    @property
    def soate(self) -> str:
        return self.unit.soate

    @property
    def region(self) -> str:
        """The first five digits of the oblast or city: "41704" for Naryn oblast."""
        return self.soate[:5]


def leaves(soates: tuple[str, ...] | None = None) -> list[Leaf]:
    """The leaf units (all, or those listed), in СОАТЕ order."""
    units = {u.soate: u for u in AdminUnit.objects.select_related("parent")}
    parents = {u.parent_id for u in units.values() if u.parent_id}
    result = []
    for soate in sorted(units):
        unit = units[soate]
        if unit.pk in parents or unit.level == AdminUnit.Level.REGION:
            continue
        if soates is not None and soate not in soates:
            continue
        result.append(Leaf(unit, _population(unit), _urban_share(unit)))
    return result


def _population(unit: AdminUnit) -> int:
    if unit.population:
        return unit.population
    return round(unit.parent.population * PARENT_SHARE.get(unit.soate, 0.05))


def _urban_share(unit: AdminUnit) -> float:
    if unit.level == AdminUnit.Level.DISTRICT:
        return DISTRICT_URBAN_SHARE.get(unit.soate, 0.0)
    return 1.0


def school_languages(leaf: Leaf, locality: str) -> dict[Languages, float]:
    """Shares of schools by languages of instruction, for the schools of one leaf."""
    shares = dict(_base_languages(leaf.region, locality))
    if uzbek := UZBEK_SHARE.get(leaf.soate):
        shares[("uz",)] = uzbek
        shares[("ky", "uz")] = 0.06 if locality == RURAL else 0.05
        shares[("ky",)] -= uzbek + shares[("ky", "uz")]
    if tajik := TAJIK_SHARE.get(leaf.soate):
        shares[(TG,)] = tajik
        shares[("ky",)] -= tajik
    return shares


def _base_languages(region: str, locality: str) -> dict[Languages, float]:
    if region == BISHKEK:
        return {("ky",): 0.18, ("ky", "ru"): 0.50, ("ru",): 0.32}
    if region == OSH_CITY:
        return {
            ("ky",): 0.27,
            ("ky", "ru"): 0.32,
            ("ru",): 0.20,
            ("uz",): 0.06,
            ("ru", "uz"): 0.08,
            ("ky", "uz"): 0.07,
        }
    if locality == URBAN:
        if region in SOUTH:
            return {("ky",): 0.40, ("ky", "ru"): 0.45, ("ru",): 0.15}
        return {("ky",): 0.28, ("ky", "ru"): 0.45, ("ru",): 0.27}
    if region == CHUI:
        return {("ky",): 0.34, ("ky", "ru"): 0.42, ("ru",): 0.24}
    if region == ISSYK_KUL:
        return {("ky",): 0.60, ("ky", "ru"): 0.30, ("ru",): 0.10}
    if region in (NARYN, TALAS):
        return {("ky",): 0.84, ("ky", "ru"): 0.14, ("ru",): 0.02}
    return {("ky",): 0.83, ("ky", "ru"): 0.14, ("ru",): 0.03}
