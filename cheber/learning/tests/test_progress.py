"""The provider's progress roster of an online session: progress, who is stuck, reminders; its
enrolment terms, and the places its tutors make."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cheber.catalog.models import Form
from cheber.core.access import Role
from cheber.delivery.models import Notification
from cheber.learning.actions.progress import enrol_online, set_online_terms
from cheber.learning.models import CourseProgress
from cheber.learning.tests import factories as lf
from cheber.learning.tests.conftest import TODAY
from cheber.registry.tests.factories import user_with_role
from cheber.schedule.actions import update_session
from cheber.schedule.models import Session

pytestmark = pytest.mark.usefixtures("reference")


def stall(enrolment, days: int) -> None:
    CourseProgress.objects.filter(enrolment=enrolment).update(
        last_activity_at=timezone.now() - dt.timedelta(days=days)
    )


def test_the_roster_shows_progress_and_who_is_stuck(client, staff, session, enrolment, school):
    other_educator, other_user = lf.learner(school, "fresh")
    fresh = enrol_online(actor=other_user, session=session, educator=other_educator)
    stall(enrolment, 10)
    client.force_login(staff)

    everyone = client.get(reverse("learning:session_progress", args=[session.pk]))
    stuck = client.get(reverse("learning:session_progress", args=[session.pk]), {"stuck": "1"})

    assert {e.pk for e in everyone.context["page"]} == {enrolment.pk, fresh.pk}
    assert everyone.context["stuck_count"] == 1
    assert [e.pk for e in stuck.context["page"]] == [enrolment.pk]
    assert "0 / 3" in everyone.content.decode()


def test_the_roster_makes_the_same_queries_for_one_or_three_learners(
    client, staff, session, enrolment, school, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse("learning:session_progress", args=[session.pk])
    client.get(url)

    with django_assert_num_queries(9) as one:  # the rule in force: one
        client.get(url)
    for n in (1, 2):
        educator, user = lf.learner(school, f"more{n}")
        enrol_online(actor=user, session=session, educator=educator)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert len(response.context["page"]) == 3


def test_a_reminder_tells_the_learner(client, staff, enrolment):
    client.force_login(staff)

    response = client.post(reverse("learning:remind", args=[enrolment.pk]))

    notification = Notification.objects.get(enrolment=enrolment)
    assert response.url == reverse("learning:session_progress", args=[enrolment.session_id])
    assert notification.kind == Notification.Kind.STUDY_REMINDER
    assert CourseProgress.objects.get(enrolment=enrolment).reminded_at is not None


def test_another_provider_gets_404_and_a_reader_may_not_remind(
    client, other_provider, session, enrolment
):
    them = user_with_role("them", Role.PROVIDER_STAFF, organization=other_provider)
    ministry = user_with_role("ministry", Role.MINISTRY)

    client.force_login(them)
    theirs = [
        client.get(reverse("learning:session_progress", args=[session.pk])).status_code,
        client.post(reverse("learning:remind", args=[enrolment.pk])).status_code,
    ]
    client.force_login(ministry)
    reads = client.get(reverse("learning:session_progress", args=[session.pk])).status_code
    reminds = client.post(reverse("learning:remind", args=[enrolment.pk])).status_code

    assert theirs == [404, 404]
    assert (reads, reminds) == (200, 403)
    assert not Notification.objects.exists()


def test_a_learner_sees_no_roster(client, teacher, session):
    client.force_login(teacher[1])

    assert client.get(reverse("learning:session_progress", args=[session.pk])).status_code == 404


def test_a_blended_session_completes_only_those_who_also_did_the_online_part(
    client, staff, programme, version, school, time_machine
):
    from cheber.delivery.models import Attendance, Enrolment
    from cheber.learning.actions.progress import mark_lesson_seen, start_course

    session = lf.online_session(programme, form=Form.BLENDED, unit_soate="41704400000010",
                                days=12)  # fmt: skip
    learners = []
    for name in ("diligent", "absent_online"):
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
        learners.append((enrolment, user))
    for lesson in version.lessons.all():
        mark_lesson_seen(actor=learners[0][1], enrolment=learners[0][0], lesson=lesson)
    time_machine.move_to(session.end_date + dt.timedelta(days=1))
    client.force_login(staff)

    page = client.get(reverse("delivery:results", args=[session.pk])).content.decode()
    response = client.post(reverse("learning:complete_blended", args=[session.pk]))

    states = [Enrolment.objects.get(pk=e.pk).state for e, _user in learners]
    assert reverse("learning:complete_blended", args=[session.pk]) in page
    assert response.url == reverse("delivery:results", args=[session.pk])
    assert states == ["completed", "not_completed"]


def test_the_provider_sets_the_enrolment_window_and_tutors_load(client, staff, session):
    client.force_login(staff)
    url = reverse("learning:online_terms", args=[session.pk])

    form = client.get(url)
    late = client.post(url, {"enrol_from": "2026-11-01", "enrol_until": "2027-12-31",
                             "learners_per_trainer": "30"})  # fmt: skip
    saved = client.post(url, {"enrol_from": "2026-11-01", "enrol_until": "2026-12-20",
                              "learners_per_trainer": "30"})  # fmt: skip

    terms = session.online_terms
    assert form.status_code == 200 and late.status_code == 200
    assert "enrol_until" in late.context["form"].errors
    assert saved.url == reverse("learning:session_progress", args=[session.pk])
    assert (terms.enrol_until, terms.learners_per_trainer) == (dt.date(2026, 12, 20), 30)


def test_a_reader_may_not_set_terms(client, session):
    client.force_login(user_with_role("ministry", Role.MINISTRY))

    assert client.get(reverse("learning:online_terms", args=[session.pk])).status_code == 403


# The places the tutors make ---------------------------------------------------------------------


def tutors(session, school, n: int) -> list:
    names = [lf.learner(school, f"tutor{k}")[0] for k in range(n)]
    session.trainers.add(*names)
    return names


def test_the_terms_page_shows_the_places_the_tutors_make(client, staff, session, school):
    tutors(session, school, 2)
    client.force_login(staff)
    client.cookies["cheber_language"] = "en"
    url = reverse("learning:online_terms", args=[session.pk])

    shown = client.get(url).content.decode()
    client.post(url, {"enrol_from": "2026-11-01", "enrol_until": "2026-12-20",
                      "learners_per_trainer": "30"})  # fmt: skip
    saved = client.get(url).content.decode()

    session.refresh_from_db()
    assert "Budget places: 2 tutors × 50 learners = 100." in shown
    assert "The session has 20 now" in shown
    assert "Budget places: 2 tutors × 30 learners = 60." in saved
    assert (session.budget_places, session.contract_places) == (60, 5)


def test_the_places_follow_the_tutors_when_the_session_changes(staff, session, school):
    first, second, third = tutors(session, school, 3)
    set_online_terms(actor=staff, session=session, enrol_from=TODAY, enrol_until=TODAY,
                     learners_per_trainer=100)  # fmt: skip
    session.refresh_from_db()
    update_session(actor=staff, session=session, trainers=[first, second], changed=["trainers"])
    fewer = Session.objects.get(pk=session.pk).budget_places
    session.budget_places = 250
    with pytest.raises(ValidationError) as typed:
        update_session(actor=staff, session=session, trainers=[first, second],
                       changed=["budget_places"])  # fmt: skip
    session.refresh_from_db()
    update_session(actor=staff, session=session, trainers=[], changed=["trainers"])

    assert fewer == 200
    assert list(typed.value.message_dict) == ["budget_places"]
    assert Session.objects.get(pk=session.pk).budget_places == 200  # no tutor: places kept


def test_the_tutors_set_a_blended_sessions_places_and_none_keeps_them(
    staff, programme, version, school
):

    start = TODAY + dt.timedelta(days=20)
    blended = lf.online_session(programme, form=Form.BLENDED, unit_soate="41704400000010",
                                start=start, days=30)  # fmt: skip
    alone = lf.online_session(programme, start=start, days=30)
    tutors(blended, school, 2)

    for session in (blended, alone):
        set_online_terms(actor=staff, session=session, enrol_from=TODAY, enrol_until=start,
                         learners_per_trainer=40)  # fmt: skip

    assert Session.objects.get(pk=blended.pk).budget_places == 80
    assert Session.objects.get(pk=alone.pk).budget_places == 20


def test_a_learner_taking_a_test_is_no_longer_stuck(client, staff, session, enrolment, teacher):
    from cheber.learning.actions import assessment
    from cheber.learning.tests.assessment_fixtures import single

    for n in (1, 2):
        assessment.add_question(actor=staff, programme=session.programme, question=single(n))
    test = assessment.save_test(
        actor=staff, programme=session.programme, draws=[("Негиздер", 2)],
        values={"purpose": "final", "title": "Тест", "is_open": True, "passing_percent": 60},
    )  # fmt: skip
    stall(enrolment, 10)
    client.force_login(staff)
    url = reverse("learning:session_progress", args=[session.pk])
    before = client.get(url, {"stuck": "1"}).context["page"]

    assessment.start_attempt(actor=teacher[1], enrolment=enrolment, test=test)
    after = client.get(url, {"stuck": "1"}).context["page"]

    assert [e.pk for e in before] == [enrolment.pk]
    assert list(after) == []
    assert timezone.now() - CourseProgress.objects.get(enrolment=enrolment).last_activity_at < (
        dt.timedelta(minutes=1)
    )


def test_handing_in_work_counts_as_activity(session, enrolment, teacher, staff):
    from cheber.learning.actions.assignments import save_assignment, submit_assignment

    assignment = save_assignment(
        actor=staff, programme=session.programme, criteria=[("Максаттар", 4)],
        values={"kind": "project", "title": "Долбоор", "file_types": "pdf", "passing_points": 2},
    )  # fmt: skip
    stall(enrolment, 10)

    submit_assignment(actor=teacher[1], enrolment=enrolment, assignment=assignment,
                      text="Менин долбоорум")  # fmt: skip

    assert timezone.now() - CourseProgress.objects.get(enrolment=enrolment).last_activity_at < (
        dt.timedelta(minutes=1)
    )
