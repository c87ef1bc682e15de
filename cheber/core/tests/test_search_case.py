"""Case-insensitive search finds Kyrgyz and Russian words whatever their case, on every database."""

import pytest

from cheber.core.actors import SYSTEM
from cheber.registry.models import Educator
from cheber.registry.tests.factories import EducatorFactory


@pytest.mark.django_db
def test_search_by_a_lower_case_cyrillic_name_finds_the_capitalised_one():
    EducatorFactory(surname="Өмүрбекова", first_name="Жаңыл")
    EducatorFactory(surname="Иванова", first_name="Мария")

    found = Educator.objects.search("өмүр жаң", viewer=SYSTEM).values_list("surname", flat=True)
    upper = Educator.objects.filter(surname__icontains="ИВАН").values_list("surname", flat=True)

    assert list(found) == ["Өмүрбекова"]
    assert list(upper) == ["Иванова"]


@pytest.mark.django_db
def test_like_wildcards_in_the_search_text_are_taken_literally():
    EducatorFactory(surname="Асанова")

    assert not Educator.objects.filter(surname__icontains="а_а").exists()
    assert not Educator.objects.filter(surname__icontains="%").exists()
    assert Educator.objects.filter(surname__icontains="сан").exists()
