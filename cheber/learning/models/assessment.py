"""Assessment: a programme's question bank, its tests and their attempts, assignments.

Moodle's shape (usage → question attempt → step): an `Attempt` holds one `QuestionAttempt`
per slot, pinned to the `QuestionVersion` it drew and the option order fixed at the start;
every answer the learner sends is a `Step`. The rule an attempt is judged by (time, passing
score, feedback) is copied into it when it starts, so editing the test changes nothing in
progress.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cheber.learning.querysets import (
    AssignmentQuerySet,
    AttemptQuerySet,
    QuestionQuerySet,
    QuestionVersionQuerySet,
    SubmissionQuerySet,
    TestQuerySet,
)

__all__ = [
    "Question", "QuestionVersion", "Test", "Draw", "Attempt", "QuestionAttempt", "Step",
    "Assignment", "Criterion", "Submission", "Grading", "CriterionScore",
]  # fmt: skip


class Question(models.Model):
    """A question of a programme's bank; its text and answers live in its versions."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true / false")
        MATCHING = "matching", _("matching")
        ORDERING = "ordering", _("ordering")
        NUMERIC = "numeric", _("numeric")
        SHORT = "short", _("short answer")
        DESCRIPTION = "description", _("description (no answer)")

    class Status(models.TextChoices):
        READY = "ready", _("ready")
        HIDDEN = "hidden", _("hidden")

    programme = models.ForeignKey(
        "catalog.Programme", models.CASCADE, related_name="questions", verbose_name=_("programme")
    )
    category = models.CharField(_("category"), max_length=255)
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    name = models.CharField(_("name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.READY)
    version = models.PositiveIntegerField(_("current version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["programme", "category", "pk"]
        indexes = [models.Index(fields=["programme", "category", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="question_version_positive")
        ]

    def __str__(self) -> str:
        return self.name or f"{self.category} #{self.pk}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class QuestionVersion(models.Model):
    """One text of a question: editing writes a new version, attempts keep the one they drew."""

    question = models.ForeignKey(
        Question, models.CASCADE, related_name="versions", verbose_name=_("question")
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.JSONField(_("text and answers"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("written by"),
    )  # fmt: skip

    objects = QuestionVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.question} v{self.number}"


class Test(models.Model):
    """A test of a programme: of one module, or its pre-test, post-test or final test."""

    __test__ = False  # (not a pytest class)

    class Purpose(models.TextChoices):
        MODULE = "module", _("module test")
        PRE = "pre", _("pre-test")
        POST = "post", _("post-test")
        FINAL = "final", _("final test")

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", _("right after each attempt")
        DEFERRED = "deferred", _("after the test closes")

    programme = models.ForeignKey(
        "catalog.Programme", models.CASCADE, related_name="tests", verbose_name=_("programme")
    )
    module = models.ForeignKey(
        "catalog.Module", models.CASCADE, null=True, blank=True, related_name="tests",
        verbose_name=_("module"),
    )  # fmt: skip
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose)
    title = models.CharField(_("title"), max_length=255)
    instructions = models.TextField(_("instructions"), blank=True)
    shuffle = models.BooleanField(_("shuffle the options"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0: no limit.")
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit, minutes"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    passing_percent = models.PositiveSmallIntegerField(
        _("passing score, %"), default=60, validators=[MaxValueValidator(100)]
    )
    feedback = models.CharField(
        _("feedback"), max_length=12, choices=Feedback, default=Feedback.IMMEDIATE
    )
    is_open = models.BooleanField(_("open to learners"), default=False)
    same_blueprint_as = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("same blueprint as"),
        help_text=_("A post-test draws as its pre-test does."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TestQuerySet.as_manager()

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["programme", "purpose", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "purpose"],
                condition=~Q(purpose="module"),
                name="test_one_pre_post_final_per_programme",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(passing_percent__lte=100), name="test_passing_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(purpose="module", module__isnull=False)
                | (~Q(purpose="module") & Q(module__isnull=True)),
                name="test_module_iff_module_test",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def blueprint(self) -> "Test":
        return self.same_blueprint_as or self


class Draw(models.Model):
    """A line of a test's blueprint: so many questions drawn at random from a category."""

    test = models.ForeignKey(Test, models.CASCADE, related_name="draws", verbose_name=_("test"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    category = models.CharField(_("category"), max_length=255)
    count = models.PositiveSmallIntegerField(_("questions"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["test", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["test", "category"], name="draw_category_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="draw_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category} × {self.count}"


class Attempt(models.Model):
    """One try of a learner at a test; the server's clock decides when it ends."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        FINISHED = "finished", _("finished")
        ABANDONED = "abandoned", _("abandoned")

    enrolment = models.ForeignKey(
        "delivery.Enrolment", models.CASCADE, related_name="attempts", verbose_name=_("enrolment")
    )
    test = models.ForeignKey(Test, models.PROTECT, related_name="attempts", verbose_name=_("test"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("time is up at"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    closed_late = models.BooleanField(_("closed when time was up"), default=False)
    # the rule as it was when the attempt started
    passing_percent = models.PositiveSmallIntegerField(_("passing score, %"))
    feedback = models.CharField(_("feedback"), max_length=12, choices=Test.Feedback)
    marks = models.DecimalField(_("marks"), max_digits=7, decimal_places=2, null=True)
    max_marks = models.DecimalField(_("out of"), max_digits=7, decimal_places=2, default=0)
    score = models.DecimalField(
        _("score, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True)
    finish_token = models.UUIDField(_("submission token"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["enrolment", "test", "number"]
        indexes = [models.Index(fields=["state", "deadline"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "test", "number"], name="attempt_number_once"
            ),
            models.UniqueConstraint(
                fields=["enrolment", "test"],
                condition=Q(state="in_progress"),
                name="attempt_one_open_per_test",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(deadline__gte=F("started_at")), name="attempt_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="attempt_score_range",
            ),
            models.CheckConstraint(
                condition=Q(state="in_progress") | Q(finished_at__isnull=False),
                name="attempt_closed_has_finish_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test} #{self.number} ({self.enrolment_id})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        """What the page shows: the server's deadline minus the server's now."""
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))

    @property
    def shows_feedback(self) -> bool:
        return not self.is_open and self.feedback == Test.Feedback.IMMEDIATE


class QuestionAttempt(models.Model):
    """A slot of an attempt: the question version drawn for it, its random state, the answer."""

    attempt = models.ForeignKey(
        Attempt, models.CASCADE, related_name="slots", verbose_name=_("attempt")
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    version = models.ForeignKey(
        QuestionVersion, models.PROTECT, related_name="+", verbose_name=_("question version")
    )
    max_mark = models.DecimalField(_("max mark"), max_digits=5, decimal_places=2)
    state = models.JSONField(_("random state"), default=dict)
    response = models.JSONField(_("answer"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("answers saved"), default=0)
    fraction = models.DecimalField(
        _("fraction"), max_digits=6, decimal_places=5, null=True, blank=True
    )
    feedback = models.JSONField(_("feedback"), default=dict, blank=True)

    class Meta:
        verbose_name = _("question attempt")
        verbose_name_plural = _("question attempts")
        ordering = ["attempt", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="question_attempt_slot_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.slot}"

    @property
    def mark(self) -> Decimal | None:
        if self.fraction is None:
            return None
        return (self.fraction * self.max_mark).quantize(Decimal("0.01"))


class Step(models.Model):
    """An answer as the learner sent it (append-only): saved, or arrived late and not counted."""

    class Kind(models.TextChoices):
        SAVE = "save", _("saved")
        LATE = "late", _("too late, not counted")

    question_attempt = models.ForeignKey(
        QuestionAttempt, models.CASCADE, related_name="steps", verbose_name=_("question attempt")
    )
    seq = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.SAVE)
    response = models.JSONField(_("answer"))
    client_id = models.UUIDField(_("sent as"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("answer step")
        verbose_name_plural = _("answer steps")
        ordering = ["question_attempt", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["question_attempt", "seq"], name="step_seq_once"),
            models.UniqueConstraint(
                fields=["question_attempt", "client_id"],
                condition=Q(client_id__isnull=False),
                name="step_client_id_once",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.question_attempt} #{self.seq}"


# Assignments ------------------------------------------------------------------------------


class Assignment(models.Model):
    """A project or portfolio the learner hands in and a trainer grades with a rubric."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("project defence")
        PORTFOLIO = "portfolio", _("portfolio")

    programme = models.ForeignKey(
        "catalog.Programme", models.CASCADE, related_name="assignments",
        verbose_name=_("programme"),
    )  # fmt: skip
    kind = models.CharField(_("type"), max_length=12, choices=Kind)
    title = models.CharField(_("title"), max_length=255)
    instructions = models.TextField(_("instructions"), blank=True)
    file_types = models.CharField(
        _("file types"), max_length=128, default="pdf,docx,jpg,png",
        help_text=_("Extensions, separated by commas."),
    )  # fmt: skip
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest file, MB"), default=10, validators=[MinValueValidator(1)]
    )
    passing_points = models.PositiveSmallIntegerField(_("points to pass"), default=1)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extensions(self) -> list[str]:
        return [e.strip().lower().lstrip(".") for e in self.file_types.split(",") if e.strip()]


class Criterion(models.Model):
    """A line of an assignment's rubric, with the points it can give."""

    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="criteria", verbose_name=_("assignment")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("criterion"), max_length=255)
    max_points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["assignment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "order"], name="criterion_order_once"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_points_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.max_points})"


def submission_path(submission: "Submission", filename: str) -> str:
    return f"learning/submissions/{submission.enrolment_id}/{filename}"


class Submission(models.Model):
    """What a learner handed in for an assignment; a new one for each resubmission."""

    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="submissions", verbose_name=_("assignment")
    )
    enrolment = models.ForeignKey(
        "delivery.Enrolment", models.CASCADE, related_name="submissions",
        verbose_name=_("enrolment"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("submission"))
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_path, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "enrolment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "enrolment", "number"], name="submission_number_once"
            ),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""), name="submission_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} #{self.number} ({self.enrolment_id})"


class Grading(models.Model):
    """A trainer's grade of one submission: points per criterion, a comment, pass or not."""

    submission = models.OneToOneField(
        Submission, models.CASCADE, related_name="grading", verbose_name=_("submission")
    )
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("graded by"),
    )  # fmt: skip
    graded_at = models.DateTimeField(_("graded"), auto_now_add=True)
    points = models.PositiveSmallIntegerField(_("points"))
    passed = models.BooleanField(_("passed"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("grading")
        verbose_name_plural = _("gradings")

    def __str__(self) -> str:
        return f"{self.submission}: {self.points}"


class CriterionScore(models.Model):
    grading = models.ForeignKey(
        Grading, models.CASCADE, related_name="scores", verbose_name=_("grading")
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["grading", "criterion"], name="criterion_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"
