"""Who works where: the mix of Kyrgyz, Russian, Uzbek and Tajik names by place and language.

The shares are judgements, not statistics: Russian names are common in Russian-medium and
mixed schools of Bishkek and Chui, Uzbek names in the Uzbek-medium and mixed schools of the
south (Osh, Jalal-Abad, Batken oblasts and Osh city), Tajik names in Batken's Tajik schools.
"""

import random
from collections.abc import Mapping

KY, RU, UZ, TG = "ky", "ru", "uz", "tg"

BISHKEK, OSH_CITY = "41711", "41721"
CHUI, ISSYK_KUL, NARYN, TALAS = "41708", "41702", "41704", "41707"
JALAL_ABAD, BATKEN, OSH = "41703", "41705", "41706"
SOUTH = frozenset({JALAL_ABAD, BATKEN, OSH, OSH_CITY})
RUSSIAN_SPEAKING_NORTH = frozenset({BISHKEK, CHUI})

Mix = Mapping[str, float]


def pick(rng: random.Random, mix: Mix) -> str:
    """One key of a {key: weight} mapping, in the mapping's (fixed) order."""
    keys = list(mix)
    return rng.choices(keys, weights=[mix[k] for k in keys])[0]


def school_people(languages: tuple[str, ...], region: str) -> Mix:
    """The mix of names among the staff of a school teaching in these languages."""
    if TG in languages:
        return {TG: 0.85, KY: 0.10, UZ: 0.05}
    if UZ in languages:
        if languages == (UZ,):
            return {UZ: 0.88, KY: 0.10, RU: 0.02}
        if RU in languages:
            return {UZ: 0.5, RU: 0.25, KY: 0.25}
        return {KY: 0.5, UZ: 0.5}
    if languages == (RU,):
        if region in RUSSIAN_SPEAKING_NORTH:
            return {RU: 0.5, KY: 0.45, UZ: 0.05}
        return {RU: 0.3, KY: 0.4, UZ: 0.3} if region in SOUTH else {RU: 0.45, KY: 0.55}
    if RU in languages:
        if region in RUSSIAN_SPEAKING_NORTH:
            return {KY: 0.68, RU: 0.32}
        return {KY: 0.8, RU: 0.07, UZ: 0.13} if region in SOUTH else {KY: 0.82, RU: 0.18}
    if region in SOUTH:
        return {KY: 0.95, UZ: 0.04, RU: 0.01}
    return {KY: 0.93, RU: 0.07} if region in RUSSIAN_SPEAKING_NORTH else {KY: 0.97, RU: 0.03}


def university_people(region: str) -> Mix:
    if region in RUSSIAN_SPEAKING_NORTH:
        return {KY: 0.72, RU: 0.25, UZ: 0.03}
    if region in (OSH_CITY, OSH, JALAL_ABAD):
        return {KY: 0.72, UZ: 0.16, RU: 0.12}
    return {KY: 0.92, RU: 0.06, UZ: 0.02}
