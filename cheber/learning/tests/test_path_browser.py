"""The whole way of an online course in Chromium, as issue 17 asks when it is done.

A teacher on a 360-px phone enrols, reads every lesson, passes a module test online and the
final test with the network switched off (the answers kept on the phone and sent when it comes
back), and finds the training in their history, their status and a certificate (issued the
moment they completed; the provider finds it on the session's certificates page). A provider
writes a lesson, imports a GIFT bank (a file with an error refused with its line and reason,
then a correct one) and grades a learner's project with the rubric."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cheber.certificates.models import Certificate
from cheber.core.access import Role
from cheber.delivery.models import Enrolment
from cheber.learning.actions import assessment as actions
from cheber.learning.actions.assignments import save_assignment, submit_assignment
from cheber.learning.actions.progress import enrol_online
from cheber.learning.models import Attempt, CourseProgress, Grading, Lesson, Question
from cheber.learning.tests import factories as lf
from cheber.learning.tests.assessment_fixtures import right_response, single
from cheber.learning.tests.test_browser import log_in, until
from cheber.registry.tests.factories import KOCHKOR, OrganizationFactory, unit, user_with_role
from cheber.schedule.tests import factories
from conftest import PHONE, fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LESSONS = [
    (1, "Санариптик сабаттуулук", "# Киришүү\n\nСанариптик **сабаттуулук** — бул..."),
    (1, "Коопсуз интернет", "Сырсөздөр жана *коопсуздук*."),
    (2, "Онлайн сабак", "Zoom жана Google Meet менен иштөө."),
]
TITLE = "АКТ компетенттүүлүгү"


@pytest.fixture
def today():
    """The real day: Chromium's clock would expire a session cookie set on a moved one."""
    return timezone.localdate()


@pytest.fixture
def world(reference, today):
    """An online course of the Naryn methodical centre (three lessons in two modules, a
    two-question test of the first module and a final test, both needing 60%), a session open
    since ten days, its provider's staff and a teacher of a Kochkor school who never trained."""
    provider = factories.provider("NRN-MC")
    programme = lf.online_programme(provider, title_ky=TITLE, title_ru="ИКТ")
    lf.content(programme, LESSONS)
    session = lf.online_session(programme, start=today - dt.timedelta(days=10))
    staff = user_with_role("staff", Role.PROVIDER_STAFF, organization=provider)
    for n in (1, 2, 3):
        actions.add_question(actor=staff, programme=programme, question=single(n))
    module = programme.modules.get(order=1)
    rule = {"is_open": True, "passing_percent": 60, "attempts_allowed": 2}
    for values in ({"purpose": "module", "module": module, "title": "1-модулдун тести"},
                   {"purpose": "final", "title": "Жыйынтыктоочу тест"}):  # fmt: skip
        actions.save_test(actor=staff, programme=programme, draws=[("Негиздер", 2)],
                          values=rule | values)  # fmt: skip
    educator, learner = lf.learner(OrganizationFactory(unit=unit(KOCHKOR)))
    return {"programme": programme, "session": session, "staff": staff, "educator": educator,
            "learner": learner}  # fmt: skip


def answer_right(page, attempt: Attempt) -> None:
    """Tick the right option of every question (read from the attempt's own random order)."""
    for qa in attempt.slots.select_related("version"):
        choice = right_response(qa)["choice"]
        page.locator(f"input[name=s{qa.slot}-choice][value='{choice}']").check()


def open_test(page, live_server, enrolment: Enrolment, title: str) -> Attempt:
    page.goto(live_server.url + reverse("learning:assessment_overview", args=[enrolment.pk]))
    page.locator("main h3 a", has_text=title).click()
    page.wait_for_url("**/tests/*/")
    page.locator("main form button[type=submit]").click()  # start the test
    page.wait_for_url("**/learning/attempts/*/")
    return Attempt.objects.get(enrolment=enrolment, test__title=title)


def test_a_teacher_goes_from_enrolment_to_a_certificate_on_a_phone(live_server, phone_page, world):
    page = phone_page
    session, educator = world["session"], world["educator"]
    log_in(page, live_server, "learner")

    # enrol and read every lesson
    page.goto(live_server.url + reverse("learning:online_courses"))
    page.locator(f"form[action='{reverse('learning:enrol', args=[session.pk])}'] button").click()
    page.wait_for_url("**/learning/courses/*/")
    enrolment = Enrolment.objects.get(educator=educator, session=session)
    page.locator("main a[role=button]").first.click()  # begin
    for lesson in CourseProgress.objects.get(enrolment=enrolment).version.lessons.in_order():
        page.wait_for_url(
            live_server.url + reverse("learning:lesson", args=[enrolment.pk, lesson.pk])
        )
        page.locator("form[data-outbox] button").click()  # done, next
    page.wait_for_url(live_server.url + reverse("learning:course", args=[enrolment.pk]))
    assert fits_the_screen(page)

    # the module test, online: each answer autosaved, then handed in
    page.locator(
        f"main a[href='{reverse('learning:assessment_overview', args=[enrolment.pk])}']"
    ).click()
    page.wait_for_url("**/assessment/")
    module_attempt = open_test(page, live_server, enrolment, "1-модулдун тести")
    assert fits_the_screen(page)
    answer_right(page, module_attempt)
    until(page, "document.querySelectorAll('.slot-state .muted').length === 2")
    page.locator("button[value=finish]").click()
    page.wait_for_url("**/result/")
    module_result = page.locator(".result-score").inner_text()

    # the final test, offline: answers kept on the phone, sent when the connection returns
    final_attempt = open_test(page, live_server, enrolment, "Жыйынтыктоочу тест")
    page.context.set_offline(True)
    answer_right(page, final_attempt)
    page.locator("button[value=finish]").click()
    page.wait_for_selector("#offline-note:not([hidden])")
    offline_state = Attempt.objects.get(pk=final_attempt.pk).state
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_url("**/result/")
    final_result = page.locator(".result-score").inner_text()
    assert fits_the_screen(page)

    # the certificate was issued the moment they completed: the provider finds it listed
    provider_page = page.context.browser.new_context(viewport=PHONE).new_page()
    log_in(provider_page, live_server, "staff")
    provider_page.goto(
        live_server.url + reverse("certificates:session_certificates", args=[session.pk])
    )
    listed = provider_page.locator("main td a").all_inner_texts()  # the certificates' numbers
    number = Certificate.objects.get(enrolment=enrolment).number
    provider_page.context.close()

    # the teacher: their history, their status, their certificate
    page.goto(live_server.url + reverse("registry:educator_detail", args=[educator.pk]))
    history = page.locator("main").inner_text()
    page.goto(live_server.url + reverse("compliance:my_status"))
    status = page.locator("#status-summary .status").get_attribute("class")
    why = page.locator("#explanation").inner_text()
    assert fits_the_screen(page)
    page.goto(live_server.url + reverse("certificates:my_certificates"))
    certificates = page.locator("main").inner_text()
    assert fits_the_screen(page)

    assert Attempt.objects.get(pk=module_attempt.pk).passed
    assert "100" in module_result and "100" in final_result
    assert offline_state == "in_progress"
    assert Attempt.objects.get(pk=final_attempt.pk).passed
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    assert TITLE in history
    assert "status-compliant" in status
    assert timezone.localdate().strftime("%d.%m.%Y") in why  # the last counting training
    assert listed == [number]
    assert number in certificates


GIFT_WITH_AN_ERROR = """// two questions, the second one wrong
::Блум::Эң жогорку деңгээл? {=Жаратуу ~Эстеп калуу ~Талдоо}

::Сан::Канча модуль бар? {#эки}
"""
GIFT = """::Блум::Эң жогорку деңгээл? {=Жаратуу ~Эстеп калуу ~Талдоо}

::Сан::Канча модуль бар? {#2}

::Чындык::Рубрика критерийлерди көрсөтөт. {T}
"""


def test_a_provider_writes_a_lesson_imports_a_bank_and_grades_a_project(
    live_server, phone_page, world
):
    page = phone_page
    programme, session = world["programme"], world["session"]
    project = save_assignment(
        actor=world["staff"], programme=programme,
        values={"kind": "project", "title": "Сабактын долбоору", "passing_points": 4},
        criteria=[("Максаттар", 3), ("Ыкмалар", 4)],
    )  # fmt: skip
    learner = world["learner"]
    enrolment = enrol_online(actor=learner, session=session, educator=world["educator"])
    submit_assignment(actor=learner, enrolment=enrolment, assignment=project,
                      text="Менин долбоорум")  # fmt: skip
    page.context.add_cookies([{"name": "cheber_language", "value": "en", "url": live_server.url}])
    log_in(page, live_server, "staff")

    # a lesson of a new version of the content
    page.goto(live_server.url + reverse("learning:content", args=[programme.pk]))
    page.locator("main form button").click()  # start a new draft from the approved content
    page.wait_for_url("**/learning/versions/*/")
    page.locator("main section a", has_text="+").first.click()
    page.locator("#id_title_ky").fill("Сабактын планы")
    page.locator("#id_body_ky").fill("# Максат\n\n- **бир**\n- эки")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/learning/lessons/*/edit/")
    assert fits_the_screen(page)

    # the bank: a file with an error imports nothing, a correct one all
    page.goto(live_server.url + reverse("learning:content", args=[programme.pk]))
    page.locator(f"main a[href='{reverse('learning:bank', args=[programme.pk])}']").click()
    page.locator(f"main a[href='{reverse('learning:gift_import', args=[programme.pk])}']").click()
    page.locator("#id_file").set_input_files(
        {"name": "bank.gift", "mimeType": "text/plain", "buffer": GIFT_WITH_AN_ERROR.encode()}
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".import-errors")
    refused = page.locator(".import-errors").inner_text()
    bank_after_error = Question.objects.filter(programme=programme).count()
    assert fits_the_screen(page)
    page.locator("#id_file").set_input_files(
        {"name": "bank.gift", "mimeType": "text/plain", "buffer": GIFT.encode()}
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("learning:bank", args=[programme.pk]))
    imported = page.locator("main .messages").inner_text()

    # the project, graded with the rubric from the session's tests and assignments
    page.goto(live_server.url + reverse("learning:session_progress", args=[session.pk]))
    page.locator(
        f"main a[href='{reverse('learning:session_assessment', args=[session.pk])}']"
    ).click()
    page.locator("main a", has_text="Сабактын долбоору").click()
    page.wait_for_url("**/grade/")
    for criterion, points in zip(project.criteria.order_by("order"), (3, 2), strict=True):
        page.locator(f"#id_c{criterion.pk}").fill(str(points))
    page.locator("#id_comment").fill("Ыкмалар жакшы.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("learning:session_assessment", args=[session.pk]))
    graded = page.locator("main").inner_text()
    assert fits_the_screen(page)

    assert Lesson.objects.filter(title_ky="Сабактын планы", version__status="draft").exists()
    assert refused.strip() == "Line 4: “эки” is not a number: a numeric question needs numbers."
    assert bank_after_error == 3  # the three of the fixture, none of the file
    assert "3 questions imported" in imported
    assert Question.objects.filter(programme=programme).count() == 6
    grading = Grading.objects.get(submission__enrolment=enrolment)
    assert (grading.points, grading.passed, grading.comment) == (5, True, "Ыкмалар жакшы.")
    assert [s.points for s in grading.scores.order_by("criterion__order")] == [3, 2]
    assert "The grade is saved." in graded and "Nothing is waiting." in graded
