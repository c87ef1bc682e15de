"""Getting a place through the pages: the teacher applies, the cabinet nominates and confirms,
the principal releases; each role sees only its own."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.accounts.models import User
from cheber.core.access import Role
from cheber.delivery import actions
from cheber.delivery.models import Enrolment
from cheber.registry.models import Employment, Position, Specialization, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    employ,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference", "today", "english")


def teacher_in(school, **fields):
    educator = EducatorFactory(**fields)
    employ(educator, school)
    return educator


def user_of(educator):
    """The educator's teacher account, made on first use."""
    existing = User.objects.filter(role_assignments__educator=educator).first()
    return existing or user_with_role(f"t{educator.pk}", Role.TEACHER, educator=educator)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Applying -----------------------------------------------------------------------------------


def test_teacher_applies_for_a_budget_place_and_is_enrolled(client, school):
    session = factories.session(budget=2, contract=0)
    educator = teacher_in(school)
    client.force_login(user_of(educator))

    response = client.post(
        reverse("delivery:apply", args=[session.pk]), {"funding": "budget"}, follow=True
    )

    assert response.redirect_chain == [(reverse("delivery:my_courses"), 302)]
    title = session.programme.title_en
    assert messages_of(response) == [f"Your request for “{title}”: enrolled."]
    enrolment = Enrolment.objects.get()
    assert (enrolment.educator, enrolment.state, enrolment.funding, enrolment.origin) == (
        educator, "enrolled", "budget", "application",
    )  # fmt: skip
    assert [e.pk for e in response.context["courses"].upcoming] == [enrolment.pk]


def test_teacher_is_waitlisted_when_the_session_is_full(client, school, methodist):
    session = factories.session(budget=1, contract=0)
    actions.nominate_educator(actor=methodist, session=session, educator=teacher_in(school))
    educator = teacher_in(school)
    client.force_login(user_of(educator))

    response = client.post(
        reverse("delivery:apply", args=[session.pk]), {"funding": "budget"}, follow=True
    )

    title = session.programme.title_en
    assert messages_of(response) == [f"Your request for “{title}”: waitlisted, number 1."]
    assert Enrolment.objects.get(educator=educator).waitlist_position == 1
    assert [e.educator_id for e in response.context["courses"].waitlisted] == [educator.pk]


def test_contract_choice_shows_the_price_and_missing_funding_is_named(client, school):
    session = factories.session(
        budget=0, contract=3, programme=factories.programme(contract_price=4500)
    )
    client.force_login(user_of(teacher_in(school)))

    response = client.post(reverse("delivery:apply", args=[session.pk]), {})

    form = response.context["apply_form"]
    assert list(form.fields["funding"].choices) == [("contract", "contract place, 4,500 som")]
    assert form.errors == {"funding": ["This field is required."]}
    assert not Enrolment.objects.exists()


def test_teacher_cannot_apply_for_someone_else(client, school):
    session = factories.session()
    me, colleague = teacher_in(school), teacher_in(school)
    client.force_login(user_of(me))

    client.post(
        reverse("delivery:apply", args=[session.pk]),
        {"funding": "budget", "educator": colleague.pk},
    )

    assert list(Enrolment.objects.values_list("educator_id", flat=True)) == [me.pk]


def test_only_a_teacher_applies_and_only_to_a_visible_session(client, school, methodist):
    draft = factories.session(provider_org=factories.provider("OSH-IE"), status="draft")
    published = factories.session()
    client.force_login(user_of(teacher_in(school)))

    hidden = client.post(reverse("delivery:apply", args=[draft.pk]), {"funding": "budget"})
    client.force_login(methodist)
    not_a_teacher = client.post(
        reverse("delivery:apply", args=[published.pk]), {"funding": "budget"}
    )

    assert (hidden.status_code, not_a_teacher.status_code) == (404, 403)
    assert not Enrolment.objects.exists()


def test_session_detail_shows_places_quotas_and_the_teachers_own_request(
    client, school, methodist, other_school
):
    session = factories.session(budget=5, contract=2, quotas={KOCHKOR: 2, AT_BASHY: 1})
    educator = teacher_in(school)
    actions.nominate_educator(actor=methodist, session=session, educator=educator)
    client.force_login(user_of(educator))

    response = client.get(reverse("delivery:session_detail", args=[session.pk]))

    context = response.context
    assert context["places"] == {
        "budget": 1, "contract": 0, "waiting": 0, "budget_left": 4, "contract_left": 2,
    }  # fmt: skip
    assert [(q.unit.soate, q.places, q.taken) for q in context["quotas"]] == [
        (AT_BASHY, 1, 0), (KOCHKOR, 2, 1),
    ]  # fmt: skip
    assert context["own"].state == "enrolled"
    assert "apply_form" not in context
    assert reverse("delivery:enrolment_detail", args=[context["own"].pk]) in response.text


def test_methodist_sees_their_quota_and_provider_staff_their_links(client, methodist):
    session = factories.session(quotas={KOCHKOR: 3, AT_BASHY: 1})
    staff = user_with_role("naryn", Role.PROVIDER_STAFF, organization=factories.provider())
    client.force_login(methodist)

    as_methodist = client.get(reverse("delivery:session_detail", args=[session.pk]))
    client.force_login(staff)
    as_provider = client.get(reverse("delivery:session_detail", args=[session.pk]))

    assert [q.unit.soate for q in as_methodist.context["my_quotas"]] == [KOCHKOR]
    assert reverse("delivery:nominate", args=[session.pk]) in as_methodist.text
    assert reverse("delivery:roster", args=[session.pk]) not in as_methodist.text
    assert reverse("delivery:roster", args=[session.pk]) in as_provider.text
    assert reverse("schedule:session_edit", args=[session.pk]) in as_provider.text


# Nominating --------------------------------------------------------------------------------


def trained(educator, year: int):
    TrainingRecord.objects.create(
        educator=educator, provider_name="РИПК", title="Курс", hours=72, form="stationary",
        start_date=dt.date(year, 3, 1), end_date=dt.date(year, 3, 12),
    )  # fmt: skip
    return educator


def test_methodist_nominates_from_the_overdue_list_in_order(
    client, methodist, school, other_school
):
    maths = Specialization.objects.get(code="mathematics")
    session = factories.session(programme=factories.programme())
    session.programme.specializations.set([maths])
    recent = trained(teacher_in(school, surname="Бакирова"), 2024)
    never = teacher_in(school, surname="Асанова")
    old = trained(teacher_in(school, surname="Жумабаева"), 2019)
    for educator in (recent, never, old):
        educator.specializations.add(maths)
    teacher_in(school, surname="Иманова")  # teaches no mathematics
    teacher_in(other_school, surname="Токтогулова").specializations.add(maths)
    client.force_login(methodist)
    url = reverse("delivery:nominate", args=[session.pk])

    listed = client.get(url)
    response = client.post(url, {"educators": [never.pk, old.pk]}, follow=True)

    page = listed.context["page"]
    assert [e.pk for e in page] == [never.pk, old.pk, recent.pk]
    assert [e.years_since for e in page] == [None, 7, 2]
    assert "12.03.2019" in listed.text
    assert sorted(Enrolment.objects.values_list("educator_id", "state")) == sorted(
        [(never.pk, "enrolled"), (old.pk, "enrolled")]
    )
    assert [e.pk for e in response.context["page"]] == [recent.pk]


def test_nominate_list_takes_the_job_specialization_and_searches_by_name(client, methodist, school):
    maths = Specialization.objects.get(code="mathematics")
    session = factories.session()
    session.programme.specializations.set([maths])
    by_job = EducatorFactory(surname="Асанова")
    Employment.objects.create(
        educator=by_job, organization=school, position=Position.objects.get(code="teacher"),
        specialization=maths, start_date=dt.date(2015, 9, 1),
    )  # fmt: skip
    other = teacher_in(school, surname="Бакирова")
    other.specializations.add(maths)
    client.force_login(methodist)

    response = client.get(reverse("delivery:nominate", args=[session.pk]), {"q": "Асан"})
    fragment = client.get(
        reverse("delivery:nominate", args=[session.pk]), {"q": "Бак"}, HTTP_HX_REQUEST="true"
    )

    assert [e.pk for e in response.context["page"]] == [by_job.pk]
    assert fragment.text.lstrip().startswith('<div id="results">')
    assert other.full_name in fragment.text


def test_methodist_cannot_nominate_outside_their_district(client, methodist, school, other_school):
    session = factories.session()
    # Works in Kochkor too (so the cabinet sees her), but her main job is in At-Bashy.
    elsewhere = EducatorFactory(surname="Токтогулова", first_name="Нургүл")
    employ(elsewhere, other_school)
    Employment.objects.create(
        educator=elsewhere, organization=school, position=Position.objects.get(code="teacher"),
        start_date=dt.date(2020, 9, 1),
    )  # fmt: skip
    ours = teacher_in(school)
    client.force_login(methodist)
    url = reverse("delivery:nominate", args=[session.pk])

    response = client.post(url, {"educators": [elsewhere.pk, ours.pk]})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{elsewhere.full_name}: The educator does not work in your district."
    ]
    assert list(Enrolment.objects.values_list("educator_id", flat=True)) == [ours.pk]


def test_methodist_cannot_nominate_an_educator_they_cannot_see(client, methodist, other_school):
    session = factories.session()
    stranger = teacher_in(other_school)
    client.force_login(methodist)

    response = client.post(
        reverse("delivery:nominate", args=[session.pk]), {"educators": [stranger.pk]}
    )

    assert response.context["form"].errors == {
        "educators": ["One of the chosen educators is not among those you can see."]
    }
    assert not Enrolment.objects.exists()


def test_only_a_methodist_opens_the_nominate_page(client, school):
    session = factories.session()
    client.force_login(user_of(teacher_in(school)))

    response = client.get(reverse("delivery:nominate", args=[session.pk]))

    assert response.status_code == 403


def test_nominate_list_is_free_of_n_plus_1(client, methodist, school, django_assert_num_queries):
    session = factories.session()
    trained(teacher_in(school), 2020)
    client.force_login(methodist)
    url = reverse("delivery:nominate", args=[session.pk])
    one = query_count(client, url)
    trained(teacher_in(school), 2018)
    teacher_in(school)

    with django_assert_num_queries(one):
        response = client.get(url)

    assert len(response.context["page"]) == 3
