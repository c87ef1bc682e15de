"""The plan builder's drafts: one run of the optimizer for a year, with the settings and
what-if changes it was run with, and one placement (or the reason for none) per educator."""

from django.conf import settings as conf
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.planner.querysets import PlacementQuerySet, PlanRunQuerySet


class Reason(models.TextChoices):
    NO_SPECIALIZATION = "no_specialization", _("no session of their specialization")
    NO_LANGUAGE = "no_language", _("no session in their language")
    NO_SEAT = (
        "no_seat",
        _("no seat within reach: every one held by someone of equal or higher priority"),
    )
    RELEASE_LIMIT = (
        "release_limit",
        _(
            "their school's release limit: a seat within reach is free or held by someone of lower"
            " priority, but colleagues of equal or higher priority are away on its dates"
        ),
    )
    REMOVED = "removed", _("taken out by hand")


class PlanRun(models.Model):
    """A draft plan for a year: who trains in which session, as the optimizer proposed it and
    as the institute then edited it; `parent` is the run a what-if changed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        NOMINATING = "nominating", _("being turned into nominations")
        NOMINATED = "nominated", _("turned into nominations")

    year = models.PositiveSmallIntegerField(_("year"))
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="what_ifs",
        verbose_name=_("what-if of"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    settings = models.JSONField(_("settings"), default=dict)
    changes = models.JSONField(_("what-if changes"), default=list, blank=True)
    figures = models.JSONField(_("figures"), default=dict)
    created_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("built by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("built"), auto_now_add=True)
    nominated_at = models.DateTimeField(_("nominated"), null=True, blank=True)
    # progress of the nominations, written by the background task as it goes
    to_nominate = models.PositiveIntegerField(_("placements to nominate"), default=0)
    nominations_done = models.PositiveIntegerField(_("placements nominated"), default=0)

    objects = PlanRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan builder run")
        verbose_name_plural = _("plan builder runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000), name="planrun_year_plausible"),
            models.CheckConstraint(
                condition=~Q(status="nominated") | Q(nominated_at__isnull=False),
                name="planrun_nomination_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def figure(self, method: str, name: str):
        return self.figures.get(method, {}).get(name)


class Placement(models.Model):
    """One educator of a run: the session proposed (or none, and why)."""

    # Derived rows, written in bulk (some 95,000 a run at national scale, and as many copied
    # for each what-if): as the compliance statuses, their references are not checked by the
    # database (PostgreSQL checks deferred keys of every row at the commit: half a second of a
    # what-if), and indexed only through the run; deletions still cascade, done by Django.
    run = models.ForeignKey(
        PlanRun, models.CASCADE, related_name="placements", verbose_name=_("plan"),
        db_index=False, db_constraint=False,  # the unique (run, educator) serves
    )  # fmt: skip
    educator = models.ForeignKey(
        "registry.Educator", models.CASCADE, related_name="+", verbose_name=_("educator"),
        db_constraint=False, db_index=False,
    )  # fmt: skip
    session = models.ForeignKey(
        "schedule.Session", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("session"), db_index=False, db_constraint=False,
    )  # fmt: skip
    proposed = models.PositiveSmallIntegerField(
        _("proposed course"), null=True, blank=True,
        help_text=_("A course the what-if added (its number among the changes), not a session."),
    )  # fmt: skip
    from_quota = models.BooleanField(_("a place of the district's quota"), default=False)
    organization = models.ForeignKey(
        "registry.Organization", models.CASCADE, related_name="+", verbose_name=_("workplace"),
        db_constraint=False, db_index=False,
    )  # fmt: skip
    unit = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("district"),
        db_constraint=False, db_index=False,
    )  # fmt: skip
    specialization = models.ForeignKey(
        "registry.Specialization", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("specialization"), db_constraint=False, db_index=False,
    )  # fmt: skip
    language = models.CharField(_("language of instruction"), max_length=8)
    status = models.CharField(_("status"), max_length=16)
    priority = models.PositiveSmallIntegerField(_("priority"))
    last_training_date = models.DateField(_("last counting training"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    travel_km = models.FloatField(_("travel (km)"), null=True, blank=True)
    nearest_km = models.FloatField(_("nearest session serving them (km)"), null=True, blank=True)
    reason = models.CharField(_("why not placed"), max_length=20, choices=Reason, blank=True)
    edited = models.BooleanField(_("changed by hand"), default=False)
    enrolment = models.ForeignKey(
        "delivery.Enrolment", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("nomination"), db_index=False,  # (indexed where set: Meta)
    )  # fmt: skip

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-priority", "due_date", "pk"]
        # indexes of the rows placed or nominated only: a plan's rows are written some 95,000
        # at a time (a what-if copies its plan's), most of them with neither, and every row
        # an index holds costs the writing (the queries by session or nomination name one)
        indexes = [
            models.Index(fields=["run", "unit"]),
            models.Index(fields=["run", "session"], condition=Q(session__isnull=False),
                         name="placement_run_session"),
            models.Index(fields=["enrolment"], condition=Q(enrolment__isnull=False),
                         name="placement_enrolment"),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(fields=["run", "educator"], name="placement_one_per_educator"),
            models.CheckConstraint(
                condition=(Q(session__isnull=False) | Q(proposed__isnull=False)) & Q(reason="")
                | Q(session__isnull=True, proposed__isnull=True) & ~Q(reason=""),
                name="placement_placed_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.educator_id} → {self.session_id or self.reason}"

    @property
    def is_placed(self) -> bool:
        return self.session_id is not None or self.proposed is not None


class PlanSnapshot(models.Model):
    """A plan's rows in one value, as a what-if reads them (`planner.snapshot`): written with
    the plan, dropped when one of its rows is changed by hand."""

    run = models.OneToOneField(
        PlanRun, models.CASCADE, primary_key=True, related_name="snapshot",
        verbose_name=_("plan"),
    )  # fmt: skip
    columns = models.BinaryField(_("its rows' columns"))

    class Meta:
        verbose_name = _("plan snapshot")
        verbose_name_plural = _("plan snapshots")

    def __str__(self) -> str:
        return str(self.run_id)
