"""Authoring pages: a programme's content versions, lessons and their materials, preview,
submission and approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.catalog.models import Programme
from cheber.core.forms import add_action_errors
from cheber.core.uploads import upload_limit
from cheber.learning import access
from cheber.learning.access import (
    get_attachment_for_user,
    get_authored_lesson_for_user,
    get_programme_content_for_user,
    get_version_for_user,
)
from cheber.learning.actions import content as actions
from cheber.learning.forms import AttachmentForm, LessonForm, ReturnForm
from cheber.learning.media import ranged_response
from cheber.learning.models import Attachment, ContentVersion


@login_required
def content(request, pk: int):
    """A programme's content: its versions, newest first."""
    programme = get_programme_content_for_user(request.user, pk)
    versions = programme.content_versions.annotate(lesson_count=Count("lessons"))
    has_open = any(v.status in ContentVersion.OPEN_STATES for v in versions)
    return render(request, "learning/content.html", {
        "programme": programme, "versions": versions,
        "can_start": access.can_author_content(request.user, programme) and not has_open,
    })  # fmt: skip


@require_POST
@login_required
def start_draft(request, pk: int):
    programme = get_programme_content_for_user(request.user, pk)
    try:
        draft = actions.start_draft(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:content", pk=programme.pk)
    return redirect("learning:version_detail", pk=draft.pk)


def lessons_by_module(version: ContentVersion) -> list[tuple]:
    """[(module, [lessons])] in order, modules without lessons included; two queries."""
    lessons = list(
        version.lessons.defer("body_ky", "body_ru", "html_ky", "html_ru")
        .annotate(material_count=Count("attachments"))
        .order_by("order", "pk")
    )
    modules = version.programme.modules.order_by("order")
    return [(m, [lesson for lesson in lessons if lesson.module_id == m.pk]) for m in modules]


@login_required
def version_detail(request, pk: int):
    version = get_version_for_user(request.user, pk)
    user = request.user
    submitted = version.status == ContentVersion.Status.SUBMITTED
    programme_draft = version.programme.status == Programme.Status.DRAFT
    return render(request, "learning/version_detail.html", {
        "version": version, "programme": version.programme, "modules": lessons_by_module(version),
        "can_edit": access.can_edit_version(user, version),
        "can_approve": access.can_approve_content(user) and submitted,
        "can_approve_with_programme": access.can_approve_with_programme(user) and submitted
        and programme_draft,
        "programme_draft": programme_draft, "return_form": ReturnForm(),
    })  # fmt: skip


def _version_step(request, pk: int, action, done: str, **extra):
    version = get_version_for_user(request.user, pk)
    try:
        action(actor=request.user, version=version, **extra)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("learning:version_detail", pk=version.pk)


@require_POST
@login_required
def submit_version(request, pk: int):
    return _version_step(request, pk, actions.submit_version, _("Submitted for approval."))


@require_POST
@login_required
def approve_version(request, pk: int):
    return _version_step(request, pk, actions.approve_version, _("The content is approved."))


@require_POST
@login_required
def approve_with_programme(request, pk: int):
    """The programme awaiting approval and its submitted content, approved together."""
    return _version_step(request, pk, actions.approve_programme_and_content,
                         _("The programme and its content are approved."))  # fmt: skip


@require_POST
@login_required
def return_version(request, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        version = get_version_for_user(request.user, pk)
        messages.error(request, _("Say what to change."))
        return redirect("learning:version_detail", pk=version.pk)
    note = form.cleaned_data["note"]
    return _version_step(request, pk, actions.return_version, _("Returned."), note=note)


def _lesson_fields(form: LessonForm) -> dict:
    data = form.cleaned_data
    return {k: data[k] for k in ("module", "title_ky", "title_ru", "body_ky", "body_ru", "minutes")}


@login_required
def lesson_create(request, pk: int):
    version = get_version_for_user(request.user, pk)
    if not access.can_author_content(request.user, version.programme):
        raise PermissionDenied
    form = LessonForm(request.POST or None, programme=version.programme,
                      initial={"module": request.GET.get("module")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            lesson = actions.save_lesson(actor=request.user, version=version,
                                         **_lesson_fields(form))  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            return redirect("learning:lesson_edit", pk=lesson.pk)
    return render(request, "learning/lesson_form.html", {"form": form, "version": version})


@login_required
def lesson_edit(request, pk: int):
    lesson = get_authored_lesson_for_user(request.user, pk)
    version = lesson.version
    fields = ("title_ky", "title_ru", "body_ky", "body_ru", "minutes")
    initial = {f: getattr(lesson, f) for f in fields} | {"module": lesson.module_id}
    form = LessonForm(request.POST or None, programme=version.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_lesson(actor=request.user, version=version, lesson=lesson,
                                **_lesson_fields(form))  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect("learning:lesson_edit", pk=lesson.pk)
    return render(request, "learning/lesson_form.html", {
        "form": form, "version": version, "lesson": lesson,
        "materials": lesson.attachments.all(), "material_form": AttachmentForm(),
        "can_edit": access.can_edit_version(request.user, version),
    })  # fmt: skip


@upload_limit("learning_material")
@require_POST
@login_required
def material_add(request, pk: int):
    lesson = get_authored_lesson_for_user(request.user, pk)
    if not access.can_author_content(request.user, lesson.version.programme):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_attachment(
                actor=request.user, lesson=lesson, kind=data["kind"], title_ky=data["title_ky"],
                title_ru=data["title_ru"], upload=data["file"], url=data["url"] or "",
                licence=data["licence"],
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
    if form.errors:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("learning:lesson_edit", pk=lesson.pk)


@login_required
def lesson_preview(request, pk: int):
    """The lesson as a learner will see it."""
    lesson = get_authored_lesson_for_user(request.user, pk)
    return render(request, "learning/lesson.html", {
        "lesson": lesson, "materials": lesson.attachments.all(), "preview": True,
        "text_language": lesson.language, "text": lesson.html,
        "version": lesson.version,
    })  # fmt: skip


@login_required
def material_file(request, pk: int):
    """A material's file, with range requests (seeking in audio and video, resumed downloads)."""
    attachment = get_attachment_for_user(request.user, pk)
    if not attachment.is_file:
        return redirect(attachment.url)
    download = attachment.kind == Attachment.Kind.FILE or request.GET.get("download") == "1"
    name = attachment.file.name.rsplit("/", 1)[-1] if download else ""
    return ranged_response(request, attachment.file, attachment.content_type, download_name=name)


def _lesson_step(request, lesson, action, **extra):
    try:
        action(actor=request.user, lesson=lesson, **extra)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@require_POST
@login_required
def lesson_delete(request, pk: int):
    lesson = get_authored_lesson_for_user(request.user, pk)
    _lesson_step(request, lesson, actions.delete_lesson)
    return redirect("learning:version_detail", pk=lesson.version_id)


@require_POST
@login_required
def lesson_move(request, pk: int):
    lesson = get_authored_lesson_for_user(request.user, pk)
    _lesson_step(request, lesson, actions.move_lesson, up=request.POST.get("direction") == "up")
    return redirect("learning:version_detail", pk=lesson.version_id)


@require_POST
@login_required
def material_remove(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    try:
        actions.remove_attachment(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:lesson_edit", pk=attachment.lesson_id)
