import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cheber.core import dates
from cheber.core.i18n import TrilingualName, current_language
from cheber.registry.pin import parse_pin
from cheber.registry.querysets import (
    EducatorQuerySet,
    EmploymentQuerySet,
    OrganizationQuerySet,
    TrainingRecordQuerySet,
)


class AdminUnit(TrilingualName):
    """A unit of the СОАТЕ classification: oblast, city, district, town, city district."""

    class Level(models.TextChoices):
        REGION = "region", _("oblast")
        CITY = "city", _("city of republican significance")
        DISTRICT = "district", _("district")
        TOWN = "town", _("town of oblast significance")
        CITY_DISTRICT = "city_district", _("city district")

    TOP_LEVELS = (Level.REGION, Level.CITY)

    soate = models.CharField(_("СОАТЕ code"), max_length=14, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )  # fmt: skip
    region = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("oblast or city"),
        help_text=_("The top-level unit this one belongs to (itself for a top-level unit)."),
    )  # fmt: skip
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["soate"]

    @property
    def is_top_level(self) -> bool:
        return self.level in self.TOP_LEVELS


class Specialization(TrilingualName):
    """What an educator teaches or does: a subject, a level, a function."""

    class StaffKind(models.TextChoices):
        SCHOOL = "school", _("school")
        PRESCHOOL = "preschool", _("preschool")
        UNIVERSITY = "university", _("university and college")
        ANY = "any", _("any organization")

    code = models.SlugField(_("code"), max_length=48, unique=True)
    staff_kind = models.CharField(_("staff kind"), max_length=16, choices=StaffKind)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("specialization")
        verbose_name_plural = _("specializations")
        ordering = ["sort_order", "code"]


class Organization(TrilingualName):
    """A school, preschool, college, university, provider, cabinet, department or ministry."""

    class Type(models.TextChoices):
        SCHOOL = "school", _("school")
        PRESCHOOL = "preschool", _("preschool")
        COLLEGE = "college", _("college")
        UNIVERSITY = "university", _("university")
        PROVIDER = "provider", _("qualification-improvement provider")
        METHODICAL_CABINET = "methodical_cabinet", _("methodical cabinet")
        EDUCATION_DEPARTMENT = "education_department", _("education department")
        MINISTRY = "ministry", _("ministry")

    class Locality(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    class Language(models.TextChoices):
        KYRGYZ = "ky", _("Kyrgyz")
        RUSSIAN = "ru", _("Russian")
        UZBEK = "uz", _("Uzbek")
        TAJIK = "tg", _("Tajik")
        ENGLISH = "en", _("English")

    code = models.CharField(_("code"), max_length=32, unique=True)
    type = models.CharField(_("type"), max_length=24, choices=Type, db_index=True)
    languages = models.JSONField(_("languages of instruction"), default=list, blank=True)
    locality = models.CharField(_("urban or rural"), max_length=8, choices=Locality)
    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="organizations",
        verbose_name=_("district or city"),
    )  # fmt: skip
    region = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="+", verbose_name=_("oblast or city"),
        editable=False,
    )  # fmt: skip
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    @property
    def language_labels(self) -> list[str]:
        labels = dict(self.Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ky"]
        indexes = [
            models.Index(fields=["region", "type"]),
            models.Index(fields=["unit", "type"]),
        ]


class Position(TrilingualName):
    """A post in an organization; says which organization types employ it."""

    code = models.SlugField(_("code"), max_length=48, unique=True)
    organization_types = models.JSONField(_("organization types"), default=list)
    is_pedagogical = models.BooleanField(_("pedagogical"), default=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["code"]

    def is_allowed_in(self, organization_type: str) -> bool:
        return organization_type in self.organization_types


class Educator(models.Model):
    """A pedagogue, identified by their PIN."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class EducationLevel(models.TextChoices):
        SECONDARY_VOCATIONAL = "secondary_vocational", _("secondary vocational")
        INCOMPLETE_HIGHER = "incomplete_higher", _("incomplete higher")
        BACHELOR = "bachelor", _("bachelor")
        SPECIALIST = "specialist", _("specialist (5-year higher)")
        MASTER = "master", _("master")
        CANDIDATE = "candidate", _("candidate of sciences")
        DOCTOR = "doctor", _("doctor of sciences")

    class Category(models.TextChoices):
        NONE = "none", _("no category")
        SECOND = "second", _("second category")
        FIRST = "first", _("first category")
        HIGHEST = "highest", _("highest category")

    pin = models.CharField(
        _("PIN"), max_length=14, unique=True,
        error_messages={"unique": _("An educator with this PIN is already registered.")},
    )  # fmt: skip
    surname = models.CharField(_("surname"), max_length=80)
    first_name = models.CharField(_("name"), max_length=80)
    patronymic = models.CharField(_("patronymic"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    birth_date = models.DateField(_("birth date"))
    education_level = models.CharField(_("education level"), max_length=24, choices=EducationLevel)
    has_pedagogical_education = models.BooleanField(_("pedagogical education"), default=True)
    specializations = models.ManyToManyField(
        Specialization, blank=True, related_name="educators", verbose_name=_("specializations")
    )
    category = models.CharField(
        _("qualification category"), max_length=8, choices=Category, default=Category.NONE
    )
    phone = models.CharField(_("phone"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EducatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("educator")
        verbose_name_plural = _("educators")
        ordering = ["surname", "first_name", "patronymic"]
        indexes = [models.Index(fields=["surname", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pin__regex=r"^[12][0-9]{13}$"), name="educator_pin_format"
            ),
            models.CheckConstraint(
                condition=(Q(sex="F", pin__startswith="1") | Q(sex="M", pin__startswith="2")),
                name="educator_sex_matches_pin",
            ),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^\+996[0-9]{9}$"),
                name="educator_phone_format",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)

    def clean(self) -> None:
        """The PIN must be well formed and agree with the birth date and sex."""
        errors: dict[str, list] = {}
        try:
            facts = parse_pin(self.pin)
        except ValidationError as error:
            raise ValidationError({"pin": error.messages}) from None
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = [_("The birth date cannot be in the future.")]
        elif self.birth_date and facts.birth_date != self.birth_date:
            errors["pin"] = [
                _("The PIN encodes the birth date %(date)s, not the one given.")
                % {"date": dates.day(facts.birth_date)}
            ]
        if self.sex and facts.sex != self.sex:
            errors.setdefault("pin", []).append(
                _("The PIN starts with %(digit)s, which does not match the sex given.")
                % {"digit": self.pin[0]}
            )
        if errors:
            raise ValidationError(errors)


class Employment(models.Model):
    """A job: an educator in an organization, in a position. Ended, never deleted."""

    educator = models.ForeignKey(
        Educator, models.PROTECT, related_name="employments", verbose_name=_("educator")
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="employments", verbose_name=_("organization")
    )
    position = models.ForeignKey(Position, models.PROTECT, verbose_name=_("position"))
    specialization = models.ForeignKey(
        Specialization, models.PROTECT, null=True, blank=True, verbose_name=_("specialization")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    workload = models.DecimalField(
        _("workload (rate)"), max_digits=3, decimal_places=2, default=1,
        help_text=_("Share of a full-time rate, from 0.10 to 2.00."),
    )  # fmt: skip

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["organization", "end_date"]),
            models.Index(fields=["educator", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="employment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(workload__gte=0.1, workload__lte=2), name="employment_workload_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.educator} — {self.position}, {self.organization}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (
            self.position_id
            and self.organization_id
            and not self.position.is_allowed_in(self.organization.type)
        ):
            errors["position"] = _(
                "Organizations of type “%(organization_type)s” have no position “%(position)s”."
            ) % {
                "organization_type": self.organization.get_type_display(),
                "position": self.position.name,
            }
        if errors:
            raise ValidationError(errors)


def document_path(training: "TrainingRecord", filename: str) -> str:
    """A random name in the educator's folder: the name the teacher gave is not kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registry/declared/{training.educator_id}/{uuid.uuid4().hex}.{extension}"


def shown_title(title: str, title_ru: str) -> str:
    """A training's title in the active language (Russian for Russian, else Kyrgyz), or the
    other one when it has none."""
    if current_language() == "ru":
        return title_ru or title
    return title or title_ru


class TrainingRecord(models.Model):
    """One completed training in an educator's qualification history.

    A record the educator declares themself (`verification` pending) comes with the scan of its
    document and counts, under the policy in force, only once the district cabinet or the
    provider it names has verified it; records entered by the registry's keepers, imported or
    completed in Cheber need no verification."""

    class Form(models.TextChoices):
        STATIONARY = "stationary", _("stationary")
        MOBILE = "mobile", _("mobile (in the district)")
        BLENDED = "blended", _("blended (online and offline)")
        ONLINE = "online", _("online self-paced")
        SEMINAR = "seminar", _("seminar")

    class Source(models.TextChoices):
        CHEBER = "cheber", _("completed in Cheber")
        EXTERNAL = "external", _("recorded from outside")

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("qualification improvement")
        RETRAINING = "retraining", _("retraining")
        SEMINAR = "seminar", _("seminar or training")
        AUGUST_SEMINAR = "august_seminar", _("August-conference seminar")

    class Verification(models.TextChoices):
        NOT_NEEDED = "not_needed", _("not needed")
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    educator = models.ForeignKey(
        Educator, models.PROTECT, related_name="training_records", verbose_name=_("educator")
    )
    provider = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("provider"),
    )  # fmt: skip
    provider_name = models.CharField(
        _("provider (outside the registry)"), max_length=255, blank=True
    )
    title = models.CharField(_("title (Kyrgyz)"), max_length=255)
    # As the certificate has it; empty for records that came with a Kyrgyz title alone.
    title_ru = models.CharField(
        _("title (Russian)"), max_length=255, blank=True, default="", db_default=""
    )
    hours = models.PositiveSmallIntegerField(_("hours"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), db_index=True)
    form = models.CharField(_("form"), max_length=16, choices=Form)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.QUALIFICATION)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source, default=Source.EXTERNAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    # Self-declared records: the document, and who verified or rejected it when. The database
    # defaults let the bulk imports leave these columns out.
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification, default=Verification.NOT_NEEDED,
        db_default=Verification.NOT_NEEDED,
    )  # fmt: skip
    document = models.FileField(
        _("document"), upload_to=document_path, max_length=200, blank=True, default="",
        db_default="",
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verified or rejected by"),
    )  # fmt: skip
    # indexed: the compliance refresh watermark reads its latest value, as it does recorded_at
    reviewed_at = models.DateTimeField(
        _("verified or rejected"), null=True, blank=True, db_index=True
    )
    review_note = models.TextField(_("reason for rejection"), blank=True, default="", db_default="")
    # when a keeper last corrected the record (`correct_training`); indexed for the same
    # watermark, so that the educator's status is judged again at once
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, db_index=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-end_date"]
        indexes = [
            models.Index(fields=["educator", "-end_date"]),
            # the cabinets' queue: the few records waiting, oldest first
            models.Index(
                fields=["recorded_at"], condition=Q(verification="pending"),
                name="training_pending",
            ),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | ~Q(provider_name=""),
                name="training_has_provider",
            ),
            models.CheckConstraint(
                condition=Q(verification="not_needed") | ~Q(document=""),
                name="training_declared_has_document",
            ),
            models.CheckConstraint(
                condition=Q(verification__in=["not_needed", "pending"])
                | Q(reviewed_at__isnull=False),
                name="training_review_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(verification="rejected") | ~Q(review_note=""),
                name="training_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_title} ({self.end_date:%Y})"

    @property
    def shown_title(self) -> str:
        return shown_title(self.title, self.title_ru)

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.end_date and self.end_date > timezone.localdate():
            errors["end_date"] = _("A completed training cannot end in the future.")
        if not self.provider_id and not self.provider_name.strip():
            errors["provider_name"] = _("Name the provider of the training.")
        if errors:
            raise ValidationError(errors)

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id else self.provider_name

    @property
    def is_declared(self) -> bool:
        """Declared by the educator themself (verified or not), not entered by a keeper."""
        return self.verification != self.Verification.NOT_NEEDED

    @property
    def is_correctable(self) -> bool:
        """Entered from outside by a keeper or an import, so a keeper may correct it: a
        training completed in Cheber has its certificate, a declared one its verification."""
        return self.source == self.Source.EXTERNAL and not self.is_declared

    @property
    def stands(self) -> bool:
        """Holds as evidence: not declared, or declared and verified."""
        return self.verification in (self.Verification.NOT_NEEDED, self.Verification.VERIFIED)


class Leave(models.Model):
    """A period an educator is away from work (maternity leave, long illness, military service):
    the compliance policy in force says which kinds pause the qualification cycle."""

    class Kind(models.TextChoices):
        MATERNITY = "maternity", _("maternity leave")
        CHILDCARE = "childcare", _("childcare leave")
        ILLNESS = "illness", _("long illness")
        MILITARY = "military", _("military service")
        STUDY = "study", _("study leave")
        OTHER = "other", _("other leave")

    educator = models.ForeignKey(
        Educator, models.CASCADE, related_name="leaves", verbose_name=_("educator")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="leave_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {dates.day(self.start_date)}–{dates.day(self.end_date)}"
