"""The programme catalogue through HTTP: a provider proposes, the institute approves."""

import pytest
from django.urls import reverse

from cheber.catalog.models import Module, Programme
from cheber.core.access import Role
from cheber.registry.models import Specialization
from cheber.registry.tests.factories import (
    EducatorFactory,
    OrganizationFactory,
    employ,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
Status = Programme.Status


@pytest.fixture
def naryn():
    return factories.provider("NRN-MC")


@pytest.fixture
def osh():
    return factories.provider("OSH-IE")


@pytest.fixture
def naryn_staff(naryn):
    return user_with_role("naryn_staff", Role.PROVIDER_STAFF, organization=naryn)


@pytest.fixture
def institute():
    return user_with_role("institute", Role.NATIONAL_INSTITUTE)


def programme_data(provider, **overrides) -> dict:
    data = {
        "provider": provider.pk,
        "code": "NRN-STEAM-1",
        "title_ky": "STEAM сабактары",
        "title_ru": "Уроки STEAM",
        "title_en": "",
        "description_ky": "Долбоорлук окутуу.",
        "description_ru": "Проектное обучение.",
        "description_en": "",
        "kind": "qualification",
        "hours": "72",
        "form": "stationary",
        "assessment": "project",
        "languages": ["ky", "ru"],
        "themes": ["steam", "ict"],
        "specializations": [Specialization.objects.get(code="primary_teacher").pk],
        "contract_price": "4500",
        "modules-TOTAL_FORMS": "3",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "40",
        "modules-0-title_ky": "Негиздер",
        "modules-0-title_ru": "Основы",
        "modules-0-hours": "40",
        "modules-1-title_ky": "Практика",
        "modules-1-title_ru": "Практика",
        "modules-1-hours": "32",
        "modules-1-is_online": "on",
    }
    data.update(overrides)
    return data


def test_provider_proposes_a_draft_with_its_modules(client, naryn, naryn_staff):
    client.force_login(naryn_staff)

    response = client.post(reverse("catalog:programme_create"), programme_data(naryn))

    programme = Programme.objects.get(code="NRN-STEAM-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:programme_detail", args=[programme.pk])
    assert (programme.status, programme.provider, programme.created_by) == (
        Status.DRAFT, naryn, naryn_staff,
    )  # fmt: skip
    assert programme.languages == ["ky", "ru"]
    assert programme.themes == ["steam", "ict"]
    assert list(programme.specializations.values_list("code", flat=True)) == ["primary_teacher"]
    assert list(programme.modules.values_list("order", "title_ru", "hours", "is_online")) == [
        (1, "Основы", 40, False),
        (2, "Практика", 32, True),
    ]


def test_module_hours_that_do_not_add_up_are_refused_naming_the_hours(client, naryn, naryn_staff):
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("catalog:programme_create"), programme_data(naryn, **{"modules-1-hours": "30"})
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "hours": ["The modules add up to 70 hours, the programme has 72."]
    }
    assert not Programme.objects.exists()
    assert not Module.objects.exists()


def test_russian_title_and_a_language_are_required(client, naryn, naryn_staff):
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("catalog:programme_create"), programme_data(naryn, title_ru="", languages=[])
    )

    errors = response.context["form"].errors
    assert errors["title_ru"] == ["This field is required."]
    assert errors["languages"] == ["Name at least one language of instruction."]
    assert not Programme.objects.exists()


def test_a_programme_needs_at_least_one_module(client, naryn, naryn_staff):
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"
    data = programme_data(naryn)
    for key in [k for k in data if k.startswith("modules-") and k[8].isdigit()]:
        del data[key]

    response = client.post(reverse("catalog:programme_create"), data)

    assert response.context["modules"].non_form_errors() == ["Add at least one module."]
    assert not Programme.objects.exists()


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-1", "1\x00"])
def test_a_specialization_no_row_could_have_is_refused_naming_the_field(
    client, naryn, naryn_staff, value
):
    client.force_login(naryn_staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("catalog:programme_create"), programme_data(naryn, specializations=[value])
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["specializations"]
    assert not Programme.objects.exists()


def test_provider_cannot_propose_for_another_provider(client, naryn_staff, osh):
    client.force_login(naryn_staff)

    response = client.post(reverse("catalog:programme_create"), programme_data(osh))

    assert "provider" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_teacher_cannot_propose(client):
    school = OrganizationFactory()
    educator = EducatorFactory()
    employ(educator, school)
    client.force_login(user_with_role("teacher", Role.TEACHER, educator=educator))

    assert client.get(reverse("catalog:programme_create")).status_code == 403


def test_institute_approves_a_draft(client, naryn, institute):
    draft = factories.programme(naryn, status=Status.DRAFT)
    client.force_login(institute)

    response = client.post(reverse("catalog:programme_approve", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.status, draft.approved_by) == (Status.APPROVED, institute)
    assert draft.approved_at is not None
    page = client.get(reverse("catalog:programme_detail", args=[draft.pk]))
    assert page.context["can_approve"] is False


def test_provider_cannot_approve_its_own_draft(client, naryn, naryn_staff):
    draft = factories.programme(naryn, status=Status.DRAFT)
    client.force_login(naryn_staff)

    response = client.post(reverse("catalog:programme_approve", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 403
    assert draft.status == Status.DRAFT


def test_approve_is_post_only(client, naryn, institute):
    draft = factories.programme(naryn, status=Status.DRAFT)
    client.force_login(institute)

    assert client.get(reverse("catalog:programme_approve", args=[draft.pk])).status_code == 405


def test_another_providers_draft_is_not_found(client, osh, naryn_staff):
    theirs = factories.programme(osh, status=Status.DRAFT)
    client.force_login(naryn_staff)

    for name in ("programme_detail", "programme_edit", "programme_approve", "programme_archive"):
        url = reverse(f"catalog:{name}", args=[theirs.pk])
        response = client.post(url) if name.endswith(("approve", "archive")) else client.get(url)
        assert response.status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT


def test_provider_edits_its_draft_and_its_modules(client, naryn, naryn_staff):
    client.force_login(naryn_staff)
    client.post(reverse("catalog:programme_create"), programme_data(naryn))
    programme = Programme.objects.get()
    form_page = client.get(reverse("catalog:programme_edit", args=[programme.pk]))
    data = programme_data(
        naryn, title_ru="Уроки STEAM в сельской школе", hours="80",
        **{"modules-INITIAL_FORMS": "2", "modules-1-hours": "40"},
    )  # fmt: skip
    del data["provider"]

    response = client.post(reverse("catalog:programme_edit", args=[programme.pk]), data)

    programme.refresh_from_db()
    assert form_page.context["modules"].initial[0]["title_ru"] == "Основы"
    assert response.status_code == 302
    assert (programme.title_ru, programme.hours, programme.provider) == (
        "Уроки STEAM в сельской школе", 80, naryn,
    )  # fmt: skip
    assert list(programme.modules.values_list("hours", flat=True)) == [40, 40]


def test_approved_programme_cannot_be_edited(client, naryn, naryn_staff):
    approved = factories.programme(naryn)
    client.force_login(naryn_staff)

    response = client.get(reverse("catalog:programme_edit", args=[approved.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:programme_detail", args=[approved.pk])


def test_provider_archives_its_programme(client, naryn, naryn_staff):
    approved = factories.programme(naryn)
    client.force_login(naryn_staff)

    client.post(reverse("catalog:programme_archive", args=[approved.pk]))

    approved.refresh_from_db()
    assert approved.status == Status.ARCHIVED


def test_list_shows_approved_to_all_and_drafts_to_their_provider(
    client, naryn, osh, naryn_staff, institute
):
    approved = factories.programme(osh)
    ours = factories.programme(naryn, status=Status.DRAFT)
    theirs = factories.programme(osh, status=Status.DRAFT)
    teacher_school = OrganizationFactory()
    educator = EducatorFactory()
    employ(educator, teacher_school)
    teacher = user_with_role("teacher", Role.TEACHER, educator=educator)
    url = reverse("catalog:programme_list")

    seen = {}
    for user in (teacher, naryn_staff, institute):
        client.force_login(user)
        seen[user.username] = {p.pk for p in client.get(url).context["page"]}

    assert seen == {
        "teacher": {approved.pk},
        "naryn_staff": {approved.pk, ours.pk},
        "institute": {approved.pk, ours.pk, theirs.pk},
    }


def test_list_filters_by_text_type_theme_form_and_status(client, naryn, institute):
    wanted = factories.programme(
        naryn, title_ru="Инклюзия в школе", kind="seminar", themes=["inclusive"], form="mobile"
    )
    factories.programme(naryn, title_ru="Инклюзия в детском саду", themes=["preschool"])
    factories.programme(naryn, title_ru="Инклюзия", kind="seminar", status=Status.DRAFT)
    client.force_login(institute)

    response = client.get(
        reverse("catalog:programme_list"),
        {"q": "Инклюз", "kind": "seminar", "theme": "inclusive", "form": "mobile",
         "status": "approved"},
    )  # fmt: skip

    assert [p.pk for p in response.context["page"]] == [wanted.pk]


def test_detail_shows_modules_languages_and_approval(client, naryn, institute):
    programme = factories.programme(naryn, title_en="STEAM lessons", approved_by=institute)
    Module.objects.create(programme=programme, order=1, title_ky="Бир", title_ru="Один",
                          title_en="One", hours=72)  # fmt: skip
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("catalog:programme_detail", args=[programme.pk]))

    body = response.content.decode()
    assert "<h1>STEAM lessons</h1>" in body
    assert "One" in body
    assert response.context["language_labels"] == ["Kyrgyz", "Russian"]
    assert f"approved by {institute}" in body
    assert response.context["can_archive"] is True


def test_programme_list_makes_the_same_queries_for_one_or_three_rows(
    client, naryn, naryn_staff, django_assert_num_queries
):
    client.force_login(naryn_staff)
    url = reverse("catalog:programme_list")
    factories.programme(naryn)
    client.get(url)

    with django_assert_num_queries(5) as one:
        client.get(url)
    factories.programme(factories.provider("OSH-IE"))
    factories.programme(naryn, status=Status.DRAFT)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 3
