"""Normalising personal names typed on any keyboard into proper Cyrillic."""

import re
import unicodedata

# Latin letters that look like Cyrillic ones, and the look-alikes people type for the Kyrgyz
# letters ң ө ү (from Kazakh, Bashkir, Tatar, Latin and IPA keyboards).
_LOOKALIKES = str.maketrans(
    {
        "A": "А", "a": "а", "B": "В", "C": "С", "c": "с", "E": "Е", "e": "е", "H": "Н",
        "K": "К", "k": "к", "M": "М", "O": "О", "o": "о", "P": "Р", "p": "р", "T": "Т",
        "X": "Х", "x": "х", "Y": "У", "y": "у",
        "Ӊ": "Ң", "ӊ": "ң", "Ŋ": "Ң", "ŋ": "ң", "Ñ": "Ң", "ñ": "ң", "Ҥ": "Ң", "ҥ": "ң",
        "Ɵ": "Ө", "ɵ": "ө", "Ö": "Ө", "ö": "ө", "Θ": "Ө", "θ": "ө",
        "Ü": "Ү", "ü": "ү", "Ұ": "Ү", "ұ": "ү",
        "\u2019": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2013": "-",
    }
)  # fmt: skip
_ALLOWED = re.compile(r"^[А-ЯЁа-яёҢңӨөҮү]+(?:[ '\-][А-ЯЁа-яёҢңӨөҮү]+)*$")


# Patronymic particles stay lower-case: "Касым уулу", "Асан кызы", "Рустам угли".
_PARTICLES = {"уулу", "кызы", "угли", "кизи", "оглы"}


def _capitalise(part: str) -> str:
    lower = part.lower()
    if lower in _PARTICLES or part in " -'":
        return lower
    return lower[:1].upper() + lower[1:]


def normalise_name(value: str) -> str:
    """Collapse spaces, map look-alikes to Cyrillic, capitalise each part."""
    value = unicodedata.normalize("NFC", value or "").translate(_LOOKALIKES)
    value = re.sub(r"\s+", " ", value).strip()
    return "".join(_capitalise(part) for part in re.split(r"([ \-'])", value))


def is_cyrillic_name(value: str) -> bool:
    return bool(_ALLOWED.match(value))
