"""Certificates (күбөлүк): numbered per provider and year without gaps, signed with the
provider's Ed25519 key, verifiable by anyone; and certificates earned outside Cheber."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.certificates.querysets import CertificateQuerySet


class SigningKey(models.Model):
    """One Ed25519 key pair of a provider. Rotation retires a key (it signs nothing new) but
    keeps its public half published, so the certificates it signed still verify."""

    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="signing_keys",
        verbose_name=_("provider"),
    )  # fmt: skip
    key_id = models.CharField(_("key id"), max_length=32, unique=True)
    public_key = models.CharField(_("public key"), max_length=64)  # raw 32 bytes, base64url
    private_key = models.BinaryField(_("private key (encrypted)"))
    # Who signs in the provider's name while this key is active (printed on the certificate)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["provider", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(retired_at=None),
                name="one_active_key_per_provider",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return self.key_id


class CertificateSequence(models.Model):
    """The last number a provider gave in a year: locked while a number is taken, so numbers
    are unique and without gaps (a failed issue rolls the counter back with it)."""

    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate sequence")
        verbose_name_plural = _("certificate sequences")
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="one_sequence_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}/{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate as issued. Its data is a snapshot: later edits to the educator or the
    programme never change what was signed."""

    class Language(models.TextChoices):
        KY = "ky", _("Kyrgyz")
        RU = "ru", _("Russian")
        BOTH = "ky+ru", _("Kyrgyz and Russian")

    # What it is and who holds it
    number = models.CharField(_("number"), max_length=64)
    external = models.BooleanField(_("earned outside Cheber"), default=False)
    educator = models.ForeignKey(
        "registry.Educator", models.PROTECT, related_name="certificates",
        verbose_name=_("educator"),
    )  # fmt: skip
    enrolment = models.ForeignKey(
        "delivery.Enrolment", models.PROTECT, null=True, blank=True, related_name="certificates",
        verbose_name=_("enrolment"),
    )  # fmt: skip
    training_record = models.ForeignKey(
        "registry.TrainingRecord", models.PROTECT, null=True, blank=True,
        related_name="certificates", verbose_name=_("training record"),
    )  # fmt: skip
    provider = models.ForeignKey(
        "registry.Organization", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("provider"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)

    # The data as issued (signed for Cheber's own certificates)
    full_name = models.CharField(_("full name"), max_length=255)
    programme_title_ky = models.CharField(_("programme (Kyrgyz)"), max_length=255)
    programme_title_ru = models.CharField(_("programme (Russian)"), max_length=255, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    form = models.CharField(_("form"), max_length=16)  # registry.TrainingRecord.Form
    provider_name_ky = models.CharField(_("provider (Kyrgyz)"), max_length=255)
    provider_name_ru = models.CharField(_("provider (Russian)"), max_length=255, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=255, blank=True)
    issue_date = models.DateField(_("issue date"))
    language = models.CharField(_("language"), max_length=8, choices=Language,
                                default=Language.BOTH)  # fmt: skip

    # Proof
    token = models.CharField(_("verification token"), max_length=64, blank=True)
    signing_key = models.ForeignKey(
        SigningKey, models.PROTECT, null=True, blank=True, related_name="certificates",
        verbose_name=_("signing key"),
    )  # fmt: skip
    signature = models.CharField(_("signature"), max_length=128, blank=True)

    # Revocation and re-issue
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("revoked by"),
    )  # fmt: skip
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaced_by = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaces",
        verbose_name=_("replaced by"),
    )  # fmt: skip

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issue_date", "-pk"]
        indexes = [models.Index(fields=["educator", "-end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(external=False), name="certificate_number_unique"
            ),
            models.UniqueConstraint(
                fields=["provider", "year", "sequence"],
                condition=Q(external=False),
                name="certificate_sequence_unique",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at=None, enrolment__isnull=False),
                name="one_valid_certificate_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(external=True)
                | (
                    Q(provider__isnull=False, year__isnull=False, sequence__isnull=False)
                    & ~Q(token="")
                    & ~Q(signature="")
                    & Q(signing_key__isnull=False)
                ),
                name="certificate_issued_is_signed",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(external=False) | (Q(signature="") & Q(signing_key__isnull=True)),
                name="certificate_external_is_unsigned",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at=None) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="certificate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
