"""Completing online study by the rule in force (data with an effective date), and the
certificate of an online completion, issued at once when the provider's terms say so."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse
from django.utils import timezone

from cheber.catalog.models import Form
from cheber.certificates import actions as certificate_actions
from cheber.certificates import signing
from cheber.certificates.models import Certificate
from cheber.core.models import AuditEvent
from cheber.delivery.models import Attendance, Enrolment
from cheber.delivery.tests.conftest import BISHKEK_TZ
from cheber.learning.actions.progress import enrol_online, start_course
from cheber.learning.models import CourseProgress, OnlineCompletionRule, OnlineTerms
from cheber.learning.tests import factories as lf
from cheber.learning.tests.conftest import TODAY
from cheber.registry.models import TrainingRecord

pytestmark = pytest.mark.usefixtures("reference", "online_rule")
FIVE_LESSONS = [(1, "Биринчи", "1"), (1, "Экинчи", "2"), (1, "Үчүнчү", "3"),
                (2, "Төртүнчү", "4"), (2, "Бешинчи", "5")]  # fmt: skip
LATER = dt.date(2026, 12, 1)


def eighty_percent_from(day: dt.date) -> OnlineCompletionRule:
    return OnlineCompletionRule.objects.create(
        effective_from=day, min_lessons_percent=80, requires_passed_tests=True,
        requires_post_test=True, requires_assignments=True, note="Тест эрежеси",
    )  # fmt: skip


def five_lesson_session(provider, **fields):
    programme = lf.online_programme(provider)
    lf.content(programme, FIVE_LESSONS)
    return lf.online_session(programme, start=TODAY - dt.timedelta(days=10), **fields)


def see(client, user, enrolment, count: int | None = None) -> None:
    """The learner presses "Done" on their first `count` lessons (all by default)."""
    client.force_login(user)
    lessons = CourseProgress.objects.get(enrolment=enrolment).version.lessons.in_order()
    for lesson in list(lessons)[:count]:
        client.post(reverse("learning:seen", args=[enrolment.pk, lesson.pk]))


def state_of(enrolment) -> str:
    return Enrolment.objects.get(pk=enrolment.pk).state


def course_page(client, enrolment) -> str:
    return client.get(reverse("learning:course", args=[enrolment.pk])).content.decode()


# The rule in force -----------------------------------------------------------------------------


def test_a_later_rule_of_80_percent_completes_after_four_of_five_lessons_from_its_date_only(
    client, provider, school, time_machine
):
    session = five_lesson_session(provider)
    eighty_percent_from(LATER)
    client.cookies["cheber_language"] = "en"
    early_educator, early_user = lf.learner(school, "early")
    late_educator, late_user = lf.learner(school, "late")
    early = enrol_online(actor=early_user, session=session, educator=early_educator)
    late = enrol_online(actor=late_user, session=session, educator=late_educator)

    see(client, early_user, early, 4)
    before = course_page(client, early)
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=BISHKEK_TZ))
    client.force_login(late_user)
    after = course_page(client, late)
    see(client, late_user, late, 4)

    assert (state_of(early), state_of(late)) == ("enrolled", "completed")
    assert "see at least 5 lessons" in before
    assert "see at least 4 lessons" in after
    record = Enrolment.objects.get(pk=late.pk).training_record
    assert (record.educator, record.end_date) == (late_educator, LATER)
    assert not TrainingRecord.objects.filter(educator=early_educator).exists()


def test_the_rule_of_today_judges_a_learner_who_saw_their_lessons_before_it(
    client, provider, school, time_machine
):
    session = five_lesson_session(provider)
    eighty_percent_from(LATER)
    educator, user = lf.learner(school)
    enrolment = enrol_online(actor=user, session=session, educator=educator)
    see(client, user, enrolment, 4)
    waiting = state_of(enrolment)
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=BISHKEK_TZ))

    see(client, user, enrolment, 1)  # a lesson opened again

    assert (waiting, state_of(enrolment)) == ("enrolled", "completed")


def test_a_rule_that_asks_for_no_tests_completes_with_the_lessons_alone(
    client, staff, programme, teacher, enrolment
):
    from cheber.learning.actions import assessment
    from cheber.learning.tests.assessment_fixtures import single

    for n in range(1, 4):
        assessment.add_question(actor=staff, programme=programme, question=single(n))
    assessment.save_test(
        actor=staff, programme=programme, draws=[("Негиздер", 3)],
        values={"purpose": "final", "title": "Жыйынтыктоочу тест", "is_open": True,
                "time_limit": 20, "passing_percent": 60},
    )  # fmt: skip
    OnlineCompletionRule.objects.create(
        effective_from=TODAY, min_lessons_percent=100, requires_passed_tests=False,
        requires_post_test=False, requires_assignments=False,
    )  # fmt: skip
    client.cookies["cheber_language"] = "en"

    see(client, teacher[1], enrolment)

    assert state_of(enrolment) == "completed"


def test_without_a_rule_in_force_nobody_completes_online_and_learner_and_provider_are_told(
    client, staff, teacher, enrolment, session
):
    OnlineCompletionRule.objects.all().delete()
    client.cookies["cheber_language"] = "en"
    told = "No rule of completing online study is in force on 22.11.2026"

    see(client, teacher[1], enrolment)
    learner_page = course_page(client, enrolment)
    client.force_login(staff)
    roster = client.get(reverse("learning:session_progress", args=[session.pk])).content.decode()

    assert state_of(enrolment) == "enrolled"
    assert not TrainingRecord.objects.filter(educator=teacher[0]).exists()
    assert told in learner_page
    assert told in roster


def blended_learner(session, school, name: str):
    educator, user = lf.learner(school, name)
    job = educator.employments.get()
    enrolment = Enrolment.objects.create(
        session=session, educator=educator, organization=job.organization,
        unit=job.organization.unit, funding="budget", origin="nomination", state="enrolled",
        accepted_at=timezone.now(), assessment_passed=True,
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(enrolment=enrolment, day=day, present=True) for day in session.days
    )
    start_course(actor=user, enrolment=enrolment)
    return enrolment, user


def test_a_blended_session_is_judged_by_the_online_rule_of_its_last_day(
    client, staff, provider, school
):
    programme = lf.online_programme(provider, form=Form.BLENDED)
    lf.content(programme, FIVE_LESSONS)
    session = lf.online_session(programme, form=Form.BLENDED, start=TODAY - dt.timedelta(days=20),
                                days=12, unit_soate="41704400000010")  # fmt: skip
    eighty_percent_from(session.end_date + dt.timedelta(days=1))  # too late for this session
    enrolment, user = blended_learner(session, school, "blended")
    see(client, user, enrolment, 4)
    client.force_login(staff)

    client.post(reverse("learning:complete_blended", args=[session.pk]))

    assert state_of(enrolment) == "not_completed"


def test_a_blended_session_is_not_completed_without_an_online_rule_and_the_provider_is_told(
    client, staff, provider, school
):
    programme = lf.online_programme(provider, form=Form.BLENDED)
    lf.content(programme, FIVE_LESSONS)
    session = lf.online_session(programme, form=Form.BLENDED, start=TODAY - dt.timedelta(days=20),
                                days=12, unit_soate="41704400000010")  # fmt: skip
    enrolment, user = blended_learner(session, school, "blended")
    see(client, user, enrolment)
    OnlineCompletionRule.objects.all().delete()
    client.force_login(staff)
    client.cookies["cheber_language"] = "en"

    response = client.post(reverse("learning:complete_blended", args=[session.pk]), follow=True)

    day = f"{session.end_date:%d.%m.%Y}"
    assert f"No rule of completing online study is in force on {day}" in response.content.decode()
    assert state_of(enrolment) == "enrolled"


# The certificate of an online completion -------------------------------------------------------


def test_completing_before_the_deadline_issues_the_certificate_at_once_and_the_teacher_sees_it(
    client, provider, teacher, enrolment, session, programme
):
    educator, user = teacher
    assert session.end_date > TODAY

    see(client, user, enrolment)

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert (certificate.provider, certificate.issued_by, certificate.issue_date) == (
        provider, None, TODAY,
    )  # fmt: skip
    assert (certificate.start_date, certificate.end_date, certificate.hours) == (
        session.start_date, TODAY, 72,
    )  # fmt: skip
    assert certificate.language == "ky"  # the session's
    assert signing.verify_signature(
        signing.canonical_payload(certificate), certificate.signature,
        certificate.signing_key.public_key,
    )  # fmt: skip
    event = AuditEvent.objects.get(verb="issue_certificate", object_id=str(certificate.pk))
    assert (event.actor, event.via) == (None, "system")
    mine = client.get(reverse("certificates:my_certificates")).content.decode()
    history = client.get(reverse("registry:educator_detail", args=[educator.pk])).content.decode()
    course = course_page(client, enrolment)
    assert certificate.number in mine
    assert programme.title_ky in history and certificate.number in history
    assert reverse("certificates:certificate_detail", args=[certificate.pk]) in course


def test_a_provider_who_issues_certificates_itself_does_so_from_its_page_before_the_deadline(
    client, staff, teacher, enrolment, session
):
    OnlineTerms.objects.create(session=session, enrol_from=TODAY - dt.timedelta(days=10),
                               enrol_until=TODAY + dt.timedelta(days=20),
                               certificate_on_completion=False)  # fmt: skip
    client.cookies["cheber_language"] = "en"
    see(client, teacher[1], enrolment)
    course = course_page(client, enrolment)
    none_yet = Certificate.objects.filter(enrolment=enrolment).exists()
    client.force_login(staff)

    client.post(reverse("certificates:issue_session", args=[session.pk]), {"language": "ky+ru"})

    assert (state_of(enrolment), none_yet) == ("completed", False)
    assert "The provider issues your certificate" in course
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert (certificate.issued_by, certificate.end_date) == (staff, TODAY)


def test_a_provider_whose_key_cannot_sign_leaves_the_certificate_for_its_page(
    client, staff, provider, teacher, enrolment, session, monkeypatch
):
    monkeypatch.setenv("CHEBER_KEY_ENCRYPTION_KEY", Fernet.generate_key().decode())
    broken = signing.active_key(provider)  # made under one key-encryption key,
    monkeypatch.setenv("CHEBER_KEY_ENCRYPTION_KEY", Fernet.generate_key().decode())  # read
    signing._private_key.cache_clear()  # under another: it cannot sign
    client.cookies["cheber_language"] = "en"

    see(client, teacher[1], enrolment)

    assert state_of(enrolment) == "completed"
    assert Enrolment.objects.get(pk=enrolment.pk).training_record is not None
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
    left = AuditEvent.objects.get(verb="leave_certificate_to_provider")
    assert (left.object_id, left.via) == (str(enrolment.pk), "system")
    assert "InvalidToken" in left.data["reason"]
    assert "The provider issues your certificate" in course_page(client, enrolment)
    certificate_actions.rotate_signing_key(actor=staff, provider=provider)
    client.force_login(staff)
    client.post(reverse("certificates:issue_session", args=[session.pk]), {"language": "ky"})
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.signing_key != broken
    signing._private_key.cache_clear()


def test_the_terms_page_offers_the_certificate_choice_checked_and_saves_it(client, staff, session):
    client.force_login(staff)
    url = reverse("learning:online_terms", args=[session.pk])
    window = {"enrol_from": "2026-11-01", "enrol_until": "2026-12-20",
              "learners_per_trainer": "30"}  # fmt: skip

    form = client.get(url).context["form"]
    client.post(url, window)  # the box left unticked
    unticked = OnlineTerms.objects.get(session=session).certificate_on_completion
    client.post(url, window | {"certificate_on_completion": "on"})

    assert form.initial["certificate_on_completion"] is True
    assert 'name="certificate_on_completion"' in form.as_div()
    assert unticked is False
    assert OnlineTerms.objects.get(session=session).certificate_on_completion is True
