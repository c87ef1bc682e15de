from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cheber.api.querysets import TokenQuerySet


class Token(models.Model):
    """A key to the API: a person's own (personal), or a machine account's, made by the
    national institute for an organization's system. It acts as its user, with their scope."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("personal")
        MACHINE = "machine", _("machine account")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens",
        verbose_name=_("user"),
    )  # fmt: skip
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organization"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.PERSONAL)
    name = models.CharField(_("name"), max_length=100)
    # public: finds the row; the secret is only ever stored as its HMAC under a pepper
    key = models.CharField(_("key"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    pepper_id = models.PositiveSmallIntegerField(_("pepper"))
    read_only = models.BooleanField(_("read only"), default=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal", organization__isnull=True)
                | Q(kind="machine", organization__isnull=False),
                name="api_token_machine_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.key}… {self.name}"

    @property
    def prefix(self) -> str:
        return "chb_m_" if self.kind == self.Kind.MACHINE else "chb_p_"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class IdempotencyKey(models.Model):
    """A creating POST's `Idempotency-Key`, claimed before the work and holding its answer,
    so that a retry replays the answer instead of creating twice (draft-ietf-httpapi-
    idempotency-key-header). Scoped to the token (or, from a logged-in page, the user)."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    token = models.ForeignKey(
        Token, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("token")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=255)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=255)
    request_sha256 = models.CharField(_("fingerprint"), max_length=64)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.IN_PROGRESS)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    response_body = models.BinaryField(_("response"), blank=True, default=b"")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["token", "key"], condition=Q(token__isnull=False),
                name="api_idempotency_unique_per_token",
            ),
            models.UniqueConstraint(
                fields=["user", "key"], condition=Q(token__isnull=True),
                name="api_idempotency_unique_per_session_user",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.key}"
