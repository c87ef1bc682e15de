"""The full PIN and birth date only for those who keep the educator's registry (district
methodist, oblast coordinator of the place of work), administrators and the educator; masked
for everyone else, on the pages and in the exports. Each look is in the access log."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.models import PersonalDataAccess
from cheber.registry.models import Educator
from cheber.registry.privacy import mask_birth_date, mask_pin
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def teacher():
    school = OrganizationFactory(unit=unit(KOCHKOR), name_ky="Кочкор мектеби")
    educator = EducatorFactory(surname="Жакыпова")
    employ(educator, school)
    return educator


def users(school) -> dict:
    return {
        "methodist": user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)),
        "oblast": user_with_role("o", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)),
        "principal": user_with_role("p", Role.PRINCIPAL, organization=school),
        "ministry": user_with_role("n", Role.MINISTRY),
        "auditor": user_with_role("a", Role.AUDITOR),
        "other_methodist": user_with_role("x", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY)),
    }


def page(client, user, educator: Educator) -> str:
    client.force_login(user)
    response = client.get(reverse("registry:educator_detail", args=[educator.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_masks_hide_the_birth_date_the_pin_carries():
    assert mask_pin("12402198000054") == "1•••••••••••54"
    assert "24021980" not in mask_pin("12402198000054")
    assert mask_birth_date(dt.date(1980, 2, 24)) == "••.••.1980"


@pytest.mark.parametrize(
    ("who", "full"),
    [("methodist", True), ("oblast", True), ("principal", False), ("ministry", False),
     ("auditor", False)],
)  # fmt: skip
def test_the_record_shows_the_pin_in_full_only_to_the_registry_keepers(client, teacher, who, full):
    school = teacher.employments.get().organization

    html = page(client, users(school)[who], teacher)

    birth = f"{teacher.birth_date:%d.%m.%Y}"
    assert (teacher.pin in html, birth in html) == (full, full)
    assert (mask_pin(teacher.pin) in html) == (not full)


def test_the_educator_sees_their_own_pin_and_their_look_is_not_logged(client, teacher):
    user = user_with_role("self", Role.TEACHER, educator=teacher)

    html = page(client, user, teacher)

    assert teacher.pin in html
    assert not PersonalDataAccess.objects.exists()


def test_a_principal_edits_the_record_without_seeing_or_changing_the_pin(client, teacher):
    school = teacher.employments.get().organization
    client.force_login(users(school)["principal"])
    url = reverse("registry:educator_edit", args=[teacher.pk])

    form = client.get(url).context["form"]

    assert "pin" not in form.fields and "birth_date" not in form.fields
    assert teacher.pin not in client.get(url).content.decode()


def test_the_list_masks_for_a_principal_and_not_for_the_methodist(client, teacher):
    school = teacher.employments.get().organization
    who = users(school)

    client.force_login(who["principal"])
    masked = client.get(reverse("registry:educator_list")).content.decode()
    client.force_login(who["methodist"])
    full = client.get(reverse("registry:educator_list")).content.decode()

    assert (teacher.pin in masked, mask_pin(teacher.pin) in masked) == (False, True)
    assert teacher.pin in full


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_masks_for_a_principal_and_is_logged_with_its_filter(client, teacher):
    school = teacher.employments.get().organization
    principal = users(school)["principal"]
    client.force_login(principal)

    rows = read_csv(client.get(reverse("registry:educator_export"), {"q": "Жакып"}))

    assert [row[0] for row in rows[1:]] == [mask_pin(teacher.pin)]
    assert rows[1][5] == mask_birth_date(teacher.birth_date)
    [access] = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.what, access.rows, access.filters) == (
        principal,
        "export",
        "registry:educator_export",
        1,
        {"q": "Жакып"},
    )


def test_an_export_neutralises_cells_that_would_run_as_formulas(client, teacher):
    Educator.objects.filter(pk=teacher.pk).update(patronymic="=HYPERLINK(1)")
    client.force_login(users(teacher.employments.get().organization)["methodist"])

    rows = read_csv(client.get(reverse("registry:educator_export")))

    assert rows[1][3] == "'=HYPERLINK(1)"


def test_opening_a_record_is_logged_with_who_and_which(client, teacher):
    ministry = users(teacher.employments.get().organization)["ministry"]

    page(client, ministry, teacher)
    client.get(reverse("certificates:educator_certificates", args=[teacher.pk]))

    logged = PersonalDataAccess.objects.order_by("pk").values_list(
        "user__username", "kind", "what", "object_type", "object_id"
    )
    assert list(logged) == [
        ("n", "record", "registry:educator_detail", "registry.educator", str(teacher.pk)),
        ("n", "record", "certificates:educator_certificates", "registry.educator",
         str(teacher.pk)),
    ]  # fmt: skip


def test_out_of_scope_record_is_404_and_not_logged(client, teacher):
    client.force_login(users(teacher.employments.get().organization)["other_methodist"])

    response = client.get(reverse("registry:educator_detail", args=[teacher.pk]))

    assert response.status_code == 404
    assert teacher.pin not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()
