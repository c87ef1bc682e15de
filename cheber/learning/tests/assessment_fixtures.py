"""Objects the assessment tests share: a programme with a bank, an online session, a learner
enrolled in it, a trainer and provider staff; and one of the same on the Talas side, out of
scope. Imported by the assessment test modules (`from … import *` brings the fixtures)."""

import datetime as dt
from decimal import Decimal

import pytest

from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.learning import questions as q
from cheber.learning.actions import assessment as actions
from cheber.learning.models import Question, Test
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

BISHKEK = dt.timezone(dt.timedelta(hours=6))
MONDAY = dt.datetime(2027, 3, 8, 9, 0, tzinfo=BISHKEK)
ONE = Decimal(1)


def single(n: int, right: int = 0, category: str = "Негиздер") -> q.Question:
    """A single-choice question whose answer `right` (of four) is the right one."""
    choices = tuple(q.Choice(f"Жооп {n}.{i}", ONE if i == right else Decimal(0)) for i in range(4))
    return q.Question(q.Kind.SINGLE, f"Суроо {n}", f"Суроонун тексти {n}?",
                      category=category, choices=choices)  # fmt: skip


def numeric(n: int, value: str = "42", category: str = "Негиздер") -> q.Question:
    return q.Question(q.Kind.NUMERIC, f"Сан {n}", f"Канча {n}?", category=category,
                      numeric=(q.NumericAnswer(Decimal(value), Decimal("0.5"), ONE),))  # fmt: skip


def learner_with_enrolment(session, username: str, surname: str = "Асанова"):
    school = OrganizationFactory(unit=unit(KOCHKOR))
    educator = EducatorFactory(surname=surname)
    employ(educator, school)
    enrolment = Enrolment.objects.create(
        session=session, educator=educator, organization=school, unit=school.unit,
        funding=Enrolment.Funding.BUDGET, origin=Enrolment.Origin.APPLICATION,
        state=Enrolment.State.ENROLLED,
    )  # fmt: skip
    return user_with_role(username, Role.TEACHER, educator=educator), enrolment


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return MONDAY


@pytest.fixture
def course(reference, monday):
    """An online session of a programme (1–26 March 2027) with five questions in its bank."""
    provider = factories.provider("NRN-MC")
    programme = factories.programme(provider, form="online")
    session = factories.session(
        provider_org=provider, programme=programme, start=dt.date(2027, 3, 1), days=26,
        unit_soate=None,
    )  # fmt: skip
    staff = user_with_role("nrn.staff", Role.PROVIDER_STAFF, organization=provider)
    for n in range(1, 5):
        actions.add_question(actor=staff, programme=programme, question=single(n))
    actions.add_question(actor=staff, programme=programme, question=numeric(5),
                         category="Эсеп")  # fmt: skip
    learner, enrolment = learner_with_enrolment(session, "learner")
    return {"provider": provider, "programme": programme, "session": session, "staff": staff,
            "learner": learner, "enrolment": enrolment}  # fmt: skip


def make_test(course, **values) -> Test:
    draws = values.pop("draws", None) or [("Негиздер", 3), ("Эсеп", 1)]
    rule = {"purpose": Test.Purpose.FINAL, "title": "Жыйынтыктоочу тест", "is_open": True,
            "time_limit": 20, "attempts_allowed": 2, "passing_percent": 60,
            "feedback": Test.Feedback.IMMEDIATE}  # fmt: skip
    rule.update(values)
    return actions.save_test(
        actor=course["staff"],
        programme=course["programme"],
        values=rule,
        draws=draws,
    )


@pytest.fixture
def final_test(course):
    return make_test(course)


def right_response(question_attempt) -> dict:
    """The response that scores full marks for a slot, read from the server's own data."""
    question = q.Question.from_json(question_attempt.version.body)
    if question.kind == q.Kind.NUMERIC:
        return {"answer": str(question.numeric[0].value)}
    if question.kind == q.Kind.SHORT:
        return {"answer": question.accepted[0].text}
    order = question_attempt.state["order"]
    right = next(i for i, c in enumerate(question.choices) if c.fraction == ONE)
    return {"choice": order.index(right)}


def ready(programme) -> int:
    return Question.objects.filter(programme=programme).ready().count()


__all__ = ["monday", "course", "final_test"]
