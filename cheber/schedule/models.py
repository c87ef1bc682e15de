"""The annual plan-schedule: each provider's sessions of a year, with places and district quotas."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Form
from cheber.core import dates
from cheber.registry.models import Organization
from cheber.schedule.places import MOST_PLACES
from cheber.schedule.querysets import (
    DistrictQuotaQuerySet,
    PlanScheduleQuerySet,
    SessionQuerySet,
)


class PlanSchedule(models.Model):
    """A provider's plan-schedule for one year: draft → submitted → approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")

    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="plan_schedules",
        verbose_name=_("provider"), limit_choices_to={"type": "provider"},
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = PlanScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan-schedule")
        verbose_name_plural = _("plan-schedules")
        ordering = ["-year", "provider__code"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="plan_one_per_provider_year"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="plan_approval_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} — {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Session(models.Model):
    """One run of a programme: dates, place, language, budget and contract places, trainers."""

    plan = models.ForeignKey(
        PlanSchedule, models.PROTECT, related_name="sessions", verbose_name=_("plan-schedule")
    )
    programme = models.ForeignKey(
        "catalog.Programme", models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="sessions",
        verbose_name=_("provider"), editable=False,
    )  # fmt: skip
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    form = models.CharField(_("form"), max_length=16, choices=Form)
    unit = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, null=True, blank=True, related_name="sessions",
        verbose_name=_("place (city or district)"),
        help_text=_("The provider's city, the district a mobile course travels to; empty online."),
    )  # fmt: skip
    region = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("oblast or city"), editable=False,
    )  # fmt: skip
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Organization.Language)
    budget_places = models.PositiveSmallIntegerField(_("budget places"), default=0)
    contract_places = models.PositiveSmallIntegerField(_("contract places"), default=0)
    quota_release_date = models.DateField(
        _("quotas released on"), null=True, blank=True,
        help_text=_("From this day, budget places a district has not used are open to others."),
    )  # fmt: skip
    trainers = models.ManyToManyField(
        "registry.Educator", blank=True, related_name="sessions_taught",
        verbose_name=_("trainers"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["start_date"]),
            models.Index(fields=["provider", "start_date"]),
            models.Index(fields=["region", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(budget_places__gt=0) | Q(contract_places__gt=0),
                name="session_has_places",
            ),
            models.CheckConstraint(
                condition=Q(form=Form.ONLINE) | Q(unit__isnull=False),
                name="session_has_a_place_unless_online",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Organization.Language.values),
                name="session_language_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({dates.day(self.start_date)})"

    @property
    def capacity(self) -> int:
        return self.budget_places + self.contract_places

    @property
    def is_published(self) -> bool:
        return self.plan.status == PlanSchedule.Status.APPROVED

    @property
    def days(self) -> list[dt.date]:
        """The days of the session, Sundays excluded (courses run six days a week)."""
        count = (self.end_date - self.start_date).days + 1
        every = (self.start_date + dt.timedelta(days=n) for n in range(count))
        return [day for day in every if day.weekday() != 6]

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.form != Form.ONLINE and not self.unit_id:
            errors["unit"] = _("Name the city or district where the session takes place.")
        if not (self.budget_places or self.contract_places):
            errors["budget_places"] = _("A session needs at least one place.")
        if self.programme_id and self.plan_id:
            if self.programme.provider_id != self.plan.provider_id:
                errors["programme"] = _("The programme belongs to another provider.")
            elif self.language and self.language not in self.programme.languages:
                errors["language"] = _("The programme is not taught in this language.")
        if self.plan_id and self.start_date and self.start_date.year != self.plan.year:
            errors["start_date"] = _(
                "The session must start in the plan-schedule's year, %(year)s."
            ) % {"year": self.plan.year}
        if errors:
            raise ValidationError(errors)

    def quotas_released(self, today: dt.date) -> bool:
        return self.quota_release_date is not None and today >= self.quota_release_date

    def learners_per_trainer(self) -> int | None:
        """How many learners each trainer of this online or blended session tutors, as its
        online terms say (the learning app's, read through the reverse relation: no import of
        learning); None for another form, or before the terms are set."""
        if self.pk is None or self.form not in (Form.ONLINE, Form.BLENDED):
            return None
        per_trainer = type(self).objects.filter(pk=self.pk)
        return per_trainer.values_list("online_terms__learners_per_trainer", flat=True).first()

    def check_places(self) -> None:
        """Raise ValidationError when the places are fewer than those already taken (the one
        places query), the budget places fewer than its district quotas add up to, or more
        than a session holds."""
        counted = type(self).objects.with_places().filter(pk=self.pk)
        taken = counted.values("budget_taken", "contract_taken").first() or {}
        errors = {}
        for held_by, field in (
            ("budget_taken", "budget_places"),
            ("contract_taken", "contract_places"),
        ):
            held = taken.get(held_by, 0)
            if getattr(self, field) < held:
                errors[field] = _(
                    "%(taken)s places are already taken; the number cannot be lower."
                ) % {"taken": held}
            elif getattr(self, field) > MOST_PLACES:
                errors[field] = _("A session has at most %(most)s places of a kind.") % {
                    "most": MOST_PLACES
                }
        quota_total = sum(self.quotas.values_list("places", flat=True)) if self.pk else 0
        if not errors and quota_total > self.budget_places:
            errors["budget_places"] = _(
                "The district quotas add up to %(quotas)s places, more than the budget places."
            ) % {"quotas": quota_total}
        if errors:
            raise ValidationError(errors)

    def place_counts(self) -> dict[str, int]:
        """The places taken (`budget`, `contract`) and left, and the waitlist, counted by the
        one places query (`SessionQuerySet.with_places`)."""
        counted = type(self).objects.with_places().filter(pk=self.pk)
        return counted.values(
            "waiting", "budget_left", "contract_left",
            budget=F("budget_taken"), contract=F("contract_taken"),
        ).get()  # fmt: skip


class DistrictQuota(models.Model):
    """Budget places of a session reserved for the educators of one district."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="quotas", verbose_name=_("session")
    )
    unit = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("district")
    )
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    released_at = models.DateTimeField(
        _("released"), null=True, blank=True,
        help_text=_("The district gave its unused places to others before the deadline."),
    )  # fmt: skip

    objects = DistrictQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("district quota")
        verbose_name_plural = _("district quotas")
        ordering = ["session", "unit__soate"]
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], name="quota_one_per_district"),
            models.CheckConstraint(condition=Q(places__gt=0), name="quota_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.places}"
