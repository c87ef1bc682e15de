import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cheber.registry.pin import make_pin, parse_pin


def test_it_reads_sex_and_birth_date_from_a_valid_pin():
    facts = parse_pin("11403198512345")

    assert facts.sex == "F"
    assert facts.birth_date == dt.date(1985, 3, 14)


def test_it_reads_a_male_pin():
    assert parse_pin("20102200000001").sex == "M"


@pytest.mark.parametrize("pin", ["1140319851234", "114031985123456", "1140319851234a", ""])
def test_it_refuses_a_pin_that_is_not_14_digits(pin):
    with pytest.raises(ValidationError) as error:
        parse_pin(pin)

    assert error.value.code == "pin_length"


@pytest.mark.parametrize("pin", ["13102198512345", "12902200112345", "10013198512345"])
def test_it_refuses_an_impossible_birth_date(pin):
    with pytest.raises(ValidationError) as error:
        parse_pin(pin)

    assert error.value.code == "pin_date"


def test_it_refuses_a_first_digit_other_than_1_or_2():
    with pytest.raises(ValidationError) as error:
        parse_pin("31403198512345")

    assert error.value.code == "pin_sex_digit"


def test_make_pin_round_trips():
    pin = make_pin(sex="M", birth_date=dt.date(1999, 12, 31), serial=42)

    assert pin == "23112199900042"
    assert parse_pin(pin).birth_date == dt.date(1999, 12, 31)
