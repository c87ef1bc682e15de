"""The personal identification number (ПИН, ИНН): 14 digits.

First digit: 1 female, 2 male; then the birth date as DDMMYYYY; then 5 digits (no checksum).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PIN_LENGTH = 14
SEX_BY_DIGIT = {"1": "F", "2": "M"}


@dataclass(frozen=True)
class PinFacts:
    sex: str
    birth_date: dt.date


def parse_pin(pin: str) -> PinFacts:
    """The sex and birth date a PIN encodes; ValidationError naming what is wrong."""
    pin = (pin or "").strip()
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        raise ValidationError(
            _("The PIN must be exactly 14 digits; %(count)s given.") % {"count": len(pin)},
            code="pin_length",
        )
    if pin[0] not in SEX_BY_DIGIT:
        raise ValidationError(
            _("The PIN must start with 1 (female) or 2 (male)."), code="pin_sex_digit"
        )
    try:
        birth_date = dt.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))
    except ValueError:
        raise ValidationError(
            _("Digits 2–9 of the PIN must be a real birth date (DDMMYYYY)."), code="pin_date"
        ) from None
    return PinFacts(sex=SEX_BY_DIGIT[pin[0]], birth_date=birth_date)


def make_pin(*, sex: str, birth_date: dt.date, serial: int) -> str:
    digit = "1" if sex == "F" else "2"
    return f"{digit}{birth_date:%d%m%Y}{serial:05d}"
