"""The registry's name search through its index (FTS5 on SQLite, trigrams on PostgreSQL) finds
exactly whom the rule finds — each word starts the surname, the name or the patronymic, in any
case — for Kyrgyz letters, Cyrillic case, hyphens, particles and the index's own syntax; the
index follows every change of a name."""

import pytest
from django.db import connection
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.registry import names
from cheber.registry.models import Educator
from cheber.registry.tests.factories import EducatorFactory, user_with_role

pytestmark = pytest.mark.usefixtures("reference")

PEOPLE = [
    ("Өмүрбекова", "Ңурсулуу", "Асановна"),
    ("Үсөнов", "Эрмек", "Касым уулу"),
    ("Асан-Уулу", "Бакыт", ""),
    ("Ёлкина", "Мария", "Петровна"),
    ("Елкина", "Анна", "Ивановна"),
    ("Иванова", "Жаңыл", "Сагынбаевна"),
    ("Токтогулова", "Айгүл", "Өмүрбековна"),
    ("Д'Артаньян", "Шарль", ""),
]
QUERIES = [
    "өмүр", "ӨМҮР", "Өмүрбекова", "үсө", "ҮСӨН", "ң", "Ңур", "жаң", "асан", "асан-у", "Асан-Уулу",
    "уулу", "касым уулу", "ёл", "Ёл", "ел", "ЕЛКИНА", "ива", "иВаНоВ", "ас ка", "ас ка ка",
    "мар пет ёл", "айгүл өмүр", "д'ар", "'", "-", '"', 'а"', "а*", "OR", "ас OR ка", "NEAR",
    "surname:ас", "^ас", "ас.", "а", "я", "Шарль д",
]  # fmt: skip


@pytest.fixture
def people():
    for surname, first_name, patronymic in PEOPLE:
        EducatorFactory(surname=surname, first_name=first_name, patronymic=patronymic)


def found(text: str) -> list[str]:
    return sorted(Educator.objects.search(text, viewer=SYSTEM).values_list("surname", flat=True))


def by_the_rule(text: str) -> list[str]:
    rule = names.starts_condition(names.words_of(text))
    return sorted(Educator.objects.filter(rule).values_list("surname", flat=True))


def test_the_index_finds_exactly_whom_the_rule_finds(people):
    results = {text: found(text) for text in QUERIES}

    assert results == {text: by_the_rule(text) for text in QUERIES}
    assert results["ӨМҮР"] == ["Токтогулова", "Өмүрбекова"]
    assert results["ел"] == ["Елкина"] and results["ёл"] == ["Ёлкина"]
    assert results["уулу"] == [] and results["асан-у"] == ["Асан-Уулу"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_on_sqlite_the_search_asks_the_index(people):
    query = str(Educator.objects.search("өмүр", viewer=SYSTEM).query)

    assert f"FROM {names.TABLE} WHERE {names.TABLE} MATCH" in query


def test_the_index_follows_new_changed_and_removed_names(people):
    educator = Educator.objects.get(surname="Токтогулова")

    educator.surname = "Сыдыкова"
    educator.save()
    Educator.objects.filter(surname="Үсөнов").delete()
    EducatorFactory(surname="Жээнбекова", first_name="Гүлнара", patronymic="")

    assert (found("токто"), found("сыды"), found("үсө"), found("жээн гүл")) == (
        [], ["Сыдыкова"], [], ["Жээнбекова"]
    )  # fmt: skip


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_the_index_keeps_its_triggers_after_every_migration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}

    assert set(names.TRIGGERS) <= triggers


def test_the_registry_list_finds_by_kyrgyz_letters_in_any_case(client, people):
    client.force_login(user_with_role("ministry", Role.MINISTRY))

    page = client.get(reverse("registry:educator_list"), {"q": "ҮСӨН эр"})

    assert [e.surname for e in page.context["page"]] == ["Үсөнов"]
