"""The learner's test pages through HTTP: rules, the attempt page (no answers in it, the
deadline kept over a reload), autosave and the offline outbox, late and replayed submissions,
the attempts limit, the result; who may open which attempt."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.learning import questions as q
from cheber.learning.actions import assessment as actions
from cheber.learning.models import Attempt, QuestionAttempt, Step
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403
from cheber.learning.tests.assessment_fixtures import (
    learner_with_enrolment,
    make_test,
    right_response,
)
from cheber.registry.tests.factories import EducatorFactory, user_with_role
from cheber.schedule.tests import factories

SECRET_FEEDBACK = "Туура! Айтматов 1928-жылы туулган."
SECRET_ANSWER = "Шекер айылы"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def short_test(course):
    """A test of one short-answer question whose answer and feedback must stay secret."""
    question = q.Question(
        q.Kind.SHORT, "Туулган жер", "Айтматов кайсы айылда туулган?", category="Адабият",
        accepted=(q.ShortAnswer(SECRET_ANSWER, q.ONE, SECRET_FEEDBACK),),
        general_feedback="Жалпы түшүндүрмө",
    )  # fmt: skip
    actions.add_question(actor=course["staff"], programme=course["programme"], question=question)
    return make_test(course, draws=[("Адабият", 1), ("Негиздер", 2)])


@pytest.fixture
def learner(client, course):
    client.force_login(course["learner"])
    return client


def start_url(course, test):
    return reverse("learning:test_start", args=[course["enrolment"].pk, test.pk])


def started(client, course, test) -> Attempt:
    response = client.post(start_url(course, test))
    attempt = Attempt.objects.get(enrolment=course["enrolment"], test=test, state="in_progress")
    assert response.headers["Location"] == reverse("learning:attempt", args=[attempt.pk])
    return attempt


def page_fields(attempt, *, right=True) -> dict:
    """What the attempt page posts: every slot's answer and sequence."""
    data = {}
    for qa in attempt.slots.select_related("version"):
        response = right_response(qa) if right else {"choice": "0", "answer": "0"}
        data[f"s{qa.slot}-seq"] = str(qa.sequence)
        for key, value in response.items():
            data[f"s{qa.slot}-{key}"] = str(value)
    return data


def test_the_start_page_shows_the_rules(learner, course, final_test):
    response = learner.get(start_url(course, final_test))

    text = response.content.decode()
    assert response.status_code == 200
    assert "<dd>60%</dd>" in text
    assert "0 of 2 used" in text
    assert "20 minutes" in text
    assert "Start the test" in text


def test_the_attempt_page_holds_no_answers(learner, course, short_test):
    attempt = started(learner, course, short_test)

    text = learner.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()

    assert "Айтматов кайсы айылда туулган?" in text
    for secret in (SECRET_ANSWER, SECRET_FEEDBACK, "Жалпы түшүндүрмө", "fraction"):
        assert secret not in text
    assert len(re.findall(r'name="s\d+-seq"', text)) == 3


def test_the_time_left_survives_a_reload(learner, course, final_test, time_machine):
    attempt = started(learner, course, final_test)
    url = reverse("learning:attempt", args=[attempt.pk])
    first = learner.get(url).content.decode()
    time_machine.shift(dt.timedelta(minutes=5))

    learner.post(start_url(course, final_test))
    again = learner.get(url).content.decode()

    assert 'data-seconds-left="1200"' in first
    assert 'data-seconds-left="900"' in again
    assert Attempt.objects.filter(test=final_test).count() == 1


def test_right_answers_give_the_result_with_immediate_feedback(learner, course, short_test):
    attempt = started(learner, course, short_test)
    data = page_fields(attempt) | {"token": str(uuid.uuid4()), "action": "finish"}
    short_slot = attempt.slots.get(version__question__category="Адабият").slot
    data[f"s{short_slot}-answer"] = "шекер айылы"

    response = learner.post(reverse("learning:attempt_submit", args=[attempt.pk]), data,
                            follow=True)  # fmt: skip

    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.passed) == ("finished", Decimal("100.00"), True)
    assert SECRET_FEEDBACK in response.content.decode()


def test_handing_in_stores_and_grades_every_answer_in_a_fixed_number_of_queries(
    learner, course, final_test, django_assert_num_queries
):
    attempt = started(learner, course, final_test)
    data = page_fields(attempt) | {"token": str(uuid.uuid4()), "action": "finish"}
    url = reverse("learning:attempt_submit", args=[attempt.pk])

    with django_assert_num_queries(15):  # with the learner's last activity (one UPDATE)
        response = learner.post(url, data)

    attempt.refresh_from_db()
    slots = list(attempt.slots.all())
    assert response.headers["Location"] == reverse("learning:attempt_result", args=[attempt.pk])
    assert (attempt.state, attempt.score) == ("finished", Decimal("100.00"))
    assert [qa.response for qa in slots] == [
        {key: str(value) for key, value in right_response(qa).items()} for qa in slots
    ]
    assert all(qa.fraction == 1 and qa.sequence == 1 for qa in slots)
    assert Step.objects.filter(question_attempt__attempt=attempt).count() == len(slots)


def test_deferred_feedback_waits_for_the_test_to_close(learner, course, short_test):
    short_test.feedback = "deferred"
    short_test.save()
    attempt = started(learner, course, short_test)
    data = {"token": str(uuid.uuid4()), "action": "finish"}

    response = learner.post(reverse("learning:attempt_submit", args=[attempt.pk]), data,
                            follow=True)  # fmt: skip

    text = response.content.decode()
    assert "0.00%" in text
    assert SECRET_ANSWER not in text and SECRET_FEEDBACK not in text


def test_autosave_answers_htmx_with_the_new_sequence(learner, course, final_test):
    attempt = started(learner, course, final_test)
    data = {"slot": "1", "s1-seq": "0", "s1-choice": "2"}

    response = learner.post(reverse("learning:attempt_save", args=[attempt.pk]), data,
                            headers={"HX-Request": "true"})  # fmt: skip

    assert 'name="s1-seq" value="1"' in response.content.decode()
    assert QuestionAttempt.objects.get(attempt=attempt, slot=1).response == {"choice": "2"}


def test_an_offline_answer_posted_twice_is_stored_once(learner, course, final_test):
    attempt = started(learner, course, final_test)
    data = {"slot": "1", "s1-seq": "0", "s1-choice": "1", "client_id": str(uuid.uuid4())}
    url = reverse("learning:attempt_save", args=[attempt.pk])

    first = learner.post(url, data)
    second = learner.post(url, data)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"status": "saved", "message": "", "slot": 1, "sequence": 1,
                             "seconds_left": 1200}  # fmt: skip
    assert Step.objects.filter(question_attempt__attempt=attempt).count() == 1


def test_a_stale_page_is_refused(learner, course, final_test):
    attempt = started(learner, course, final_test)
    url = reverse("learning:attempt_save", args=[attempt.pk])
    learner.post(url, {"slot": "1", "s1-seq": "0", "s1-choice": "1"})

    response = learner.post(url, {"slot": "1", "s1-seq": "0", "s1-choice": "3"})

    assert response.status_code == 409
    assert response.json()["status"] == "stale"
    assert QuestionAttempt.objects.get(attempt=attempt, slot=1).response == {"choice": "1"}


def test_a_late_submission_is_refused_with_a_clear_message(
    learner, course, final_test, time_machine
):
    attempt = started(learner, course, final_test)
    time_machine.shift(dt.timedelta(minutes=22))
    data = page_fields(attempt) | {"token": str(uuid.uuid4()), "action": "finish"}

    response = learner.post(reverse("learning:attempt_submit", args=[attempt.pk]), data,
                            follow=True)  # fmt: skip

    attempt.refresh_from_db()
    assert "Time was up at 09:20" in response.content.decode()
    assert (attempt.state, attempt.score, attempt.closed_late) == ("abandoned", Decimal("0.00"),
                                                                   True)  # fmt: skip


def test_a_replayed_submission_is_refused(learner, course, final_test):
    attempt = started(learner, course, final_test)
    url = reverse("learning:attempt_submit", args=[attempt.pk])
    token = str(uuid.uuid4())
    learner.post(url, page_fields(attempt) | {"token": token, "action": "finish"})

    same = learner.post(url, page_fields(attempt) | {"token": token, "action": "finish"},
                        follow=True)  # fmt: skip
    other = learner.post(
        url,
        page_fields(attempt, right=False) | {"token": str(uuid.uuid4()), "action": "finish"},
        follow=True,
    )

    attempt.refresh_from_db()
    assert "already submitted" not in same.content.decode()
    assert "already submitted" in other.content.decode()
    assert attempt.score == Decimal("100.00")


def test_the_attempts_limit_holds_on_the_page(learner, course, final_test):
    for _n in range(2):
        attempt = started(learner, course, final_test)
        learner.post(reverse("learning:attempt_submit", args=[attempt.pk]),
                     {"token": str(uuid.uuid4()), "action": "finish"})  # fmt: skip

    page = learner.get(start_url(course, final_test)).content.decode()
    refused = learner.post(start_url(course, final_test), follow=True).content.decode()

    assert "You have used all attempts of this test." in page
    assert "You have used all 2 attempts of this test." in refused
    assert Attempt.objects.filter(test=final_test).count() == 2


def test_another_learner_gets_404(client, course, final_test):
    attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                    test=final_test)  # fmt: skip
    other, other_enrolment = learner_with_enrolment(course["session"], "other", "Бекова")
    client.force_login(other)

    pages = [
        reverse(name, args=[attempt.pk]) for name in ("learning:attempt", "learning:attempt_result")
    ]
    answers = [client.get(url).status_code for url in pages]
    saved = client.post(
        reverse("learning:attempt_save", args=[attempt.pk]),
        {"slot": "1", "s1-seq": "0", "s1-choice": "1"},
    ).status_code
    foreign = client.get(start_url(course, final_test)).status_code

    assert answers == [404, 404]
    assert (saved, foreign) == (404, 404)
    assert Step.objects.count() == 0


def test_a_trainer_sees_their_sessions_attempts_only(client, course, final_test):
    attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                    test=final_test)  # fmt: skip
    actions.submit_attempt(actor=course["learner"], attempt=attempt, answers=[],
                           token=uuid.uuid4())  # fmt: skip
    trainer = EducatorFactory(surname="Тренерова")
    course["session"].trainers.add(trainer)
    other_trainer = EducatorFactory(surname="Башкаева")
    other_session = factories.session(provider_org=course["provider"])
    other_session.trainers.add(other_trainer)
    theirs = user_with_role("their.trainer", Role.TEACHER, educator=other_trainer)
    talas = user_with_role("tls", Role.PROVIDER_STAFF, organization=factories.provider("TLS-MC"))
    url = reverse("learning:attempt_result", args=[attempt.pk])

    client.force_login(user_with_role("trainer", Role.TEACHER, educator=trainer))
    mine = client.get(url)
    session_page = client.get(reverse("learning:session_assessment",
                                      args=[course["session"].pk]))  # fmt: skip
    client.force_login(theirs)
    other = client.get(url)
    client.force_login(talas)
    provider = client.get(url)

    assert mine.status_code == 200 and "0.00%" in mine.content.decode()
    assert session_page.status_code == 200
    assert (other.status_code, provider.status_code) == (404, 404)


def test_the_overview_lists_tests_and_attempts(learner, course, final_test):
    started(learner, course, final_test)

    response = learner.get(reverse("learning:assessment_overview",
                                   args=[course["enrolment"].pk]))  # fmt: skip

    assert final_test.title in response.content.decode()


def _finished_learners(course, test, count):
    for n in range(count):
        learner, enrolment = learner_with_enrolment(course["session"], f"n{n}", f"Окуучу{n}")
        attempt = actions.start_attempt(actor=learner, enrolment=enrolment, test=test)
        actions.submit_attempt(actor=learner, attempt=attempt, answers=[], token=uuid.uuid4())


@pytest.mark.parametrize("learners", [1, 3])
def test_the_sessions_results_take_the_same_queries_for_1_and_3_learners(
    client, course, final_test, learners, django_assert_num_queries
):
    _finished_learners(course, final_test, learners)
    client.force_login(course["staff"])
    url = reverse("learning:session_assessment", args=[course["session"].pk])
    client.get(url)  # (the session and the user's roles warm up the same way each time)

    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.content.decode().count("0.00%") == learners


def test_an_answer_to_a_question_the_attempt_has_not_is_a_bad_request(learner, course, final_test):
    attempt = started(learner, course, final_test)

    response = learner.post(reverse("learning:attempt_save", args=[attempt.pk]),
                            {"slot": "99", "s99-seq": "0", "s99-choice": "1"})  # fmt: skip

    assert response.status_code == 400
    assert Step.objects.count() == 0


def test_question_text_cannot_carry_script(learner, course):
    for fmt in ("plain", "html"):
        text = "<p>Суроо</p><script>alert(1)</script>"
        question = q.Question(q.Kind.SHORT, f"Скрипт {fmt}", text, text_format=fmt,
                              category="Скрипт",
                              accepted=(q.ShortAnswer("жооп", q.ONE),))  # fmt: skip
        actions.add_question(actor=course["staff"], programme=course["programme"],
                             question=question)  # fmt: skip
    test = make_test(course, draws=[("Скрипт", 2)])
    attempt = started(learner, course, test)

    text = learner.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()

    assert "<script>alert(1)</script>" not in text
    assert text.count("Суроо") == 2
