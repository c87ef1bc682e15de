"""A teacher's own status page: the status in words, the next due date, why, and the courses
that would satisfy the rule (under the policies the migrations seed: one course of at least 72
hours in 60 months; qualification improvement and retraining count)."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.compliance.views import planning
from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.registry.models import Employment, Position, Specialization, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)
from cheber.schedule.tests.factories import programme, provider, session

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
NARYN_TOWN = "41704400000010"
OSH_CITY = "41721000000000"
pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    return dt.date(2026, 11, 22)


def spec(code: str) -> Specialization:
    return Specialization.objects.get(code=code)


def job(educator, school, specialization, start=dt.date(2010, 9, 1)):
    return Employment.objects.create(
        educator=educator, organization=school, position=Position.objects.get(code="teacher"),
        specialization=specialization, start_date=start,
    )  # fmt: skip


def course(educator, end: dt.date, hours: int = 72, kind: str = "qualification"):
    TrainingRecord.objects.create(
        educator=educator, provider_name="КББИ", title="Функционалдык сабаттуулук", hours=hours,
        start_date=end - dt.timedelta(days=11), end_date=end, form="stationary", kind=kind,
    )  # fmt: skip


@pytest.fixture
def maths_teacher(client):
    """A Kyrgyz-language maths teacher in Kochkor, last trained in May 2020: overdue."""
    educator = EducatorFactory(surname="Өмүрбекова")
    job(educator, OrganizationFactory(unit=unit(KOCHKOR), languages=["ky"]), spec("mathematics"))
    course(educator, dt.date(2020, 5, 1))
    client.force_login(user_with_role("teacher", Role.TEACHER, educator=educator))
    client.cookies["cheber_language"] = "en"
    return educator


def for_maths(**fields):
    made = programme(**fields)
    made.specializations.set([spec("mathematics")])
    return made


def test_overdue_teacher_sees_how_long_and_why(client, maths_teacher):
    response = client.get(reverse("compliance:my_status"))

    row = response.context["row"]
    assert (row.status, row.due_date) == ("overdue", dt.date(2025, 5, 1))
    assert response.context["overdue_years"] == 1
    page = response.content.decode()
    assert "Your training is overdue by 1 year: it was due by 01.05.2025." in page
    assert "The last training that counts ended on 01.05.2020." in response.context["explanation"]
    assert "01.05.2020" in page  # last counting training


def test_a_course_card_shows_its_title_place_form_and_provider_in_the_language(
    client, maths_teacher
):
    near = session(programme=for_maths(), form="mobile", unit_soate=KOCHKOR,
                   start=dt.date(2027, 2, 1), budget=7, contract=0)  # fmt: skip
    online = session(programme=programme(form="online"), form="online", unit_soate=None,
                     start=dt.date(2027, 2, 8))  # fmt: skip

    page = {}
    for language in ("ky", "ru", "en"):
        client.cookies["cheber_language"] = language
        page[language] = client.get(reverse("compliance:my_status")).content.decode()

    for language in ("ky", "ru"):
        for shown in (near, online):
            assert getattr(shown.programme, f"title_{language}") in page[language]
            assert getattr(shown.provider, f"name_{language}") in page[language]
        assert getattr(near.unit, f"name_{language}") in page[language]
        assert "01.02.2027–12.02.2027" in page[language]
    card = page["en"].split('class="session-card"')[1]
    assert "7 free places" in card and "obile" in card, card


def test_sessions_that_count_nearest_first(client, maths_teacher):
    kochkor = session(programme=for_maths(), form="mobile", unit_soate=KOCHKOR,
                      start=dt.date(2027, 2, 1))  # fmt: skip
    oblast = session(programme=for_maths(), unit_soate=NARYN_TOWN, start=dt.date(2026, 12, 7))
    online = session(programme=programme(form="online"), form="online", unit_soate=None,
                     start=dt.date(2027, 1, 18))  # fmt: skip
    osh = provider("OSH-IE")
    elsewhere = session(provider_org=osh, programme=for_maths(provider_org=osh),
                        unit_soate=OSH_CITY, start=dt.date(2026, 12, 1))  # fmt: skip

    response = client.get(reverse("compliance:my_status"))

    assert [s.pk for s in response.context["sessions"]] == [
        kochkor.pk, oblast.pk, online.pk, elsewhere.pk
    ]  # fmt: skip
    assert reverse("delivery:session_detail", args=[kochkor.pk]) in response.content.decode()


def test_sessions_that_would_not_count_are_left_out(client, maths_teacher, today):
    session(programme=for_maths(), language="ru", unit_soate=KOCHKOR)  # not their language
    primary = programme()
    primary.specializations.set([spec("primary_teacher")])
    session(programme=primary, unit_soate=KOCHKOR)  # not their specialization
    session(programme=for_maths(kind="seminar"), unit_soate=KOCHKOR)  # a seminar does not count
    session(programme=for_maths(hours=36), unit_soate=KOCHKOR)  # too short for the rule
    issyk_kul = provider("IK-IE")  # a plan of its own, submitted, not yet approved
    session(provider_org=issyk_kul, programme=for_maths(provider_org=issyk_kul),
            unit_soate=KOCHKOR, status="submitted")  # fmt: skip
    session(programme=for_maths(), unit_soate=KOCHKOR, start=dt.date(2028, 2, 1))  # too far
    session(programme=for_maths(), unit_soate=KOCHKOR, start=dt.date(2026, 11, 20))  # started
    full = session(programme=for_maths(), unit_soate=KOCHKOR, budget=1, contract=0)
    Enrolment.objects.create(
        session=full, educator=EducatorFactory(), organization=maths_teacher.employments.get()
        .organization, unit=unit(KOCHKOR), funding="budget", origin="application",
        state="enrolled",
    )  # fmt: skip

    response = client.get(reverse("compliance:my_status"))

    assert response.context["sessions"] == []
    assert "No open course matches" in response.content.decode()


def test_second_job_brings_its_language_and_specialization(client, maths_teacher):
    job(maths_teacher, OrganizationFactory(unit=unit(AT_BASHY), languages=["ru"]),
        spec("primary_teacher"), start=dt.date(2019, 9, 1))  # fmt: skip
    primary = programme()
    primary.specializations.set([spec("primary_teacher")])
    russian = session(programme=primary, language="ru", unit_soate=AT_BASHY, form="mobile")

    response = client.get(reverse("compliance:my_status"))

    assert [s.pk for s in response.context["sessions"]] == [russian.pk]
    assert response.context["row"].status == "overdue"


def test_compliant_teacher_sees_the_next_due_date(client, maths_teacher):
    course(maths_teacher, dt.date(2024, 3, 15))

    response = client.get(reverse("compliance:my_status"))

    assert response.context["row"].status == "compliant"
    assert "Your next training is due by 15.03.2029." in response.content.decode()


def test_never_trained_teacher(client):
    educator = EducatorFactory()
    job(educator, OrganizationFactory(unit=unit(KOCHKOR)), spec("mathematics"), dt.date(2015, 9, 1))
    client.force_login(user_with_role("new", Role.TEACHER, educator=educator))
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("compliance:my_status"))

    assert response.context["row"].status == "never_trained"
    assert "No training that counts has been recorded for you." in response.content.decode()


def test_a_teacher_who_moved_schools_counts_their_duty_from_their_first_job(client):
    """The explanation's time since hiring runs from the first job, ended or not (as the
    status does); the courses are those of the job held now."""
    educator = EducatorFactory()
    first = job(educator, OrganizationFactory(unit=unit(AT_BASHY), languages=["ru"]),
                spec("mathematics"), dt.date(2015, 9, 1))  # fmt: skip
    first.end_date = dt.date(2024, 6, 30)
    first.save()
    job(educator, OrganizationFactory(unit=unit(KOCHKOR), languages=["ky"]), spec("mathematics"),
        dt.date(2024, 9, 1))  # fmt: skip
    here = session(programme=for_maths(), unit_soate=KOCHKOR)
    session(programme=for_maths(), language="ru", unit_soate=AT_BASHY)  # the school left
    client.force_login(user_with_role("moved", Role.TEACHER, educator=educator))
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("compliance:my_status"))

    row = response.context["row"]
    assert row.status == "never_trained" and row.due_date.year < 2024
    due = f"Next training due by {row.due_date:%d.%m.%Y}."
    assert due in response.context["explanation"]
    assert "New staff have time from their hiring date." in response.context["explanation"]
    assert [s.pk for s in response.context["sessions"]] == [here.pk]


def test_a_specialization_the_teacher_declared_brings_its_courses(client, maths_teacher):
    maths_teacher.specializations.add(spec("primary_teacher"))
    primary = programme()
    primary.specializations.set([spec("primary_teacher")])
    declared = session(programme=primary, unit_soate=KOCHKOR)

    response = client.get(reverse("compliance:my_status"))

    assert declared.pk in [s.pk for s in response.context["sessions"]]


def test_a_training_left_uncounted_is_named_in_the_language_of_the_page(client, maths_teacher):
    TrainingRecord.objects.create(
        educator=maths_teacher, provider_name="КББИ", title="Кыска семинар",
        title_ru="Короткий семинар", hours=8, start_date=dt.date(2023, 8, 20),
        end_date=dt.date(2023, 8, 21), form="stationary", kind="qualification",
    )  # fmt: skip
    client.cookies["cheber_language"] = "ru"

    response = client.get(reverse("compliance:my_status"))

    reasons = [line for line in response.context["explanation"] if "семинар" in line]
    assert len(reasons) == 1 and reasons[0].startswith("Короткий семинар: ")
    client.cookies["cheber_language"] = "ky"
    reasons = [r for r in client.get(reverse("compliance:my_status")).context["explanation"]
               if "семинар" in r]  # fmt: skip
    assert len(reasons) == 1 and reasons[0].startswith("Кыска семинар: ")


def test_teacher_without_pedagogical_education_needs_retraining(client):
    educator = EducatorFactory(has_pedagogical_education=False)
    job(educator, OrganizationFactory(unit=unit(KOCHKOR)), spec("mathematics"), dt.date(2015, 9, 1))
    course(educator, dt.date(2024, 3, 15))
    retraining = session(programme=for_maths(kind="retraining", hours=250), unit_soate=KOCHKOR)
    session(programme=for_maths(), unit_soate=KOCHKOR)  # counts, but not for retraining
    client.force_login(user_with_role("new", Role.TEACHER, educator=educator))
    client.cookies["cheber_language"] = "en"

    response = client.get(reverse("compliance:my_status"))

    assert response.context["row"].status == "needs_retraining"
    assert "complete a retraining programme" in response.content.decode()
    assert [s.pk for s in response.context["sessions"]] == [retraining.pk]


def test_another_teachers_status_is_404(client, maths_teacher):
    other = EducatorFactory()
    job(other, OrganizationFactory(unit=unit(KOCHKOR)), spec("mathematics"))

    response = client.get(reverse("compliance:my_status"), {"educator": other.pk})

    assert response.status_code == 404
    own = client.get(reverse("compliance:my_status"), {"educator": maths_teacher.pk})
    assert own.context["educator"] == maths_teacher


def test_not_a_teacher_is_404(client):
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))

    assert client.get(reverse("compliance:my_status")).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_queries_do_not_grow_with_sessions(client, maths_teacher, django_assert_num_queries, count):
    for day in range(count):
        session(programme=for_maths(), unit_soate=KOCHKOR, start=dt.date(2027, 2, 1 + day))
    client.get(reverse("compliance:my_status"))

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("compliance:my_status"))

    assert len(response.context["sessions"]) == count


# The candidates, their places, then the sessions shown: the best few and all courses alike.
QUERIES = 13


def test_sessions_whose_free_places_are_kept_for_another_district_are_left_out(
    client, maths_teacher, today
):
    kept_elsewhere = session(programme=for_maths(), budget=2, contract=0, quotas={AT_BASHY: 2})
    kept_for_kochkor = session(programme=for_maths(), budget=2, contract=0, quotas={KOCHKOR: 2})
    released = session(
        programme=for_maths(), budget=2, contract=0, quotas={AT_BASHY: 2},
        quota_release_date=today,
    )  # fmt: skip

    response = client.get(reverse("compliance:my_status"))

    shown = {s.pk for s in response.context["sessions"]}
    assert shown == {kept_for_kochkor.pk, released.pk}
    assert kept_elsewhere.pk not in shown


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "1.0", "٣"])
def test_an_educator_asked_for_by_no_plain_number_is_not_found(client, maths_teacher, value):
    response = client.get(reverse("compliance:my_status"), {"educator": value})

    assert response.status_code == 404


def test_the_few_courses_that_fit_best_show_first_and_all_on_asking(client, maths_teacher):
    job(maths_teacher, OrganizationFactory(unit=unit(KOCHKOR), languages=["ru"]),
        spec("mathematics"), start=dt.date(2019, 9, 1))  # fmt: skip
    in_russian = session(programme=for_maths(), language="ru", unit_soate=KOCHKOR,
                         start=dt.date(2026, 12, 1))  # fmt: skip
    in_kyrgyz = [
        session(programme=for_maths(), unit_soate=KOCHKOR, start=dt.date(2027, 1, 10 + day))
        for day in range(6)
    ]

    few = client.get(reverse("compliance:my_status"))
    every = client.get(reverse("compliance:my_status"), {"courses": "all"})

    # Their own language (their first school's) before the sooner course in Russian.
    assert [s.pk for s in few.context["sessions"]] == [s.pk for s in in_kyrgyz[:5]]
    assert "?courses=all#sessions" in few.content.decode()
    assert [s.pk for s in every.context["sessions"]] == [
        *(s.pk for s in in_kyrgyz), in_russian.pk
    ]  # fmt: skip
    assert "Page 1" not in every.content.decode()  # one page: no pages to go through


def test_all_courses_come_in_pages_counted_only_as_far_as_the_page(client, maths_teacher):
    sessions = [
        session(
            programme=for_maths(),
            unit_soate=KOCHKOR,
            start=dt.date(2027, 3, 1) + dt.timedelta(days=day),
        )
        for day in range(planning.COURSES_PAGE + 3)
    ]
    pages = [
        client.get(reverse("compliance:my_status"), {"courses": "all", "page": n})
        for n in ("1", "2", "9", "²")
    ]

    first, second, past_the_end, odd = (page.context for page in pages)
    assert [s.pk for s in first["sessions"]] == [s.pk for s in sessions[: planning.COURSES_PAGE]]
    assert [s.pk for s in second["sessions"]] == [s.pk for s in sessions[planning.COURSES_PAGE :]]
    assert first["page"].has_next and not first["page"].has_previous
    assert second["page"].has_previous and not second["page"].has_next
    assert past_the_end["page"].number == 2 and odd["page"].number == 1
    assert (
        'rel="next"' in pages[0].content.decode()
        and "courses=all&amp;page=2" in pages[0].content.decode()
    )
    assert 'rel="prev"' in pages[1].content.decode()


@pytest.mark.parametrize("count", [1, 7])
def test_queries_of_all_courses_do_not_grow_with_sessions(
    client, maths_teacher, django_assert_num_queries, count
):
    for day in range(count):
        session(programme=for_maths(), unit_soate=KOCHKOR, start=dt.date(2027, 2, 1 + day))
    client.get(reverse("compliance:my_status"), {"courses": "all"})

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("compliance:my_status"), {"courses": "all"})

    assert len(response.context["sessions"]) == count


def test_full_sessions_among_the_best_candidates_leave_room_for_the_next(client, maths_teacher):
    kept_elsewhere = [  # the places are counted for this many of the best candidates first
        session(programme=for_maths(), unit_soate=KOCHKOR,
                start=dt.date(2027, 1, 1) + dt.timedelta(days=day),
                budget=2, contract=0, quotas={AT_BASHY: 2})
        for day in range(planning.BEST_WINDOW)
    ]  # fmt: skip
    free = session(programme=for_maths(), unit_soate=NARYN_TOWN, start=dt.date(2027, 3, 1))

    response = client.get(reverse("compliance:my_status"))

    assert kept_elsewhere and [s.pk for s in response.context["sessions"]] == [free.pk]
