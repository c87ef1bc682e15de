"""The provider's bank through HTTP: a question per kind, editing makes a version, GIFT import
all-or-nothing with lines and reasons, export, a test's blueprint, item statistics."""

import uuid

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.learning.actions import assessment as actions
from cheber.learning.models import Question, QuestionAttempt, Test
from cheber.learning.tests.assessment_fixtures import *  # noqa: F403
from cheber.learning.tests.assessment_fixtures import learner_with_enrolment, right_response
from cheber.registry.tests.factories import user_with_role
from cheber.schedule.tests import factories

GOOD_GIFT = """$CATEGORY: Методика

::Активдүү окутуу:: Кайсы ыкма активдүү окутууга кирет? {=Кластер ~Лекция ~Диктант}

::Блум:: Блумдун таксономиясында канча деңгээл бар? {#6}
"""
BAD_GIFT = (
    GOOD_GIFT
    + """
::Бузук:: Бул суроонун жооптору жабылган эмес {=Ооба ~Жок
"""
)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def staff(client, course):
    client.force_login(course["staff"])
    return client


def test_the_bank_lists_questions_by_category(staff, course, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff.get(reverse("learning:bank", args=[course["programme"].pk]))

    text = response.content.decode()
    assert "Суроо 1" in text and "Сан 5" in text
    assert "5 questions" in text


@pytest.mark.parametrize(
    ("kind", "answers", "extra"),
    [
        ("single", "*Бишкек\nОш\nНарын", {}),
        ("multiple", "*Кыргыз\n*Орус\nКытай", {}),
        ("true_false", "true", {}),
        ("matching", "Бишкек -> Чүй\nОш -> Ош облусу\nНарын -> Нарын облусу", {}),
        ("ordering", "Башы\nОртосу\nАягы", {}),
        ("numeric", "3,5", {"tolerance": "0.1"}),
        ("short", "Манас\nМанас эпосу", {}),
        ("description", "", {}),
    ],
)
def test_a_question_of_each_kind_is_added_through_the_form(staff, course, kind, answers, extra):
    data = {"kind": kind, "category": "Жаңы", "name": f"Суроо {kind}", "text": "Текст?",
            "answers": answers, "status": "ready", "tolerance": "0", **extra}  # fmt: skip

    response = staff.post(reverse("learning:question_add", args=[course["programme"].pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get(name=f"Суроо {kind}")
    assert (question.kind, question.category, question.version) == (kind, "Жаңы", 1)


def test_a_single_choice_without_a_right_answer_is_refused(staff, course):
    data = {"kind": "single", "category": "Жаңы", "name": "Жаман", "text": "Текст?",
            "answers": "Бир\nЭки", "status": "ready"}  # fmt: skip

    response = staff.post(reverse("learning:question_add", args=[course["programme"].pk]), data)

    assert response.status_code == 200
    assert "exactly one answer worth 100%" in response.content.decode()
    assert not Question.objects.filter(name="Жаман").exists()


def test_editing_makes_a_version_and_attempts_keep_theirs(staff, course, final_test):
    attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                    test=final_test)  # fmt: skip
    qa = attempt.slots.select_related("version__question").get(slot=1)
    question = qa.version.question
    data = {"kind": "single", "category": question.category, "name": "Жаңы аты",
            "text": "Жаңы текст?", "answers": "*A\nB\nC\nD", "status": "ready"}  # fmt: skip

    staff.post(reverse("learning:question_edit", args=[question.pk]), data)

    question.refresh_from_db()
    assert question.version == 2
    assert QuestionAttempt.objects.get(pk=qa.pk).version.number == 1
    assert question.versions.count() == 2


def test_a_gift_file_with_an_error_imports_nothing(staff, course):
    url = reverse("learning:gift_import", args=[course["programme"].pk])
    before = Question.objects.count()

    response = staff.post(url, {"text": BAD_GIFT, "category": ""})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in text
    assert "Line 7:" in text
    assert Question.objects.count() == before


def test_a_good_gift_file_imports_every_question(staff, course):
    url = reverse("learning:gift_import", args=[course["programme"].pk])

    response = staff.post(url, {"text": GOOD_GIFT, "category": ""})

    assert response.status_code == 302
    imported = Question.objects.filter(category="Методика").order_by("pk")
    assert [(x.name, x.kind) for x in imported] == [("Активдүү окутуу", "single"),
                                                     ("Блум", "numeric")]  # fmt: skip


def test_the_bank_exports_as_gift_and_moodle_xml(staff, course):
    gift = staff.get(reverse("learning:export_gift", args=[course["programme"].pk]))
    xml = staff.get(reverse("learning:export_xml", args=[course["programme"].pk]))

    assert "::Суроо 1::" in gift.content.decode()
    assert "$CATEGORY: Эсеп" in gift.content.decode()
    assert b"<quiz>" in xml.content and "Суроо 1".encode() in xml.content


def test_a_test_is_written_with_its_blueprint(staff, course):
    data = {"purpose": "pre", "title": "Алгачкы тест", "instructions": "", "shuffle": "on",
            "attempts_allowed": "1", "time_limit": "15", "passing_percent": "0",
            "feedback": "deferred", "is_open": "on", "draws": "Негиздер: 2\nЭсеп: 1"}  # fmt: skip

    response = staff.post(reverse("learning:test_add", args=[course["programme"].pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    test = Test.objects.get(title="Алгачкы тест")
    assert [(d.category, d.count) for d in test.draws.all()] == [("Негиздер", 2), ("Эсеп", 1)]


def test_an_open_test_cannot_draw_more_than_the_bank_holds(staff, course):
    data = {"purpose": "final", "title": "Чоң тест", "attempts_allowed": "0",
            "passing_percent": "60", "feedback": "immediate", "is_open": "on",
            "draws": "Негиздер: 9"}  # fmt: skip

    response = staff.post(reverse("learning:test_add", args=[course["programme"].pk]), data)

    assert response.status_code == 200
    assert "has 4 ready questions" in response.content.decode()
    assert not Test.objects.filter(title="Чоң тест").exists()


def test_item_statistics_show_facility_and_flags(staff, course, final_test):
    for n in range(4):
        learner, enrolment = learner_with_enrolment(course["session"], f"l{n}", f"Окуучу{n}")
        attempt = actions.start_attempt(actor=learner, enrolment=enrolment, test=final_test)
        answers = [actions.Answer(qa.slot, right_response(qa) if qa.slot <= n else {}, 0)
                   for qa in attempt.slots.select_related("version")]  # fmt: skip
        actions.submit_attempt(actor=learner, attempt=attempt, answers=answers,
                               token=uuid.uuid4())  # fmt: skip

    response = staff.get(reverse("learning:test_statistics", args=[final_test.pk]))

    text = response.content.decode()
    assert "4 finished attempts" in text
    assert "Facility" in text and "%" in text


def test_another_provider_cannot_open_the_bank(client, course):
    client.force_login(user_with_role("tls", Role.PROVIDER_STAFF,
                                      organization=factories.provider("TLS-MC")))  # fmt: skip

    answers = [
        client.get(reverse("learning:bank", args=[course["programme"].pk])).status_code,
        client.post(reverse("learning:gift_import", args=[course["programme"].pk]),
                    {"text": GOOD_GIFT}).status_code,
    ]  # fmt: skip

    assert answers == [404, 404]
    assert not Question.objects.filter(category="Методика").exists()


def test_a_second_pre_test_is_refused(staff, course):
    data = {"purpose": "pre", "title": "Алгачкы", "attempts_allowed": "1",
            "passing_percent": "0", "feedback": "deferred", "draws": "Негиздер: 2"}  # fmt: skip
    url = reverse("learning:test_add", args=[course["programme"].pk])
    staff.post(url, data)

    response = staff.post(url, data | {"title": "Дагы бир алгачкы"})

    assert response.status_code == 200
    assert Test.objects.filter(purpose="pre").count() == 1


def test_a_moodle_xml_file_is_imported_through_the_same_page(staff, course):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cheber.learning import moodle_xml
    from cheber.learning.demo import bank

    data = moodle_xml.to_moodle_xml([x for x in bank() if x.kind == "ordering"])
    upload = SimpleUploadedFile("bank.xml", data, "application/xml")

    response = staff.post(reverse("learning:gift_import", args=[course["programme"].pk]),
                          {"file": upload, "text": ""})  # fmt: skip

    assert response.status_code == 302
    assert Question.objects.get(kind="ordering").category == "Негизги түшүнүктөр"


def test_hidden_questions_are_not_drawn(course):
    hidden = Question.objects.filter(programme=course["programme"], category="Негиздер")[:1]
    Question.objects.filter(pk__in=[x.pk for x in hidden]).update(status="hidden")
    test = actions.save_test(
        actor=course["staff"], programme=course["programme"], draws=[("Негиздер", 3)],
        values={"purpose": "final", "title": "Тест", "is_open": True},
    )  # fmt: skip

    attempt = actions.start_attempt(actor=course["learner"], enrolment=course["enrolment"],
                                    test=test)  # fmt: skip

    drawn = set(attempt.slots.values_list("version__question_id", flat=True))
    assert hidden[0].pk not in drawn and len(drawn) == 3
