"""The programme catalogue: what providers teach, approved by the national institute."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.catalog.querysets import ProgrammeQuerySet
from cheber.core.i18n import localized
from cheber.registry.models import TrainingRecord

# How a programme or session is delivered: the same words as a training record's form.
Form = TrainingRecord.Form


class Theme(models.TextChoices):
    STEAM = "steam", _("STEAM")
    PISA = "pisa", _("PISA and functional literacy")
    SKILLS_21 = "skills_21", _("21st-century and global skills")
    ICT = "ict", _("ICT competence")
    INCLUSIVE = "inclusive", _("inclusive education")
    MULTILINGUAL = "multilingual", _("multilingual education")
    MENTORING = "mentoring", _("mentoring")
    ATTESTATION = "attestation", _("preparation for attestation")
    UPBRINGING = "upbringing", _("moral and physical upbringing")
    PRESCHOOL = "preschool", _("preschool education")


class Programme(models.Model):
    """A course a provider offers: proposed as a draft, approved by the national institute."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("qualification improvement")
        RETRAINING = "retraining", _("retraining")
        SEMINAR = "seminar", _("seminar or training")
        AUGUST_SEMINAR = "august_seminar", _("August-conference seminar")

    class Assessment(models.TextChoices):
        TEST = "test", _("test")
        PROJECT = "project", _("project defence")
        PORTFOLIO = "portfolio", _("portfolio")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        ARCHIVED = "archived", _("archived")

    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="programmes",
        verbose_name=_("provider"), limit_choices_to={"type": "provider"},
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=32, unique=True)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description_ky = models.TextField(_("description (Kyrgyz)"))
    description_ru = models.TextField(_("description (Russian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind, default=Kind.QUALIFICATION)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    form = models.CharField(_("form"), max_length=16, choices=Form)
    assessment = models.CharField(_("final assessment"), max_length=16, choices=Assessment)
    languages = models.JSONField(_("languages"), default=list)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    specializations = models.ManyToManyField(
        "registry.Specialization", blank=True, related_name="programmes",
        verbose_name=_("target specializations"),
    )  # fmt: skip
    positions = models.ManyToManyField(
        "registry.Position", blank=True, related_name="programmes",
        verbose_name=_("target positions"),
    )  # fmt: skip
    contract_price = models.DecimalField(
        _("price of a contract place (som)"), max_digits=9, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposed by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title_ky"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="programme_hours_positive"),
            models.CheckConstraint(
                condition=Q(contract_price__gte=0), name="programme_price_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="programme_approval_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def clean(self) -> None:
        from cheber.registry.models import Organization

        errors = {}
        known = set(Organization.Language.values)
        if not self.languages:
            errors["languages"] = _("Name at least one language of instruction.")
        elif not set(self.languages) <= known:
            errors["languages"] = _("Unknown language: %(codes)s.") % {
                "codes": ", ".join(sorted(set(self.languages) - known))
            }
        if not set(self.themes) <= set(Theme.values):
            errors["themes"] = _("Unknown theme: %(codes)s.") % {
                "codes": ", ".join(sorted(set(self.themes) - set(Theme.values)))
            }
        if errors:
            raise ValidationError(errors)


class Module(models.Model):
    """A part of a programme with its hours; the hours of the modules add up to the programme's."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="modules", verbose_name=_("programme")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    is_online = models.BooleanField(_("online part"), default=False)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="module_hours_positive"),
            models.UniqueConstraint(fields=["programme", "order"], name="module_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")
