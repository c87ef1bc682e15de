"""The list of people behind a number: filters, order, pagination, and the Excel exports."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cheber.compliance import lists
from cheber.compliance.tests.test_dashboards import NOW, _fresh_cache, build_world  # noqa: F401
from cheber.core.access import Role
from cheber.registry.tests.factories import AT_BASHY, KOCHKOR, NARYN_OBLAST, unit, user_with_role


@pytest.fixture
def world(reference):
    """The nine educators of test_dashboards, judged on 10 March 2026."""
    with time_machine.travel(NOW, tick=False):
        yield build_world()


@pytest.fixture
def ministry(db):
    return user_with_role("ministry", Role.MINISTRY)


def surnames(response) -> list[str]:
    return [row.educator.surname for row in response.context["page"]]


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_overdue_list_puts_the_longest_overdue_first(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("compliance:educator_list"), {"status": "overdue"})

    names = world.names
    assert surnames(response) == [names["G"], names["C"], names["H"]]


def test_overdue_by_years_keeps_only_the_long_overdue(client, world, ministry):
    client.force_login(ministry)
    naryn = unit(NARYN_OBLAST)

    three = client.get(reverse("compliance:educator_list"), {"overdue_years": 3})
    five = client.get(reverse("compliance:educator_list"), {"overdue_years": 5, "region": naryn.pk})

    assert surnames(three) == [world.names["G"], world.names["C"]]  # due 2020-09-01 and 2023-01-15
    assert surnames(five) == [world.names["G"]]


def test_list_filters_by_dimension_and_level(client, world, ministry):
    client.force_login(ministry)

    urban = client.get(reverse("compliance:educator_list"), {"locality": "urban"})
    uzbek = client.get(reverse("compliance:educator_list"), {"language": "uz"})
    kochkor_never = client.get(
        reverse("compliance:educator_list"),
        {"unit": unit(KOCHKOR).pk, "status": "never_trained"},
    )
    unrecorded = client.get(
        reverse("compliance:educator_list"),
        {"organization": world.kochkor_school.pk, "specialization": "none"},
    )

    assert sorted(surnames(urban)) == [world.names["F"], world.names["G"]]
    assert sorted(surnames(uzbek)) == [world.names["H"], world.names["I"]]
    assert surnames(kochkor_never) == [world.names["D"]]
    assert sorted(surnames(unrecorded)) == [world.names[x] for x in "CDE"]


def test_list_shows_the_columns_of_a_person(client, world, ministry):
    client.cookies["cheber_language"] = "en"
    client.force_login(ministry)

    html = client.get(
        reverse("compliance:educator_list"), {"unit": unit(AT_BASHY).pk, "status": "overdue"}
    ).content.decode()

    assert world.names["G"] in html
    assert "Secondary school" in html  # the factory's English name, in English
    assert "01.09.2010" in html  # last counting training
    assert "01.09.2020" in html  # due date: five years from hiring (training before it)
    assert "overdue by 5\xa0years, 6\xa0months" in html


def test_list_is_paginated(client, world, ministry, monkeypatch):
    monkeypatch.setattr("cheber.compliance.views.dashboards.PAGE_SIZE", 4)
    client.force_login(ministry)

    second = client.get(reverse("compliance:educator_list"), {"page": 2})

    assert second.context["page"].paginator.num_pages == 3
    assert len(second.context["page"]) == 4


def test_excel_export_holds_exactly_the_filtered_rows(client, world, ministry):
    client.force_login(ministry)
    params = {"region": unit(NARYN_OBLAST).pk, "status": "overdue"}

    listed = surnames(client.get(reverse("compliance:educator_list"), params))
    rows = sheet_rows(client.get(reverse("compliance:educator_list_xlsx"), params))

    assert [row[0] for row in rows[1:]] == listed == [world.names["G"], world.names["C"]]
    assert rows[1][4] == "Ат-Башы мектеби"
    assert str(rows[1][7]).startswith("2010-09-01")


def test_excel_export_of_a_principal_has_only_their_school(client, world):
    principal = user_with_role("director", Role.PRINCIPAL, organization=world.at_bashy_school)
    client.force_login(principal)

    rows = sheet_rows(client.get(reverse("compliance:educator_list_xlsx")))

    assert sorted(row[0] for row in rows[1:]) == [world.names["F"], world.names["G"]]


def test_too_long_an_export_asks_to_narrow_the_list(client, world, ministry, monkeypatch):
    monkeypatch.setattr(lists, "XLSX_LIMIT", 5)
    client.cookies["cheber_language"] = "en"
    client.force_login(ministry)

    response = client.get(
        reverse("compliance:educator_list_xlsx"), {"locality": "rural"}, follow=True
    )

    assert response.redirect_chain[0][0] == reverse("compliance:educator_list") + "?locality=rural"
    assert "The list has 7 educators; an Excel file holds at most 5." in response.content.decode()


def test_breakdown_export_has_the_rows_of_the_table(client, world, ministry):
    client.force_login(ministry)

    rows = sheet_rows(client.get(reverse("compliance:breakdown_xlsx"), {"table": "children"}))
    by_language = sheet_rows(
        client.get(
            reverse("compliance:breakdown_xlsx"),
            {"table": "language", "region": unit(NARYN_OBLAST).pk},
        )
    )

    assert rows[1:] == [
        ("Нарын облусу", 7, 2, 1, 2, 1, 1, 42.9),
        ("Ош шаары", 2, 1, 0, 1, 0, 0, 50.0),
    ]
    assert [row[1] for row in by_language[1:]] == [5, 2]


def test_trend_export_and_unknown_tables(client, world, ministry):
    client.force_login(ministry)
    kochkor = unit(KOCHKOR).pk

    trend = sheet_rows(
        client.get(reverse("compliance:breakdown_xlsx"), {"table": "trend", "unit": kochkor})
    )
    unknown = client.get(reverse("compliance:breakdown_xlsx"), {"table": "salaries"})

    assert trend[-1] == (2025, 5, 2, 40.0)
    assert unknown.status_code == 404
