"""A district methodist sees their district and nothing else; same for every scope."""

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.registry.models import Organization
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    OSH_CITY,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def two_districts():
    kochkor_school = OrganizationFactory(unit=unit(KOCHKOR))
    at_bashy_school = OrganizationFactory(unit=unit(AT_BASHY))
    osh_school = OrganizationFactory(unit=unit(OSH_CITY), locality=Organization.Locality.URBAN)
    ours = EducatorFactory(surname="Асанова")
    theirs = EducatorFactory(surname="Асанбекова")
    far = EducatorFactory(surname="Асылбекова")
    employ(ours, kochkor_school)
    employ(theirs, at_bashy_school)
    employ(far, osh_school)
    return {"ours": ours, "theirs": theirs, "far": far, "kochkor_school": kochkor_school,
            "at_bashy_school": at_bashy_school, "osh_school": osh_school}  # fmt: skip


@pytest.fixture
def methodist(client):
    user = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(user)
    return user


def test_methodist_lists_only_their_district(client, methodist, two_districts):
    response = client.get(reverse("registry:educator_list"), {"q": "Ас"})

    assert [e.pk for e in response.context["page"]] == [two_districts["ours"].pk]


def test_methodist_cannot_open_another_districts_educator(client, methodist, two_districts):
    theirs = reverse("registry:educator_detail", args=[two_districts["theirs"].pk])
    ours = reverse("registry:educator_detail", args=[two_districts["ours"].pk])

    assert client.get(theirs).status_code == 404
    assert client.get(ours).status_code == 200


def test_methodist_export_holds_only_their_district(client, methodist, two_districts):
    response = client.get(reverse("registry:educator_export"))

    body = b"".join(response.streaming_content).decode("utf-8")
    assert two_districts["ours"].pin in body
    assert two_districts["theirs"].pin not in body
    assert two_districts["far"].pin not in body
    assert len(body.strip().splitlines()) == 2  # the header and one educator


def test_methodist_cannot_open_or_edit_another_districts_organization(
    client, methodist, two_districts
):
    other = two_districts["at_bashy_school"]

    assert client.get(reverse("registry:organization_detail", args=[other.pk])).status_code == 404
    edit = reverse("registry:educator_edit", args=[two_districts["theirs"].pk])
    assert client.post(edit, {"surname": "Хакер"}).status_code == 404


def test_oblast_coordinator_sees_every_district_of_the_oblast_only(client, two_districts):
    client.force_login(user_with_role("naryn", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)))

    response = client.get(reverse("registry:educator_list"))

    assert {e.pk for e in response.context["page"]} == {
        two_districts["ours"].pk,
        two_districts["theirs"].pk,
    }


def test_principal_sees_their_staff_only(client, two_districts):
    school = two_districts["osh_school"]
    client.force_login(user_with_role("principal", Role.PRINCIPAL, organization=school))

    response = client.get(reverse("registry:educator_list"))

    assert [e.pk for e in response.context["page"]] == [two_districts["far"].pk]


def test_teacher_sees_only_themself_not_colleagues(client, two_districts):
    colleague = EducatorFactory(surname="Бакирова")
    employ(colleague, two_districts["kochkor_school"])
    me = two_districts["ours"]
    client.force_login(user_with_role("teacher", Role.TEACHER, educator=me))

    listing = client.get(reverse("registry:educator_list"))
    other = client.get(reverse("registry:educator_detail", args=[colleague.pk]))

    assert [e.pk for e in listing.context["page"]] == [me.pk]
    assert other.status_code == 404
    assert client.get(reverse("registry:educator_detail", args=[me.pk])).status_code == 200


def test_national_role_sees_everyone(client, two_districts):
    client.force_login(user_with_role("ministry", Role.MINISTRY))

    response = client.get(reverse("registry:educator_list"), {"q": "Ас"})

    assert response.context["page"].paginator.count == 3


def test_user_without_role_sees_nothing(client, two_districts):
    from cheber.accounts.models import User

    client.force_login(User.objects.create_user("nobody", password="x"))

    response = client.get(reverse("registry:educator_list"))

    assert response.context["page"].paginator.count == 0


def test_anonymous_visitor_is_sent_to_log_in(client, two_districts):
    response = client.get(reverse("registry:educator_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_educator_list_makes_the_same_queries_for_one_or_three_rows(
    client, methodist, django_assert_num_queries
):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    employ(EducatorFactory(), school)
    url = reverse("registry:educator_list")
    client.get(url)  # warm the session and the user's scope (one query of their roles a request)

    with django_assert_num_queries(6) as one:
        client.get(url)
    employ(EducatorFactory(), school)
    employ(EducatorFactory(), school)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_organization_list_makes_the_same_queries_for_one_or_three_rows(
    client, methodist, django_assert_num_queries
):
    url = reverse("registry:organization_list")
    OrganizationFactory(unit=unit(KOCHKOR))
    client.get(url)
    with django_assert_num_queries(5) as one:
        client.get(url)
    OrganizationFactory(unit=unit(KOCHKOR))
    OrganizationFactory(unit=unit(KOCHKOR))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
