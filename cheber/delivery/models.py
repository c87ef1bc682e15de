"""Getting a place and running a session: enrolments, their steps, attendance, results."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.core import dates
from cheber.core.models import DatedRule
from cheber.delivery.querysets import (
    AttendanceQuerySet,
    EnrolmentQuerySet,
    ModuleProgressQuerySet,
    NotificationQuerySet,
)
from cheber.schedule import places

State, Funding = places.EnrolmentState, places.Funding


class CompletionRule(DatedRule):
    """What completing a session takes, from a date on: a rule as data, never a constant."""

    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance, %"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    requires_passed_assessment = models.BooleanField(_("passed final assessment required"))

    class Meta(DatedRule.Meta):
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__gte=1, min_attendance_percent__lte=100),
                name="completion_rule_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{dates.day(self.effective_from)}: {self.min_attendance_percent}%"


class Enrolment(models.Model):
    """An educator's request for a place in a session, and everything that follows it."""

    # Defined beside the places query of schedule, which counts the places they hold.
    State = places.EnrolmentState
    Funding = places.Funding

    class Origin(models.TextChoices):
        NOMINATION = "nomination", _("nominated by the methodical cabinet")
        APPLICATION = "application", _("applied themself")

    ACTIVE_STATES = (State.ENROLLED, State.WAITLISTED)

    session = models.ForeignKey(
        "schedule.Session", models.PROTECT, related_name="enrolments", verbose_name=_("session")
    )
    educator = models.ForeignKey(
        "registry.Educator", models.PROTECT, related_name="enrolments", verbose_name=_("educator")
    )
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="+", verbose_name=_("workplace")
    )
    unit = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("district"),
        help_text=_("The district whose quota the place counts against."),
    )  # fmt: skip
    funding = models.CharField(_("funding"), max_length=8, choices=Funding)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin)
    state = models.CharField(_("state"), max_length=16, choices=State, db_index=True)
    waitlist_position = models.PositiveIntegerField(_("place in the waitlist"), null=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    district_confirmed_at = models.DateTimeField(_("confirmed by the cabinet"), null=True)
    payment_recorded_at = models.DateTimeField(_("payment recorded"), null=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    release_confirmed_at = models.DateTimeField(_("release from work confirmed"), null=True)
    accepted_at = models.DateTimeField(_("accepted by the provider"), null=True)
    assessment_passed = models.BooleanField(_("final assessment passed"), null=True)
    assessment_score = models.PositiveSmallIntegerField(
        _("final assessment score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    training_record = models.OneToOneField(
        "registry.TrainingRecord", models.PROTECT, null=True, blank=True, related_name="enrolment",
        verbose_name=_("training record"),
    )  # fmt: skip
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "state", "waitlist_position", "pk"]
        indexes = [
            models.Index(fields=["session", "state", "funding"]),
            models.Index(fields=["educator", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["organization", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "educator"],
                condition=Q(
                    state__in=[
                        State.ENROLLED,
                        State.WAITLISTED,
                        State.COMPLETED,
                        State.NOT_COMPLETED,
                    ]
                ),
                name="enrolment_one_per_educator_and_session",
            ),
            models.CheckConstraint(
                condition=Q(state=State.WAITLISTED, waitlist_position__isnull=False)
                | (~Q(state=State.WAITLISTED) & Q(waitlist_position__isnull=True)),
                name="enrolment_waitlist_position_iff_waitlisted",
            ),
            models.CheckConstraint(
                condition=Q(assessment_score__isnull=True) | Q(assessment_score__lte=100),
                name="enrolment_score_range",
            ),
            models.CheckConstraint(
                condition=Q(funding=Funding.CONTRACT) | Q(payment_recorded_at__isnull=True),
                name="enrolment_paid_only_if_contract",
            ),
            models.CheckConstraint(
                condition=Q(state=State.COMPLETED) | Q(training_record__isnull=True),
                name="enrolment_history_record_only_if_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator} — {self.session}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def awaiting(self) -> list[str]:
        """The confirmations this place still waits for, in the order they are usually given."""
        if self.state != self.State.ENROLLED:
            return []
        steps = []
        if self.funding == self.Funding.BUDGET and not self.district_confirmed_at:
            steps.append(str(_("confirmation by the methodical cabinet")))
        if self.funding == self.Funding.CONTRACT and not self.payment_recorded_at:
            steps.append(str(_("payment")))
        if not self.release_confirmed_at:
            steps.append(str(_("release from work by the principal")))
        if not self.accepted_at:
            steps.append(str(_("acceptance by the provider")))
        return steps

    @property
    def is_confirmed(self) -> bool:
        """Everything but the provider's acceptance is in place."""
        funded = (
            self.district_confirmed_at
            if self.funding == self.Funding.BUDGET
            else self.payment_recorded_at
        )
        return bool(funded and self.release_confirmed_at)


class EnrolmentEvent(models.Model):
    """One step of an enrolment: who, when, from which state to which."""

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="events", verbose_name=_("enrolment")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("done by"),
    )  # fmt: skip
    verb = models.CharField(_("step"), max_length=32)
    from_state = models.CharField(_("previous state"), max_length=16, blank=True)
    to_state = models.CharField(_("new state"), max_length=16)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("enrolment step")
        verbose_name_plural = _("enrolment steps")
        ordering = ["enrolment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.verb}: {self.from_state or '—'} → {self.to_state}"


class Attendance(models.Model):
    """Whether a participant was present on one day of the session."""

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["enrolment", "day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day}: {'+' if self.present else '-'}"


class ModuleProgress(models.Model):
    """A module of a blended or online programme that a participant has completed."""

    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="module_progress", verbose_name=_("enrolment")
    )
    module = models.ForeignKey(
        "catalog.Module", models.PROTECT, related_name="+", verbose_name=_("module")
    )
    completed_on = models.DateField(_("completed on"))

    objects = ModuleProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.module_id}"


class Notification(models.Model):
    """A message to an educator about their place; shown in the app and sent by e-mail."""

    class Kind(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        WAITLISTED = "waitlisted", _("waitlisted")
        ACCEPTED = "accepted", _("accepted")
        PROMOTED = "promoted", _("promoted from the waitlist")
        REMINDER = "reminder", _("reminder")
        REJECTED = "rejected", _("rejected")
        COMPLETED = "completed", _("completed")
        STUDY_REMINDER = "study_reminder", _("reminder to continue studying")

    educator = models.ForeignKey(
        "registry.Educator", models.CASCADE, related_name="notifications",
        verbose_name=_("educator"),
    )  # fmt: skip
    enrolment = models.ForeignKey(
        Enrolment, models.CASCADE, related_name="notifications", verbose_name=_("enrolment")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    waitlist_position = models.PositiveIntegerField(
        _("place in the waitlist"), null=True, blank=True,
        help_text=_("As it was when the notification was sent."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["educator", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.enrolment_id}"
