"""Reading one cell: from what people put in spreadsheets to a value of the registry, or a
`CellError` that says, in the user's language, what is wrong and how to fix it.

Each reader takes the raw cell (str, int, float, datetime or None) and returns the value; an
empty cell is "" (the caller decides whether the column may be empty). Nothing is guessed: a
value is either read by a fixed rule (documented here) or refused.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cheber.core.text import is_cyrillic_name, normalise_name
from cheber.registry.forms import normalise_phone

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year bug included)
SERIALS = range(366, 73051)  # 1901-01-01 … 2099-12-31
TEXT_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]0?0:00(?::00)?)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00)?)?$")
SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
HTML = re.compile(r"<\s*[a-zA-Z/!?]")
FORMULA_STARTS = ("=", "@")
NEUTRALISED = ("=", "+", "-", "@")
YES = {"1", "yes", "true", "да", "ооба", "бар", "y", "д"}
NO = {"0", "no", "false", "нет", "жок", "n", "н"}


class CellError(Exception):
    pass


def text(value) -> str:
    """Free text: spaces collapsed; formulas and markup refused (a cell is data, never code)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = " ".join(str(value).split())
    if value[:1] == "'" and value[1:2] in NEUTRALISED:
        value = value[1:]  # as our export (core.excel.neutralise) wrote it, e.g. '+996…
    if value.startswith(FORMULA_STARTS):
        raise CellError(_("A formula is not a value: type the value itself (without “=”)."))
    if HTML.search(value):
        raise CellError(_("Markup (HTML or script) is not allowed in a cell."))
    return value


def code(value) -> str:
    value = text(value)
    if " " in value:
        raise CellError(_("A code has no spaces."))
    return value


def digits(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = re.sub(r"\s", "", text(value))
    if value and not value.isdigit():
        raise CellError(_("Only digits are expected."))
    return value


def pin(value) -> str:
    """14 digits. A number cell holds a PIN exactly (a double keeps 14 digits); a text that
    shows scientific notation lost its last digits when saved, and cannot be read back."""
    if isinstance(value, bool):
        raise CellError(_("The PIN must be exactly 14 digits."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("The PIN must be exactly 14 digits."))
        value = int(value)
    raw = text(value)
    if SCIENTIFIC.match(raw.replace(" ", "")):
        raise CellError(
            _(
                "The PIN was saved in scientific notation (%(value)s) and lost its digits. "
                "Format the PIN column as text and type the PINs again."
            )
            % {"value": raw}
        )
    raw = re.sub(r"[\s\u00a0]", "", raw)
    if raw and raw.isdigit() and len(raw) < 14 and isinstance(value, int):
        raise CellError(
            _(
                "The PIN has %(count)s digits, not 14: it was stored as a number and lost "
                "digits. Format the PIN column as text and type the PINs again."
            )
            % {"count": len(raw)}
        )
    return raw


def name(value) -> str:
    """A personal name: Latin look-alike letters mapped to Cyrillic, spaces and case fixed."""
    value = normalise_name(text(value))
    if value and not is_cyrillic_name(value):
        raise CellError(_("Write the name in Cyrillic letters (Kyrgyz ң ө ү are welcome)."))
    return value


def date(value) -> dt.date | str:
    """A date cell, an Excel serial number, or text as DD.MM.YYYY (also with / or -) or
    YYYY-MM-DD. The day comes first, as everywhere in Kyrgyzstan; two-digit years are refused."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(_("The number %(value)s is not a date.") % {"value": value})
    raw = text(value)
    if raw.isdigit() and int(raw) in SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    try:
        if match := TEXT_DATE.match(raw):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := ISO_DATE.match(raw):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("“%(value)s” is not a real date.") % {"value": raw}) from None
    raise CellError(
        _("“%(value)s” is not a date: write it as DD.MM.YYYY (e.g. 25.08.2024).") % {"value": raw}
    )


def integer(value) -> int | str:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raw = text(value).replace(" ", "")
    if not raw:
        return ""
    if not raw.isdigit():
        raise CellError(_("A whole number is expected."))
    return int(raw)


def decimal(value) -> Decimal | str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    raw = text(value).replace(" ", "").replace(",", ".")
    if not raw:
        return ""
    try:
        return Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CellError(_("A number is expected, e.g. 1 or 0.5.")) from None


def boolean(value) -> bool | str:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if not raw:
        return ""
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("Write “yes” or “no” (ооба / жок, да / нет)."))


def phone(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    try:
        return normalise_phone(text(value))
    except ValidationError as error:
        raise CellError(error.messages[0]) from None


def email(value) -> str:
    raw = text(value).lower()
    if raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise CellError(_("This is not an e-mail address.")) from None
    return raw


def words(value) -> list[str]:
    """A list of codes, separated by spaces, commas or semicolons; "" when empty."""
    return [w for w in re.split(r"[\s,;]+", text(value)) if w]


PARSERS = {
    "text": text,
    "code": code,
    "digits": digits,
    "pin": pin,
    "name": name,
    "date": date,
    "integer": integer,
    "decimal": decimal,
    "bool": boolean,
    "phone": phone,
    "email": email,
    "choice": text,
    "lookup": text,
    "choices": words,
    "codes": words,
}
