"""Authoring course content: drafts, lessons, their materials, submission and approval (also
together with the programme's own approval in the catalogue).

Each action is atomic, checks who acts through `learning.access`, and writes an audit event.
Only a draft is edited; approved content changes through a new draft copied from it.
"""

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog import actions as catalog_actions
from cheber.catalog.models import Module, Programme
from cheber.core.actors import user_or_none
from cheber.core.audit import record
from cheber.learning import access, media
from cheber.learning.markup import render_markdown
from cheber.learning.models import Attachment, ContentVersion, Lesson

Status = ContentVersion.Status


@transaction.atomic
def start_draft(*, actor: Any, programme: Programme) -> ContentVersion:
    """A new draft of a programme's content, a copy of its approved version if it has one."""
    if not access.can_author_content(actor, programme):
        raise PermissionDenied
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    versions = ContentVersion.objects.filter(programme=programme)
    if versions.filter(status__in=ContentVersion.OPEN_STATES).exists():
        raise ValidationError(
            _("This programme already has a draft or a version awaiting approval.")
        )
    source = versions.filter(status=Status.APPROVED).first()
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ContentVersion.objects.create(
        programme=programme, number=number, based_on=source, created_by=user_or_none(actor)
    )
    if source is not None:
        _copy_lessons(source, draft)
    record(actor=actor, verb="start_content_draft", obj=draft, programme=programme.pk,
           based_on=source.pk if source else None)  # fmt: skip
    return draft


def _copy_lessons(source: ContentVersion, draft: ContentVersion) -> None:
    for lesson in source.lessons.prefetch_related("attachments"):
        attachments = list(lesson.attachments.all())
        lesson.pk, lesson.version = None, draft
        lesson.save()
        for attachment in attachments:
            attachment.pk, attachment.lesson = None, lesson
        Attachment.objects.bulk_create(attachments)


def _require_editable(actor: Any, version: ContentVersion) -> None:
    if not access.can_author_content(actor, version.programme):
        raise PermissionDenied
    if not version.is_editable:
        raise ValidationError(_("Only a draft can be changed; start a new draft first."))


@transaction.atomic
def save_lesson(
    *, actor: Any, version: ContentVersion, module: Module, title_ky: str, title_ru: str = "",
    body_ky: str = "", body_ru: str = "", minutes: int = 15, lesson: Lesson | None = None,
) -> Lesson:  # fmt: skip
    """Add a lesson at the end of its module, or change one; the bodies' HTML is sanitised."""
    _require_editable(actor, version)
    if module.programme_id != version.programme_id:
        raise ValidationError({"module": _("The module is not part of this programme.")})
    if not title_ky.strip():
        raise ValidationError({"title_ky": _("Give the lesson a title in Kyrgyz.")})
    if lesson is None:
        last = version.lessons.filter(module=module).aggregate(n=Max("order"))["n"] or 0
        lesson = Lesson(version=version, order=last + 1, key=secrets.token_hex(8))
    elif lesson.version_id != version.pk:
        raise ValidationError(_("The lesson belongs to another version."))
    before = {"title_ky": lesson.title_ky, "body_ky": lesson.body_ky, "body_ru": lesson.body_ru}
    lesson.module, lesson.minutes = module, minutes
    lesson.title_ky, lesson.title_ru = title_ky.strip(), title_ru.strip()
    lesson.body_ky, lesson.body_ru = body_ky, body_ru
    lesson.html_ky, lesson.html_ru = render_markdown(body_ky), render_markdown(body_ru)
    created = lesson.pk is None
    if not created and lesson.module_id != module.pk:
        last = version.lessons.filter(module=module).aggregate(n=Max("order"))["n"] or 0
        lesson.order = last + 1
    lesson.save()
    changed = [k for k, v in before.items() if getattr(lesson, k) != v]
    record(actor=actor, verb="add_lesson" if created else "edit_lesson", obj=lesson,
           version=version.pk, changed=changed)  # fmt: skip
    return lesson


@transaction.atomic
def add_attachment(
    *, actor: Any, lesson: Lesson, kind: str, title_ky: str, title_ru: str = "",
    upload=None, url: str = "", licence: str = "",
) -> Attachment:  # fmt: skip
    """A material of a lesson: a file (checked; images re-encoded and shrunk) or a link."""
    _require_editable(actor, lesson.version)
    attachment = Attachment(
        lesson=lesson, kind=kind, title_ky=title_ky.strip() or "—", title_ru=title_ru.strip(),
        licence=licence.strip(),
        order=(lesson.attachments.aggregate(n=Max("order"))["n"] or 0) + 1,
    )  # fmt: skip
    if kind in Attachment.FILE_KINDS:
        if upload is None:
            raise ValidationError({"file": _("Choose a file to upload.")})
        checked = media.check_upload(kind, upload)
        attachment.file.save(checked.content.name, checked.content, save=False)
        attachment.content_type, attachment.size = checked.content_type, checked.size
    elif kind in Attachment.Kind.values:
        if not url.startswith(("https://", "http://")):
            raise ValidationError({"url": _("Enter the address of the video or resource.")})
        attachment.url = url
    else:
        raise ValidationError({"kind": _("Unknown kind of material.")})
    attachment.save()
    record(actor=actor, verb="add_lesson_material", obj=attachment, lesson=lesson.pk, kind=kind,
           size=attachment.size)  # fmt: skip
    return attachment


@transaction.atomic
def submit_version(*, actor: Any, version: ContentVersion) -> ContentVersion:
    _require_editable(actor, version)
    if not version.lessons.exists():
        raise ValidationError(_("Add at least one lesson before submitting."))
    version.status, version.submitted_at = Status.SUBMITTED, timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    record(actor=actor, verb="submit_content", obj=version, programme=version.programme_id)
    return version


@transaction.atomic
def approve_version(*, actor: Any, version: ContentVersion) -> ContentVersion:
    """The national institute approves submitted content; it replaces the approved version for
    learners who start from now on (those who started keep theirs)."""
    if not access.can_approve_content(actor):
        raise PermissionDenied
    version = ContentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != Status.SUBMITTED:
        raise ValidationError(_("Only content submitted for approval can be approved."))
    ContentVersion.objects.filter(programme_id=version.programme_id, status=Status.APPROVED).update(
        status=Status.SUPERSEDED
    )
    version.status, version.approved_at = Status.APPROVED, timezone.now()
    version.approved_by = user_or_none(actor)
    version.save(update_fields=["status", "approved_at", "approved_by"])
    record(actor=actor, verb="approve_content", obj=version, programme=version.programme_id)
    return version


@transaction.atomic
def approve_programme_and_content(*, actor: Any, version: ContentVersion) -> ContentVersion:
    """The national institute approves a draft programme and its submitted content at once:
    both approvals, each with its own checks, or neither."""
    if not access.can_approve_with_programme(actor):
        raise PermissionDenied
    programme = Programme.objects.get(pk=version.programme_id)
    catalog_actions.approve_programme(actor=actor, programme=programme)
    return approve_version(actor=actor, version=version)


@transaction.atomic
def return_version(*, actor: Any, version: ContentVersion, note: str) -> ContentVersion:
    """The institute sends submitted content back to its authors as a draft."""
    if not access.can_approve_content(actor):
        raise PermissionDenied
    if version.status != Status.SUBMITTED:
        raise ValidationError(_("Only content submitted for approval can be returned."))
    version.status, version.submitted_at = Status.DRAFT, None
    version.save(update_fields=["status", "submitted_at"])
    record(actor=actor, verb="return_content", obj=version, note=note[:500])
    return version


@transaction.atomic
def delete_lesson(*, actor: Any, lesson: Lesson) -> None:
    """A lesson of a draft, with its materials (their files stay: other versions share them)."""
    _require_editable(actor, lesson.version)
    record(actor=actor, verb="delete_lesson", obj=lesson, version=lesson.version_id,
           title_ky=lesson.title_ky)  # fmt: skip
    lesson.delete()


@transaction.atomic
def move_lesson(*, actor: Any, lesson: Lesson, up: bool) -> Lesson:
    """Swap a lesson with its neighbour above (or below) in its module; at the end, nothing."""
    _require_editable(actor, lesson.version)
    siblings = Lesson.objects.filter(version_id=lesson.version_id, module_id=lesson.module_id)
    neighbour = (
        siblings.filter(order__lt=lesson.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=lesson.order).order_by("order").first()
    )
    if neighbour is None:
        return lesson
    mine, theirs = lesson.order, neighbour.order
    # (through 0, which no lesson holds, so that the unique order holds at every step)
    Lesson.objects.filter(pk=lesson.pk).update(order=0)
    Lesson.objects.filter(pk=neighbour.pk).update(order=mine)
    Lesson.objects.filter(pk=lesson.pk).update(order=theirs)
    lesson.order = theirs
    record(actor=actor, verb="move_lesson", obj=lesson, order=[mine, theirs])
    return lesson


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    _require_editable(actor, attachment.lesson.version)
    record(actor=actor, verb="remove_lesson_material", obj=attachment,
           lesson=attachment.lesson_id, title_ky=attachment.title_ky)  # fmt: skip
    attachment.delete()
