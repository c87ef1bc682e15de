from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.core.access import NATIONAL_ROLES, ORGANIZATION_ROLES, UNIT_ROLES, Role


class User(AbstractUser):
    """A person who logs in. What they may see comes from their role assignments."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a user over a scope: the country, a unit, an organization or oneself."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role)
    unit = models.ForeignKey(
        "registry.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("oblast, city or district"),
    )  # fmt: skip
    organization = models.ForeignKey(
        "registry.Organization", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organization"),
    )  # fmt: skip
    educator = models.ForeignKey(
        "registry.Educator", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("educator"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=NATIONAL_ROLES, unit=None, organization=None, educator=None)
                    | Q(role__in=UNIT_ROLES, unit__isnull=False, organization=None, educator=None)
                    | Q(
                        role__in=ORGANIZATION_ROLES,
                        organization__isnull=False,
                        unit=None,
                        educator=None,
                    )
                    | Q(role=Role.TEACHER, educator__isnull=False, unit=None, organization=None)
                ),
                name="role_assignment_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=NATIONAL_ROLES),
                name="role_assignment_unique_national",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="role_assignment_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="role_assignment_unique_organization",
            ),
            # An educator has one account: a second would let whoever holds it act in their
            # name (see the invitation in cheber/users/actions.py).
            models.UniqueConstraint(
                fields=["educator"],
                condition=Q(educator__isnull=False),
                name="role_assignment_one_account_per_educator",
                violation_error_message=_(
                    "This educator has an account already, and an educator has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.unit or self.organization or self.educator
        return f"{self.get_role_display()}: {target}" if target else self.get_role_display()

    @property
    def scope_label(self):
        return self.unit or self.organization or self.educator or _("the whole country")
