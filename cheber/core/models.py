from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cheber.core.querysets import AuditEventQuerySet, PersonalDataAccessQuerySet


class DatedRule(models.Model):
    """A rule kept as data from the date it takes force (never a constant in code): the rule
    of a day is the latest in force on it. Concrete rules add their figures and constraints."""

    effective_from = models.DateField(_("in force from"), unique=True)
    note = models.CharField(_("basis"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["-effective_from"]

    @classmethod
    def in_force(cls, on):
        """The rule in force on the date `on` (None before the first)."""
        return cls.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


class AuditEvent(models.Model):
    """One recorded state change: who did what to which object, and when."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    via = models.CharField(_("made by"), max_length=64, blank=True)  # e.g. "command …"
    verb = models.CharField(_("verb"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_type}#{self.object_id}"


class PersonalDataAccess(models.Model):
    """One look at personal data by a staff user (Law of the Kyrgyz Republic "On personal
    information"): an educator's record opened, or a list of educators exported."""

    class Kind(models.TextChoices):
        RECORD = "record", _("record opened")
        EXPORT = "export", _("list exported")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    what = models.CharField(_("what"), max_length=64)  # the page or export
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # an opened record names it; an export names none, but says how many rows
            models.CheckConstraint(
                condition=models.Q(kind="export", object_id="")
                | models.Q(kind="record", rows=1) & ~models.Q(object_id=""),
                name="personal_data_access_names_its_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.what}"


class Job(models.Model):
    """A long piece of work run in the background (a ZIP of certificates, an import): its
    progress for the page that polls it, and the file it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")),
                                   name="job_done_within_total"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return 100 * self.done // self.total if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ScheduledRun(models.Model):
    """One run of a scheduled job at one due time. The pair is unique, so that of two
    schedulers (two servers) only the first to insert it queues the job."""

    Status = Job.Status  # the same states as a job with a page

    name = models.CharField(_("job"), max_length=64)
    due_at = models.DateTimeField(_("due"))
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="one_run_per_job_and_time"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M} ({self.status})"


class Backup(models.Model):
    """One backup `cheber backup` made (written after the file is complete, so it is not in
    the file itself): what `cheber stats --json` reports as `service.last_backup`."""

    finished_at = models.DateTimeField(_("finished"), db_index=True)
    path = models.CharField(_("file"), max_length=1000)
    engine = models.CharField(_("database"), max_length=16)
    size = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} {self.path}"
