"""Course content: versions of a programme's lessons, their media, and each learner's progress.

A programme's content is versioned. The provider edits a draft; the national institute approves
it; a learner is pinned to the version current when they started and keeps it. Editing approved
content means a new draft, copied from it, that needs approval again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cheber.core import dates
from cheber.core.i18n import current_language, localized
from cheber.learning.querysets import (
    AttachmentQuerySet,
    CourseProgressQuerySet,
    LessonQuerySet,
    VersionQuerySet,
)

__all__ = [
    "Attachment",
    "ContentVersion",
    "CourseProgress",
    "Lesson",
    "LessonProgress",
    "OnlineTerms",
]


class ContentVersion(models.Model):
    """One version of a programme's lessons: draft → submitted → approved (→ superseded)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded by a newer version")

    OPEN_STATES = (Status.DRAFT, Status.SUBMITTED)

    programme = models.ForeignKey(
        "catalog.Programme", models.PROTECT, related_name="content_versions",
        verbose_name=_("programme"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    based_on = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("copied from"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="version_number_unique"),
            # one version at a time is being edited or awaits approval
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["draft", "submitted"]),
                name="version_one_open_per_programme",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"]) | Q(approved_at__isnull=False),
                name="version_approval_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Lesson(models.Model):
    """A lesson of a module in one content version. `key` is the same lesson across versions."""

    version = models.ForeignKey(
        ContentVersion, models.CASCADE, related_name="lessons", verbose_name=_("version")
    )
    module = models.ForeignKey(
        "catalog.Module", models.PROTECT, related_name="lessons", verbose_name=_("module")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    key = models.CharField(_("key"), max_length=32, editable=False)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255, blank=True)
    body_ky = models.TextField(_("text (Kyrgyz), Markdown"), blank=True)
    body_ru = models.TextField(_("text (Russian), Markdown"), blank=True)
    # The sanitised HTML of the bodies, made on every save by the action: pages never render
    # an author's text any other way.
    html_ky = models.TextField(editable=False, blank=True)
    html_ru = models.TextField(editable=False, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes of study"), default=15)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["version", "module__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "module", "order"], name="lesson_order_unique"
            ),
            models.UniqueConstraint(fields=["version", "key"], name="lesson_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def html(self) -> str:
        return getattr(self, f"html_{self.language}")

    @property
    def language(self) -> str:
        """The language the text is shown in: the page's, else the other one."""
        return self.shown_in(current_language())

    def shown_in(self, first: str) -> str:
        """`first` when the lesson has its text in it, else the other of Kyrgyz and Russian."""
        order = [first] + [code for code in ("ky", "ru") if code != first]
        return next((code for code in order if getattr(self, f"html_{code}", "")), "ky")


class Attachment(models.Model):
    """A file, image, recording or link belonging to a lesson."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        FILE = "file", _("document (PDF or other)")
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")
        VIDEO_LINK = "video_link", _("video link")
        OER = "oer", _("open educational resource")

    FILE_KINDS = (Kind.IMAGE, Kind.FILE, Kind.AUDIO, Kind.VIDEO)

    lesson = models.ForeignKey(
        Lesson, models.CASCADE, related_name="attachments", verbose_name=_("lesson")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255, blank=True)
    # Files are shared between versions (a new draft copies the row, not the file) and never
    # deleted while a version names them.
    file = models.FileField(_("file"), upload_to="learning/%Y/%m/", blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    url = models.URLField(_("address"), blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson material")
        verbose_name_plural = _("lesson materials")
        ordering = ["lesson", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["image", "file", "audio", "video"], url="") & ~Q(file=""))
                | (Q(kind__in=["video_link", "oer"], file="") & ~Q(url="")),
                name="attachment_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_file(self) -> bool:
        return self.kind in self.FILE_KINDS


class OnlineTerms(models.Model):
    """How an online or blended session takes learners: the enrolment window, the number of
    learners each trainer tutors, and whether a learner's certificate is issued the moment they
    complete. Without a row the defaults of `terms_for` hold (and the certificate is issued)."""

    session = models.OneToOneField(
        "schedule.Session", models.CASCADE, related_name="online_terms", verbose_name=_("session")
    )
    enrol_from = models.DateField(_("enrolment opens"))
    enrol_until = models.DateField(_("enrolment closes"))
    learners_per_trainer = models.PositiveSmallIntegerField(_("learners per tutor"), default=50)
    weekly_pacing = models.BooleanField(
        _("a module a week"), default=False,
        help_text=_("Each module opens a week after the one before, from the learner's start."),
    )  # fmt: skip
    certificate_on_completion = models.BooleanField(
        _("certificate on completion"), default=True,
        help_text=_("A learner who completes the course gets the certificate at once; "
                    "otherwise the provider issues it from the session's certificates page."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("online enrolment terms")
        verbose_name_plural = _("online enrolment terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(enrol_until__gte=F("enrol_from")), name="terms_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(learners_per_trainer__gt=0), name="terms_tutor_takes_learners"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {dates.day(self.enrol_from)}–{dates.day(self.enrol_until)}"


class CourseProgress(models.Model):
    """A learner's course: the content version they study (kept to the end) and their pace."""

    enrolment = models.OneToOneField(
        "delivery.Enrolment", models.CASCADE, related_name="course_progress",
        verbose_name=_("enrolment"),
    )  # fmt: skip
    version = models.ForeignKey(
        ContentVersion, models.PROTECT, related_name="+", verbose_name=_("content version")
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_lesson = models.ForeignKey(
        Lesson, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last lesson"),
    )  # fmt: skip
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    lessons_seen = models.PositiveSmallIntegerField(_("lessons seen"), default=0)
    seconds_spent = models.PositiveIntegerField(_("time spent, seconds"), default=0)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = CourseProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")

    def __str__(self) -> str:
        return f"{self.enrolment_id}: v{self.version_id}, {self.lessons_seen}"

    @property
    def minutes_spent(self) -> int:
        return round(self.seconds_spent / 60)


class LessonProgress(models.Model):
    """One learner × one lesson: when it was seen and how long they spent on it."""

    enrolment = models.ForeignKey(
        "delivery.Enrolment", models.CASCADE, related_name="lesson_progress",
        verbose_name=_("enrolment"),
    )  # fmt: skip
    lesson = models.ForeignKey(
        Lesson, models.PROTECT, related_name="progress", verbose_name=_("lesson")
    )
    seen_at = models.DateTimeField(_("seen"))
    seconds_spent = models.PositiveIntegerField(_("time spent, seconds"), default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.lesson_id}"
