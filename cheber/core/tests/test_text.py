import pytest

from cheber.core.text import is_cyrillic_name, normalise_name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  асанова  ", "Асанова"),
        ("AKMATOBA", "Акматова"),  # Latin look-alikes become Cyrillic
        ("Жаӊыл", "Жаңыл"),  # the wrong letter U+04CA becomes Kyrgyz ң
        ("Ɵмүрбек", "Өмүрбек"),
        ("Tүгөлбай", "Түгөлбай"),
        ("Айгүл", "Айгүл"),
        ("касым УУЛУ", "Касым уулу"),
        ("мамат-ЖАНОВА", "Мамат-Жанова"),
        ("Ұлан", "Үлан"),
    ],
)
def test_it_normalises_names_typed_on_any_keyboard(typed, stored):
    assert normalise_name(typed) == stored


@pytest.mark.parametrize("name", ["Smith", "Асан1", "Асан!"])
def test_it_rejects_names_that_are_not_cyrillic(name):
    assert not is_cyrillic_name(normalise_name(name))
