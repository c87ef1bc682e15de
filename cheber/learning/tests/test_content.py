"""Authoring course content: drafts, sanitised lessons, approval, versions kept by learners."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cheber.learning.actions import content as actions
from cheber.learning.actions.progress import start_course
from cheber.learning.models import Attachment, ContentVersion, CourseProgress, Lesson
from cheber.learning.tests import factories as lf

pytestmark = pytest.mark.usefixtures("reference")
Status = ContentVersion.Status
EVIL = (
    "Салам <script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)"> [клик](javascript:alert(2)) '
    '<a href="https://edu.gov.kg" style="color:red">сайт</a> <iframe src="https://evil"></iframe>'
)


def test_a_lesson_with_script_is_stored_and_shown_without_it(client, staff, programme):
    draft = actions.start_draft(actor=staff, programme=programme)
    module = programme.modules.get(order=1)

    lesson = actions.save_lesson(actor=staff, version=draft, module=module, title_ky="Сабак",
                                 body_ky=EVIL)  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("learning:lesson_preview", args=[lesson.pk])).content.decode()
    body = page.split('class="lesson-body"', 1)[1].split("</article>", 1)[0]

    for text in (lesson.html_ky, body):
        assert "<script" not in text and "alert(" not in text
        assert "onerror" not in text and "javascript:" not in text
        assert "<iframe" not in text and 'style="' not in text
    assert '<a href="https://edu.gov.kg" rel="noopener noreferrer">сайт</a>' in lesson.html_ky
    assert "Салам" in body and page.count("<script") == 2  # htmx and offline.js, no more


def test_a_new_draft_copies_the_approved_lessons_and_their_materials(staff, version):
    lesson = version.lessons.first()
    Attachment.objects.create(lesson=lesson, kind="oer", title_ky="OER", url="https://oer.kg/1",
                              licence="CC BY 4.0")  # fmt: skip

    draft = actions.start_draft(actor=staff, programme=version.programme)

    assert (draft.number, draft.status, draft.based_on) == (2, Status.DRAFT, version)
    assert list(draft.lessons.values_list("key", "title_ky")) == list(
        version.lessons.values_list("key", "title_ky")
    )
    copied = Attachment.objects.get(lesson__version=draft)
    assert (copied.url, copied.licence) == ("https://oer.kg/1", "CC BY 4.0")
    assert version.lessons.count() == 3 and Attachment.objects.count() == 2


def test_only_one_draft_at_a_time_and_only_a_draft_is_edited(staff, version):
    draft = actions.start_draft(actor=staff, programme=version.programme)

    with pytest.raises(ValidationError):
        actions.start_draft(actor=staff, programme=version.programme)
    with pytest.raises(ValidationError):
        actions.save_lesson(actor=staff, version=version, module=version.lessons.first().module,
                            title_ky="Өзгөртүү")  # fmt: skip
    assert draft.is_editable


def test_another_provider_cannot_author_and_a_provider_cannot_approve(
    staff, other_provider, institute, programme
):
    from cheber.core.access import Role
    from cheber.registry.tests.factories import user_with_role

    stranger = user_with_role("stranger", Role.PROVIDER_STAFF, organization=other_provider)
    draft = actions.start_draft(actor=staff, programme=programme)
    actions.save_lesson(actor=staff, version=draft, module=programme.modules.first(),
                        title_ky="Сабак")  # fmt: skip
    actions.submit_version(actor=staff, version=draft)

    with pytest.raises(PermissionDenied):
        actions.start_draft(actor=stranger, programme=programme)
    with pytest.raises(PermissionDenied):
        actions.approve_version(actor=staff, version=draft)
    approved = actions.approve_version(actor=institute, version=draft)
    assert approved.status == Status.APPROVED and approved.approved_by == institute


def test_a_learner_keeps_the_version_they_started_after_a_new_one_is_approved(
    staff, institute, teacher, enrolment, version
):
    draft = actions.start_draft(actor=staff, programme=version.programme)
    lesson = draft.lessons.first()
    actions.save_lesson(actor=staff, version=draft, module=lesson.module, lesson=lesson,
                        title_ky="Жаңы аталыш")  # fmt: skip
    actions.submit_version(actor=staff, version=draft)

    actions.approve_version(actor=institute, version=draft)

    version.refresh_from_db()
    assert version.status == Status.SUPERSEDED
    assert CourseProgress.objects.get(enrolment=enrolment).version == version
    assert start_course(actor=teacher[1], enrolment=enrolment).version == version
    assert Lesson.objects.get(version=version, key=lesson.key).title_ky != "Жаңы аталыш"


def test_the_content_page_lists_versions_in_a_fixed_number_of_queries(
    client, staff, programme, django_assert_num_queries
):
    client.force_login(staff)
    lf.content(programme, [(1, "А", "а")], status="superseded")
    client.get(reverse("learning:content", args=[programme.pk]))  # warm the session caches

    with django_assert_num_queries(5) as one:
        client.get(reverse("learning:content", args=[programme.pk]))
    for number in (2, 3):
        lf.content(programme, [(1, "А", "а")], status="superseded", number=number)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("learning:content", args=[programme.pk]))

    assert response.content.decode().count(">v3</a>") == 1  # (not a token that holds "v3")


def test_the_version_page_of_another_providers_programme_is_404(client, other_provider, version):
    from cheber.core.access import Role
    from cheber.registry.tests.factories import user_with_role

    client.force_login(user_with_role("them", Role.PROVIDER_STAFF, organization=other_provider))

    assert client.get(reverse("learning:version_detail", args=[version.pk])).status_code == 404
    assert client.get(reverse("learning:content", args=[version.programme_id])).status_code == 404


def test_a_provider_writes_previews_and_submits_and_the_institute_approves_in_the_browser(
    client, staff, institute, programme
):
    client.force_login(staff)
    client.post(reverse("learning:start_draft", args=[programme.pk]))
    draft = ContentVersion.objects.get(programme=programme)
    module = programme.modules.get(order=2)

    created = client.post(reverse("learning:lesson_create", args=[draft.pk]), {
        "module": module.pk, "title_ky": "Долбоор", "title_ru": "Проект",
        "body_ky": "**Кадамдар**", "body_ru": "**Шаги**", "minutes": 25,
    })  # fmt: skip
    lesson = Lesson.objects.get(version=draft)
    preview = client.get(reverse("learning:lesson_preview", args=[lesson.pk])).content.decode()
    client.post(reverse("learning:submit_version", args=[draft.pk]))
    client.force_login(institute)
    client.post(reverse("learning:approve_version", args=[draft.pk]))

    draft.refresh_from_db()
    assert created.url == reverse("learning:lesson_edit", args=[lesson.pk])
    assert (lesson.module, lesson.order, lesson.minutes) == (module, 1, 25)
    assert "<strong>Кадамдар</strong>" in preview
    assert draft.status == Status.APPROVED


def test_a_russian_reader_gets_the_russian_text_and_the_kyrgyz_one_when_there_is_none(
    client, staff, programme
):
    draft = actions.start_draft(actor=staff, programme=programme)
    module = programme.modules.first()
    both = actions.save_lesson(actor=staff, version=draft, module=module, title_ky="Эки тил",
                               body_ky="Кыргызча", body_ru="По-русски")  # fmt: skip
    only_ky = actions.save_lesson(actor=staff, version=draft, module=module, title_ky="Бир тил",
                                  body_ky="Кыргызча гана")  # fmt: skip
    client.force_login(staff)
    client.cookies["cheber_language"] = "ru"

    russian = client.get(reverse("learning:lesson_preview", args=[both.pk])).content.decode()
    fallback = client.get(reverse("learning:lesson_preview", args=[only_ky.pk])).content.decode()

    assert '<div class="lesson-body" lang="ru"><p>По-русски</p>' in russian
    assert '<div class="lesson-body" lang="ky"><p>Кыргызча гана</p>' in fallback


def test_lessons_of_a_draft_are_moved_and_deleted_and_materials_removed(client, staff, version):
    draft = actions.start_draft(actor=staff, programme=version.programme)
    first, second = draft.lessons.filter(module__order=1).order_by("order")
    link = Attachment.objects.create(lesson=second, kind="oer", title_ky="OER",
                                     url="https://oer.kg/2", licence="CC0")  # fmt: skip
    client.force_login(staff)

    client.post(reverse("learning:lesson_move", args=[second.pk]), {"direction": "up"})
    client.post(reverse("learning:material_remove", args=[link.pk]))
    client.post(reverse("learning:lesson_delete", args=[first.pk]))
    refused = client.post(reverse("learning:lesson_delete", args=[version.lessons.first().pk]))

    assert list(draft.lessons.filter(module__order=1).values_list("pk", "order")) == [
        (second.pk, 1)
    ]
    assert not Attachment.objects.filter(lesson=second).exists()
    assert refused.status_code == 302 and version.lessons.count() == 3


def test_an_authors_headings_sit_under_the_lesson_title():
    from cheber.learning.markup import render_markdown

    assert render_markdown("# Киришүү\n\n## Максат") == "<h2>Киришүү</h2>\n<h3>Максат</h3>"
