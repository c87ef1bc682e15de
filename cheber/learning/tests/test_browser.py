"""A teacher saves an online course for offline reading and reads a lesson with the network
switched off, on a 360-px phone screen in Chromium."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cheber.delivery.models import Enrolment
from cheber.learning.models import CourseProgress, LessonProgress
from conftest import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today():
    """The real day: Chromium's clock would expire a session cookie set on a moved one."""
    return timezone.localdate()


def until(page, expression: str, seconds: float = 60) -> None:
    """Poll a condition in the page (`wait_for_function` evaluates a string, which the content
    security policy forbids)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    status = page.evaluate("document.getElementById('offline-status')?.textContent")
    body = page.evaluate("document.body.innerText.slice(0, 300)")
    raise AssertionError(f"{expression} never held at {page.url}; status: {status}; {body}")


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill("pw-" + username)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/home/")


def test_a_saved_lesson_opens_with_the_network_off(live_server, phone_page, enrolment):
    page = phone_page
    lessons = list(CourseProgress.objects.get(enrolment=enrolment).version.lessons.in_order())
    course = live_server.url + reverse("learning:course", args=[enrolment.pk])
    second = live_server.url + reverse("learning:lesson", args=[enrolment.pk, lessons[1].pk])
    log_in(page, live_server, "learner")

    page.goto(course)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the worker controls the page
    assert fits_the_screen(page)
    page.locator("[data-save-offline]").click()
    until(page, "document.documentElement.dataset.offlineSaved === 'yes'")
    page.context.set_offline(True)
    page.goto(second)
    reading = page.locator("h1").inner_text()
    assert fits_the_screen(page)
    page.locator("form[data-outbox] button").click()  # "done", without a connection
    page.wait_for_url(
        live_server.url + reverse("learning:lesson", args=[enrolment.pk, lessons[2].pk])
    )
    offline_next = page.locator("h1").inner_text()
    page.goto(live_server.url + reverse("learning:online_courses"))
    unsaved = page.locator("body").inner_text()
    page.go_back()
    marked_offline = LessonProgress.objects.filter(enrolment=enrolment).count()
    page.context.set_offline(False)  # the "online" event sends the mark (or a retry does)
    until(page, "localStorage.getItem('cheber-outbox') === '[]'")

    assert reading == "Коопсуз интернет"
    assert offline_next == "Онлайн сабак"
    assert "Интернет жок" in unsaved
    assert marked_offline == 0
    assert list(LessonProgress.objects.values_list("lesson_id", flat=True)) == [lessons[1].pk]


def test_a_teacher_enrols_studies_and_finds_the_course_in_their_history(
    live_server, phone_page, teacher, session, online_rule
):
    page = phone_page
    educator, _user = teacher
    log_in(page, live_server, "learner")

    page.goto(live_server.url + reverse("learning:online_courses"))
    assert fits_the_screen(page)
    page.locator(f"form[action='{reverse('learning:enrol', args=[session.pk])}'] button").click()
    page.wait_for_url("**/learning/courses/*/")
    assert fits_the_screen(page)
    enrolment = Enrolment.objects.get(educator=educator, session=session)
    lessons = CourseProgress.objects.get(enrolment=enrolment).version.lessons.in_order()
    page.locator("main a[role=button]").first.click()  # begin
    titles = []
    for lesson in lessons:
        page.wait_for_url(live_server.url + reverse("learning:lesson",
                                                    args=[enrolment.pk, lesson.pk]))  # fmt: skip
        titles.append(page.locator("main h1").first.inner_text())
        assert fits_the_screen(page)
        page.locator("form[data-outbox] button").click()
    page.wait_for_url(live_server.url + reverse("learning:course", args=[enrolment.pk]))
    course_note = page.locator("main .messages").inner_text()
    page.goto(live_server.url + reverse("registry:educator_detail", args=[educator.pk]))
    history = page.locator("main").inner_text()

    assert titles == ["Санариптик сабаттуулук", "Коопсуз интернет", "Онлайн сабак"]
    assert course_note.strip() != ""
    assert "АКТ компетенттүүлүгү" in history


def test_a_provider_writes_a_lesson_and_previews_it_on_a_phone(live_server, phone_page, staff,
                                                               programme):  # fmt: skip
    page = phone_page
    log_in(page, live_server, "staff")

    page.goto(live_server.url + reverse("learning:content", args=[programme.pk]))
    page.locator("main form button").click()  # start writing
    page.wait_for_url("**/learning/versions/*/")
    page.locator("main section a", has_text="+").first.click()
    page.locator("#id_title_ky").fill("Сабактын планы")
    page.locator("#id_body_ky").fill("# Максат\n\n- **бир**\n- эки")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/learning/lessons/*/edit/")
    page.locator("main p a", has_text="Алдын ала көрүү").click()  # (the Kyrgyz page)
    page.wait_for_url("**/preview/")

    assert page.locator(".lesson-body h2").inner_text() == "Максат"
    assert page.locator(".lesson-body li strong").inner_text() == "бир"
    assert fits_the_screen(page)
