"""The learner: open enrolment in an online course, the course and lesson pages, progress,
completion into the history; and nobody else's."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cheber.catalog.models import Form
from cheber.core.actors import SYSTEM
from cheber.delivery.models import Enrolment, EnrolmentEvent
from cheber.learning.actions import assessment, assignments
from cheber.learning.actions.assessment import Answer
from cheber.learning.actions.progress import (
    PastStudy,
    enrol_online,
    record_lessons_seen,
    set_online_terms,
)
from cheber.learning.models import CourseProgress, LessonProgress, OnlineTerms
from cheber.learning.tests import factories as lf
from cheber.learning.tests.assessment_fixtures import right_response, single
from cheber.learning.tests.conftest import TODAY
from cheber.registry.models import Educator, Specialization, TrainingRecord
from cheber.registry.tests.factories import EducatorFactory

pytestmark = pytest.mark.usefixtures("reference", "in_english")


def lessons_of(enrolment):
    return list(CourseProgress.objects.get(enrolment=enrolment).version.lessons.in_order())


def test_a_teacher_enrols_in_an_open_online_course_and_starts_at_the_approved_version(
    client, teacher, session, version
):
    educator, user = teacher
    client.force_login(user)

    listing = client.get(reverse("learning:online_courses")).content.decode()
    response = client.post(reverse("learning:enrol", args=[session.pk]))

    enrolment = Enrolment.objects.get(session=session, educator=educator)
    assert "АКТ компетенттүүлүгү" in listing
    assert response.url == reverse("learning:course", args=[enrolment.pk])
    assert (enrolment.state, enrolment.origin) == ("enrolled", "application")
    assert enrolment.accepted_at and enrolment.release_confirmed_at  # no release needed online
    assert CourseProgress.objects.get(enrolment=enrolment).version == version
    assert EnrolmentEvent.objects.get(enrolment=enrolment).verb == "enrol_online"


def test_enrolment_is_refused_after_the_window_when_full_and_for_other_specializations(
    client, teacher, session, school
):
    educator, user = teacher
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    OnlineTerms.objects.create(session=session, enrol_from=TODAY - dt.timedelta(days=20),
                               enrol_until=TODAY - dt.timedelta(days=1))  # fmt: skip

    closed = client.post(reverse("learning:enrol", args=[session.pk]), follow=True)
    session.online_terms.enrol_until = TODAY
    session.online_terms.save()
    session.programme.specializations.add(Specialization.objects.first())
    misfit = client.post(reverse("learning:enrol", args=[session.pk]), follow=True)

    assert _messages(closed) == "Enrolment is closed."
    assert _messages(misfit) == "The course is for other specializations."
    assert not Enrolment.objects.filter(educator=educator).exists()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def holders(session, school, state: str, n: int) -> None:
    """`n` enrolments of the session in `state`, written at once (the places they hold are
    what the test is about, not how they came)."""
    educators = Educator.objects.bulk_create(EducatorFactory.build_batch(n))
    Enrolment.objects.bulk_create(
        Enrolment(session=session, educator=educator, organization=school, unit=school.unit,
                  funding="budget", origin="application", state=state)
        for educator in educators
    )  # fmt: skip


def test_the_terms_make_the_places_and_the_301st_learner_is_refused(staff, session, school):
    for n in range(3):
        session.trainers.add(lf.learner(school, f"tutor{n}")[0])

    set_online_terms(actor=staff, session=session, enrol_from=TODAY, enrol_until=TODAY,
                     learners_per_trainer=100)  # fmt: skip
    holders(session, school, "enrolled", 299)
    holders(session, school, "completed", 1)  # finished: holds no tutor's place any more
    last, late = lf.learner(school, "last"), lf.learner(school, "late")
    enrol_online(actor=last[1], session=session, educator=last[0])
    with pytest.raises(ValidationError) as refused:
        enrol_online(actor=late[1], session=session, educator=late[0])

    session.refresh_from_db()
    assert (session.budget_places, session.contract_places) == (300, 5)
    assert refused.value.message_dict == {"session": ["The course is full."]}
    assert session.place_counts()["budget"] == 300
    assert not Enrolment.objects.filter(session=session, educator=late[0]).exists()


def test_the_course_page_shows_modules_lessons_and_where_to_continue(client, teacher, enrolment):
    client.force_login(teacher[1])
    first, second, _third = lessons_of(enrolment)
    LessonProgress.objects.create(
        enrolment=enrolment, lesson=first, seen_at=first.version.created_at
    )

    page = client.get(reverse("learning:course", args=[enrolment.pk])).content.decode()

    assert "1-модуль" in page and "2-модуль" in page
    resume = page.split('role="button"', 1)[1].split("</a>", 1)[0]
    assert reverse("learning:lesson", args=[enrolment.pk, second.pk]) in resume
    assert 'value="1" max="3"' in page


def test_the_course_page_makes_the_same_queries_for_one_or_three_modules_of_lessons(
    client, teacher, programme, django_assert_num_queries
):
    session = lf.online_session(programme)
    lf.content(programme, [(1, "Жалгыз", "бир")])
    from cheber.learning.actions.progress import enrol_online

    enrolment = enrol_online(actor=teacher[1], session=session, educator=teacher[0])
    client.force_login(teacher[1])
    url = reverse("learning:course", args=[enrolment.pk])
    client.get(url)
    with django_assert_num_queries(8) as one:  # the rule in force: one
        client.get(url)
    version = CourseProgress.objects.get(enrolment=enrolment).version
    for n in range(2, 6):
        version.lessons.create(module=programme.modules.get(order=2), order=n, key=f"k{n}",
                               title_ky=f"Сабак {n}")  # fmt: skip
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_a_lesson_page_is_light_and_done_leads_to_the_next(client, teacher, enrolment):
    client.force_login(teacher[1])
    first, second, _third = lessons_of(enrolment)
    url = reverse("learning:lesson", args=[enrolment.pk, first.pk])

    page = client.get(url)
    stamp = page.context["seen_form"].initial["opened"]
    done = client.post(reverse("learning:seen", args=[enrolment.pk, first.pk]), {"opened": stamp})

    assert len(page.content) < 100_000
    assert "Санариптик <strong>сабаттуулук</strong>" in page.content.decode()
    assert done.url == reverse("learning:lesson", args=[enrolment.pk, second.pk])
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=first)
    assert 0 <= progress.seconds_spent <= 5
    assert CourseProgress.objects.get(enrolment=enrolment).lessons_seen == 1


def test_a_lesson_page_reads_the_course_with_the_enrolment_and_the_materials_alone(
    client, teacher, enrolment, django_assert_num_queries
):
    client.force_login(teacher[1])
    lesson = lessons_of(enrolment)[-1]
    url = reverse("learning:lesson", args=[enrolment.pk, lesson.pk])
    client.get(url)  # (the session and the user's roles warm up the same way each time)

    with django_assert_num_queries(9) as page:
        response = client.get(url)

    assert response.status_code == 200
    materials = next(q["sql"] for q in page.captured_queries if "learning_attachment" in q["sql"])
    assert "JOIN" not in materials  # ordered by the lesson's own order, not the model's


def test_seeing_the_last_lesson_completes_the_course_and_writes_the_history(
    client, teacher, enrolment
):
    client.force_login(teacher[1])

    for lesson in lessons_of(enrolment):
        client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk]))

    enrolment.refresh_from_db()
    record = enrolment.training_record
    assert enrolment.state == "completed"
    assert (record.educator, record.hours, record.form) == (teacher[0], 72, Form.ONLINE)
    assert (record.start_date, record.end_date) == (enrolment.session.start_date, TODAY)
    assert TrainingRecord.objects.filter(educator=teacher[0]).count() == 1
    assert enrolment.notifications.filter(kind="completed").exists()


def test_passing_the_final_test_after_every_lesson_completes_the_course_and_writes_the_history(
    client, teacher, staff, programme, enrolment
):
    educator, user = teacher
    for n in range(1, 4):
        assessment.add_question(actor=staff, programme=programme, question=single(n))
    final = assessment.save_test(
        actor=staff, programme=programme, draws=[("Негиздер", 3)],
        values={"purpose": "final", "title": "Жыйынтыктоочу тест", "is_open": True,
                "time_limit": 20, "passing_percent": 60},
    )  # fmt: skip
    client.force_login(user)
    for lesson in lessons_of(enrolment):
        client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk]))
    enrolment.refresh_from_db()
    after_lessons = enrolment.state
    attempt = assessment.start_attempt(actor=user, enrolment=enrolment, test=final)
    answers = [Answer(qa.slot, right_response(qa), qa.sequence)
               for qa in attempt.slots.select_related("version")]  # fmt: skip

    attempt = assessment.submit_attempt(actor=user, attempt=attempt, answers=answers,
                                        token=uuid.uuid4())  # fmt: skip

    enrolment.refresh_from_db()
    record = enrolment.training_record
    assert (after_lessons, attempt.passed, enrolment.state) == ("enrolled", True, "completed")
    assert (record.educator, record.hours, record.form) == (educator, 72, Form.ONLINE)
    assert (record.start_date, record.end_date) == (enrolment.session.start_date, TODAY)
    assert list(TrainingRecord.objects.filter(educator=educator)) == [record]
    assert enrolment.notifications.filter(kind="completed").exists()
    history = client.get(reverse("registry:educator_detail", args=[educator.pk]))
    assert programme.title_ky in history.content.decode()


def test_a_passing_grade_of_the_last_assignment_completes_the_course_and_writes_the_history(
    client, teacher, staff, programme, enrolment
):
    educator, user = teacher
    project = assignments.save_assignment(
        actor=staff, programme=programme, criteria=[("Максаттар", 4), ("Ыкмалар", 4)],
        values={"kind": "project", "title": "Сабак долбоору", "file_types": "pdf",
                "max_file_mb": 1, "passing_points": 6},
    )  # fmt: skip
    client.force_login(user)
    for lesson in lessons_of(enrolment):
        client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk]))
    work = assignments.submit_assignment(
        actor=user, enrolment=enrolment, assignment=project, text="Долбоор"
    )
    enrolment.refresh_from_db()
    after_lessons = enrolment.state
    full_marks = {c.pk: c.max_points for c in project.criteria.all()}

    assignments.grade_submission(actor=staff, submission=work, points=full_marks)

    enrolment.refresh_from_db()
    assert (after_lessons, enrolment.state) == ("enrolled", "completed")
    assert list(TrainingRecord.objects.filter(educator=educator)) == [enrolment.training_record]


def test_a_blended_course_is_not_completed_by_its_lessons_alone(
    client, teacher, programme, version
):
    from cheber.learning.actions.progress import start_course

    session = lf.online_session(programme, form=Form.BLENDED, unit_soate="41704400000010")
    educator, user = teacher
    enrolment = Enrolment.objects.create(
        session=session, educator=educator, organization=educator.employments.get().organization,
        unit=educator.employments.get().organization.unit, funding="budget",
        origin="nomination", state="enrolled",
    )  # fmt: skip
    start_course(actor=user, enrolment=enrolment)
    client.force_login(user)

    for lesson in lessons_of(enrolment):
        client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk]))

    enrolment.refresh_from_db()
    assert enrolment.state == "enrolled"
    assert CourseProgress.objects.get(enrolment=enrolment).lessons_seen == 3


def test_another_learners_course_and_lessons_are_404(client, enrolment, school):
    _educator, stranger = lf.learner(school, "stranger")
    client.force_login(stranger)
    lesson = lessons_of(enrolment)[0]

    urls = [
        reverse("learning:course", args=[enrolment.pk]),
        reverse("learning:lesson", args=[enrolment.pk, lesson.pk]),
        reverse("learning:offline_manifest", args=[enrolment.pk]),
    ]
    answers = [client.get(url).status_code for url in urls]
    posted = client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk])).status_code

    assert answers == [404, 404, 404] and posted == 404
    assert not LessonProgress.objects.exists()


def test_a_lesson_of_another_version_is_404_for_the_learner(client, teacher, enrolment, programme):
    other = lf.content(programme, [(1, "Башка", "б")], status="superseded", number=2)
    client.force_login(teacher[1])

    url = reverse("learning:lesson", args=[enrolment.pk, other.lessons.get().pk])

    assert client.get(url).status_code == 404


def test_the_provider_sees_no_learner_page(client, staff, enrolment):
    client.force_login(staff)

    assert client.get(reverse("learning:course", args=[enrolment.pk])).status_code == 404


def test_the_home_page_offers_to_continue_the_last_course(client, teacher, enrolment):
    client.force_login(teacher[1])
    first, second, _third = lessons_of(enrolment)
    client.post(reverse("learning:seen", args=[enrolment.pk, first.pk]))

    page = client.get(reverse("core:home")).content.decode()

    assert reverse("learning:lesson", args=[enrolment.pk, second.pk]) in page


def test_the_offline_manifest_lists_the_course_its_lessons_and_files(client, teacher, enrolment):
    client.force_login(teacher[1])

    data = client.get(reverse("learning:offline_manifest", args=[enrolment.pk])).json()

    lessons = [reverse("learning:lesson", args=[enrolment.pk, x.pk]) for x in lessons_of(enrolment)]
    assert data["cache"] == f"cheber-course-{enrolment.pk}"
    assert data["urls"][:4] == [reverse("learning:course", args=[enrolment.pk]), *lessons]
    assert "/static/learning/offline.js" in data["urls"]


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")

    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "__VERSION__" not in response.content.decode()
    assert "cheber-shell-" in response.content.decode()


def test_the_list_of_open_courses_makes_the_same_queries_for_one_or_three(
    client, teacher, provider, django_assert_num_queries
):
    def offer():
        programme = lf.online_programme(provider)
        lf.content(programme, [(1, "Сабак", "Текст")])
        lf.online_session(programme)

    client.force_login(teacher[1])
    offer()
    lf.online_session(lf.online_programme(provider))  # no content yet: not offered
    client.get(reverse("learning:online_courses"))

    with django_assert_num_queries(6) as one:
        client.get(reverse("learning:online_courses"))
    for _ in range(2):
        offer()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("learning:online_courses"))

    assert len(response.context["sessions"]) == 3


def test_the_session_page_of_an_online_course_offers_open_enrolment_not_an_application(
    client, teacher, session
):
    client.force_login(teacher[1])

    page = client.get(reverse("delivery:session_detail", args=[session.pk])).content.decode()

    assert reverse("learning:enrol", args=[session.pk]) in page
    assert reverse("delivery:apply", args=[session.pk]) not in page


def test_a_lesson_is_shown_in_the_sessions_language_first(client, teacher, programme, version):
    from cheber.learning.actions.progress import enrol_online

    lesson = version.lessons.in_order().first()
    lesson.html_ru = "<p>По-русски</p>"
    lesson.save()
    school = teacher[0].employments.get().organization
    school.languages = ["ky", "ru"]
    school.save()
    session = lf.online_session(programme, language="ru")
    enrolment = enrol_online(actor=teacher[1], session=session, educator=teacher[0])
    client.force_login(teacher[1])  # the pages in Kyrgyz, the course in Russian

    page = client.get(reverse("learning:lesson", args=[enrolment.pk, lesson.pk])).content.decode()

    assert '<div class="lesson-body" lang="ru"><p>По-русски</p></div>' in page


def test_with_weekly_pacing_the_second_module_opens_a_week_after_the_start(
    client, teacher, enrolment, time_machine
):
    OnlineTerms.objects.create(session=enrolment.session, enrol_from=TODAY, enrol_until=TODAY,
                               weekly_pacing=True)  # fmt: skip
    client.force_login(teacher[1])
    later = [x for x in lessons_of(enrolment) if x.module.order == 2][0]
    url = reverse("learning:lesson", args=[enrolment.pk, later.pk])

    closed = client.get(url)
    refused = client.post(reverse("learning:seen", args=[enrolment.pk, later.pk]))
    time_machine.move_to(dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC))
    opened = client.get(url)

    assert "learning/lesson_closed.html" in [t.name for t in closed.templates]
    assert closed.context["opens"] == dt.date(2026, 11, 29)
    assert refused.status_code == 302 and not LessonProgress.objects.exists()
    assert "learning/lesson.html" in [t.name for t in opened.templates]


def test_lessons_seen_earlier_are_written_at_once_and_complete_the_course(teacher, enrolment):
    lessons = lessons_of(enrolment)
    seen_at = timezone.now() - dt.timedelta(hours=2)
    study = PastStudy(enrolment=enrolment, lessons=lessons, seen_at=seen_at, seconds=600)

    with pytest.raises(PermissionDenied):
        record_lessons_seen(actor=teacher[1], studies=[study])
    with pytest.raises(ValidationError):  # not seen yet
        record_lessons_seen(actor=SYSTEM, studies=[
            PastStudy(enrolment=enrolment, lessons=lessons, seen_at=timezone.now())
        ])  # fmt: skip
    written = record_lessons_seen(actor=SYSTEM, studies=[study])
    again = record_lessons_seen(actor=SYSTEM, studies=[study])

    course = CourseProgress.objects.get(enrolment=enrolment)
    assert (written, again) == (3, 0)
    assert (course.lessons_seen, course.seconds_spent, course.last_lesson) == (3, 1800, lessons[2])
    assert course.last_activity_at == seen_at + dt.timedelta(minutes=20)
    assert course.started_at <= seen_at
    assert [p.seen_at for p in LessonProgress.objects.order_by("seen_at")] == [
        seen_at + dt.timedelta(minutes=10 * n) for n in range(3)
    ]  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.state == "completed" and enrolment.training_record is not None


def test_lessons_written_at_once_keep_the_weekly_pacing(enrolment):
    OnlineTerms.objects.create(session=enrolment.session, enrol_from=TODAY, enrol_until=TODAY,
                               weekly_pacing=True)  # fmt: skip
    study = PastStudy(enrolment=enrolment, lessons=lessons_of(enrolment),
                      seen_at=timezone.now() - dt.timedelta(hours=1))  # fmt: skip

    with pytest.raises(ValidationError):  # the second module opens a week after the start
        record_lessons_seen(actor=SYSTEM, studies=[study])

    assert not LessonProgress.objects.exists()


def test_the_open_courses_and_ones_own_show_in_the_language_of_the_page(
    client, teacher, session, school, programme
):
    educator, user = teacher
    other, other_user = lf.learner(school, "other")
    enrol_online(actor=other_user, session=session, educator=other)
    # its deadline in ten days: its enrolment closed by default four days ago
    lf.online_session(programme, start=TODAY - dt.timedelta(days=50), days=60)
    client.force_login(user)
    client.cookies["cheber_language"] = "ru"

    before = client.get(reverse("learning:online_courses"))
    enrol_online(actor=user, session=session, educator=educator)
    after = client.get(reverse("learning:online_courses"))

    [offered] = before.context["sessions"]
    assert (offered.pk, offered.taken, offered.title) == (session.pk, 1, "ИКТ-компетентность")
    assert offered.provider_name == programme.provider.name_ru
    assert "ИКТ-компетентность" in before.content.decode() and not before.context["mine"]
    assert after.context["sessions"] == []
    [mine] = after.context["mine"]
    lessons = CourseProgress.objects.get(enrolment__educator=educator).version.lessons.count()
    assert (mine.title, mine.lessons_seen, mine.total) == ("ИКТ-компетентность", 0, lessons)
    assert mine.get_state_display() == Enrolment.State("enrolled").label
