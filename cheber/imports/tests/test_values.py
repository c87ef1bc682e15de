"""Reading single cells: what real spreadsheets hold, read by a fixed rule or refused."""

import datetime as dt
from decimal import Decimal

import pytest

from cheber.imports import values
from cheber.imports.values import CellError


def refused(reader, raw) -> str:
    with pytest.raises(CellError) as error:
        reader(raw)
    return str(error.value)


def test_a_pin_stored_as_a_number_is_read_whole():
    assert values.pin(21205198000123) == "21205198000123"
    assert values.pin(21205198000123.0) == "21205198000123"
    assert values.pin(" 2 1205 1980 00123 ") == "21205198000123"


def test_a_pin_in_scientific_notation_is_refused_with_the_way_to_fix_it():
    message = refused(values.pin, "2,12052E+13")

    assert message == (
        "The PIN was saved in scientific notation (2,12052E+13) and lost its digits. "
        "Format the PIN column as text and type the PINs again."
    )
    assert "scientific notation" in refused(values.pin, "2.12052E+13")


def test_a_pin_number_that_lost_digits_is_refused():
    assert refused(values.pin, 1205198000123) == (
        "The PIN has 13 digits, not 14: it was stored as a number and lost digits. "
        "Format the PIN column as text and type the PINs again."
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.datetime(2024, 8, 25, 0, 0), dt.date(2024, 8, 25)),
        (45529, dt.date(2024, 8, 25)),  # an Excel serial
        (45529.0, dt.date(2024, 8, 25)),
        ("45529", dt.date(2024, 8, 25)),
        ("25.08.2024", dt.date(2024, 8, 25)),
        ("25/08/2024", dt.date(2024, 8, 25)),
        ("5.8.2024", dt.date(2024, 8, 5)),
        ("2024-08-25", dt.date(2024, 8, 25)),
        ("2024-08-25 00:00:00", dt.date(2024, 8, 25)),
        (" 25.08.2024 ", dt.date(2024, 8, 25)),
        (None, ""),
    ],
)
def test_dates_are_read_from_cells_serials_and_text(raw, expected):
    assert values.date(raw) == expected


def test_two_digit_years_and_impossible_dates_are_refused():
    assert refused(values.date, "25.08.24") == (
        "“25.08.24” is not a date: write it as DD.MM.YYYY (e.g. 25.08.2024)."
    )
    assert refused(values.date, "31.02.2024") == "“31.02.2024” is not a real date."
    assert refused(values.date, 12.5) == "The number 12.5 is not a date."


def test_latin_look_alikes_extra_spaces_and_case_in_names_are_fixed():
    assert values.name("  acaнoвa ") == "Асанова"
    assert values.name("ТОКТОГУЛОВА  айгүл") == "Токтогулова Айгүл"
    assert values.name("Касым УУЛУ") == "Касым уулу"


def test_a_name_in_latin_letters_is_refused():
    assert refused(values.name, "Aigul") == (
        "Write the name in Cyrillic letters (Kyrgyz ң ө ү are welcome)."
    )


@pytest.mark.parametrize("raw", ['=HYPERLINK("http://x")', "@SUM(A1)", "=1+1"])
def test_formulas_are_refused_in_any_text_cell(raw):
    assert refused(values.text, raw) == (
        "A formula is not a value: type the value itself (without “=”)."
    )


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "Мектеп <b>№1</b>", "<img src=x>"])
def test_markup_is_refused_in_any_text_cell(raw):
    assert refused(values.text, raw) == "Markup (HTML or script) is not allowed in a cell."


def test_a_lone_less_than_sign_is_text():
    assert values.text("1 < 2") == "1 < 2"


def test_numbers_phones_and_booleans_are_read():
    assert values.decimal("0,5") == Decimal("0.50")
    assert values.integer(72.0) == 72
    assert values.phone("0555 123 456") == "+996555123456"
    assert values.boolean("Ооба") is True
    assert values.boolean("нет") is False
    assert values.words("primary_teacher, kyrgyz_language;math") == [
        "primary_teacher", "kyrgyz_language", "math"
    ]  # fmt: skip
