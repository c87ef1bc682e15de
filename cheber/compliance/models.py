"""Compliance: the rules of periodicity as data with effective dates, and the maintained status
of every educator under the rule in force."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.compliance.querysets import EducatorStatusQuerySet, PolicyQuerySet
from cheber.core import dates
from cheber.core.i18n import TrilingualName


class Policy(TrilingualName):
    """A rule of qualification improvement, in force from one date (until the next one's)."""

    class Mode(models.TextChoices):
        CYCLE = "cycle", _("one counting course per period")
        HOURS = "hours", _("a number of hours per period")

    class SelfDeclared(models.TextChoices):
        VERIFIED = "verified", _("count once the district cabinet or the provider verified them")
        DECLARED = "declared", _("count as declared, unless rejected")
        NOT_COUNTED = "not_counted", _("do not count, even verified")

    class PlanningPriority(models.TextChoices):
        STRICT = "strict", _("strict classes: never trained, then by whole years overdue, then due")
        WEIGHTED = "weighted", _("weighted: each person's years overdue as a weight")

    effective_from = models.DateField(_("in force from"), unique=True)
    mode = models.CharField(_("rule"), max_length=8, choices=Mode)
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), help_text=_("60 for once in five years, 12 for every year.")
    )
    required_hours = models.PositiveSmallIntegerField(
        _("hours required in the period"), null=True, blank=True
    )
    counted_kinds = models.JSONField(
        _("kinds of training that count"), default=list,
        help_text=_("Values of the training kind; empty means every kind."),
    )  # fmt: skip
    counted_forms = models.JSONField(
        _("forms of training that count"), default=list, blank=True,
        help_text=_("Values of the training form; empty means every form."),
    )  # fmt: skip
    min_course_hours = models.PositiveSmallIntegerField(
        _("minimum hours of one course"), default=0,
        help_text=_("A shorter course does not count on its own."),
    )  # fmt: skip
    sum_short_courses = models.BooleanField(
        _("shorter courses and seminars are summed"), default=False
    )
    grace_months = models.PositiveSmallIntegerField(
        _("grace for new staff (months from hiring)"), default=0
    )
    pausing_leave_kinds = models.JSONField(
        _("leave that pauses the period"), default=list, blank=True,
        help_text=_("Values of the leave kind (maternity, illness, …)."),
    )  # fmt: skip
    retraining_required = models.BooleanField(
        _("educators without pedagogical education must complete retraining"), default=True
    )
    retraining_grace_months = models.PositiveSmallIntegerField(
        _("months from hiring to complete retraining"), default=24
    )
    self_declared = models.CharField(
        _("training the educator declared themself"), max_length=12, choices=SelfDeclared,
        default=SelfDeclared.VERIFIED,
        help_text=_(
            "A training recorded by the educator (or by anyone but the registry's keepers), with"
            " the scan of its certificate. Judged, like kinds and forms, by the policy in force"
            " on the training's end date; a rejected one never counts."
        ),
    )  # fmt: skip
    planning_priority = models.CharField(
        _("priority of the plan builder"), max_length=8, choices=PlanningPriority,
        default=PlanningPriority.STRICT,
        help_text=_(
            "Strict: no one of a lower class holds a seat that someone of a higher class could"
            " take (never trained; overdue by whole years, most first; due; compliant until"
            " this year), and within a class the most days overdue, then the shortest travel."
            " Weighted: every placement is worth one more weight per year overdue, so several"
            " people merely due may outweigh one long overdue."
        ),
    )  # fmt: skip
    basis = models.TextField(_("legal basis"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("compliance policy")
        verbose_name_plural = _("compliance policies")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(period_months__gt=0), name="policy_period_positive"),
            models.CheckConstraint(
                condition=Q(mode="cycle") | Q(required_hours__gt=0),
                name="policy_hours_rule_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_ky} ({dates.day(self.effective_from)})"


class Status(models.TextChoices):
    COMPLIANT = "compliant", _("compliant")
    DUE = "due", _("due this year")
    OVERDUE = "overdue", _("overdue")
    NEVER_TRAINED = "never_trained", _("never trained")
    NEEDS_RETRAINING = "needs_retraining", _("needs retraining")


class EducatorStatus(models.Model):
    """One row per educator in current employment: the maintained result of the policy in
    force, with the dimensions the dashboards group by copied in, so a national dashboard is a
    GROUP BY over one table.

    Derived rows, rebuilt in bulk from rows that already hold their integrity: the foreign
    keys are not enforced by the database (`db_constraint=False`), which would check every
    one of the ~130,000 rows on each refresh; deletions still cascade (Django does it)."""

    educator = models.OneToOneField(
        "registry.Educator", models.CASCADE, primary_key=True, related_name="compliance",
        db_constraint=False,
        verbose_name=_("educator"),
    )  # fmt: skip
    policy = models.ForeignKey(
        Policy,
        models.PROTECT,
        related_name="+",
        db_constraint=False,
        verbose_name=_("policy"),
    )
    computed_on = models.DateField(_("judged on"))
    status = models.CharField(_("status"), max_length=16, choices=Status, db_index=True)
    last_training_date = models.DateField(_("last counting training"), null=True, blank=True)
    hours_in_period = models.PositiveIntegerField(_("hours in the period"), default=0)
    due_date = models.DateField(
        _("compliant until"), null=True, blank=True,
        help_text=_("The date the next training is due (past when overdue)."),
    )  # fmt: skip
    # Dimensions, from the educator's main current employment
    organization = models.ForeignKey(
        "registry.Organization",
        models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("organization"),
    )
    unit = models.ForeignKey(
        "registry.AdminUnit",
        models.PROTECT,
        related_name="+",
        db_constraint=False,
        verbose_name=_("district"),
    )
    region = models.ForeignKey(
        "registry.AdminUnit",
        models.PROTECT,
        related_name="+",
        db_constraint=False,
        verbose_name=_("oblast"),
    )
    specialization = models.ForeignKey(
        "registry.Specialization", models.PROTECT, null=True, blank=True, related_name="+",
        db_constraint=False, verbose_name=_("specialization"),
    )  # fmt: skip
    organization_type = models.CharField(_("type of institution"), max_length=24)
    locality = models.CharField(_("urban or rural"), max_length=8)
    language = models.CharField(_("language of instruction"), max_length=8)

    objects = EducatorStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("compliance status")
        verbose_name_plural = _("compliance statuses")
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["due_date"]),
            # the lists of people, longest overdue first: a page of them without a sort
            models.Index(fields=["status", "due_date", "educator"], name="status_due_educator"),
        ]

    def __str__(self) -> str:
        return f"{self.educator_id}: {self.status}"


class YearShare(models.Model):
    """The trend: how many educators of a district were compliant at the end of each past year,
    under the rule of that year. Recomputed with the statuses."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "registry.AdminUnit",
        models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("district"),
    )
    region = models.ForeignKey(
        "registry.AdminUnit",
        models.CASCADE,
        related_name="+",
        db_constraint=False,
        verbose_name=_("oblast"),
    )
    educators = models.PositiveIntegerField(_("educators"))
    compliant = models.PositiveIntegerField(_("compliant"))

    class Meta:
        verbose_name = _("compliance by year")
        verbose_name_plural = _("compliance by year")
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="one_share_per_year_and_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id}: {self.compliant}/{self.educators}"


class Refresh(models.Model):
    """The one row that says when the statuses were last computed, under which policy, and
    up to which recorded training or leave (the watermark of the incremental refresh)."""

    policy = models.ForeignKey(
        Policy, models.SET_NULL, null=True, related_name="+", verbose_name=_("policy")
    )
    computed_on = models.DateField(_("judged on"))
    watermark = models.DateTimeField(_("facts recorded up to"), null=True)
    finished_at = models.DateTimeField(_("finished"))
    seconds = models.FloatField(_("duration (seconds)"), default=0)

    class Meta:
        verbose_name = _("compliance refresh")
        verbose_name_plural = _("compliance refreshes")

    def __str__(self) -> str:
        return f"{self.computed_on} ({self.policy_id})"
