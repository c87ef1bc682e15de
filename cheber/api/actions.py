"""Every change of the API's own data: tokens made and revoked, each checked and audited."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.accounts.models import RoleAssignment
from cheber.accounts.security import needs_second_factor
from cheber.api import tokens
from cheber.api.access import can_create_machine_token, can_create_token, can_revoke_token
from cheber.api.models import Token
from cheber.core.access import Role
from cheber.core.audit import record
from cheber.registry.models import Organization

MAX_DAYS = 366
# The role a machine account holds over its organization, by the organization's type.
MACHINE_ROLES = {
    Organization.Type.MINISTRY: Role.MINISTRY,
    Organization.Type.PROVIDER: Role.PROVIDER_STAFF,
    Organization.Type.SCHOOL: Role.PRINCIPAL,
    Organization.Type.PRESCHOOL: Role.PRINCIPAL,
    Organization.Type.COLLEGE: Role.PRINCIPAL,
    Organization.Type.UNIVERSITY: Role.PRINCIPAL,
    Organization.Type.METHODICAL_CABINET: Role.DISTRICT_METHODIST,
    Organization.Type.EDUCATION_DEPARTMENT: Role.DISTRICT_METHODIST,
}


def _check_terms(name: str, expires_on: dt.date | None) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the token (what uses it).")
    today = timezone.localdate()
    if expires_on is not None and not today < expires_on <= today + dt.timedelta(MAX_DAYS):
        errors["expires_on"] = _("The expiry date is after today and within a year.")
    if errors:
        raise ValidationError(errors)


def _expiry(expires_on: dt.date | None) -> dt.datetime | None:
    if expires_on is None:
        return None
    return timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))


def _make(*, actor, user, kind, organization, name, read_only, expires_on) -> tuple[Token, str]:
    plaintext, parts = tokens.make(
        tokens.MACHINE if kind == Token.Kind.MACHINE else tokens.PERSONAL
    )
    pepper = tokens.current_pepper_id()
    token = Token.objects.create(
        user=user, kind=kind, organization=organization, name=name.strip(), key=parts.key,
        digest=tokens.digest(parts.secret, pepper), pepper_id=pepper, read_only=read_only,
        expires_at=_expiry(expires_on), created_by=actor,
    )  # fmt: skip
    record(actor=actor, verb="create_api_token", obj=token, kind=kind, name=token.name,
           read_only=read_only, expires=expires_on.isoformat() if expires_on else None)  # fmt: skip
    return token, plaintext


@transaction.atomic
def create_token(
    *, actor: Any, name: str, read_only: bool = True, expires_on: dt.date | None = None,
    second_factor_passed: bool = False,
) -> tuple[Token, str]:  # fmt: skip
    """A personal token of the actor; returns it and its plaintext (shown once, never stored).
    National roles and administrators must have passed the second factor in this session."""
    if not can_create_token(actor):
        raise PermissionDenied
    if settings.CHEBER_MFA_REQUIRED and needs_second_factor(actor) and not second_factor_passed:
        raise PermissionDenied(_("Log in with your second factor before you create a token."))
    _check_terms(name, expires_on)
    return _make(actor=actor, user=actor, kind=Token.Kind.PERSONAL, organization=None,
                 name=name, read_only=read_only, expires_on=expires_on)  # fmt: skip


def _machine_user(organization: Organization):
    """The organization's machine account: a user without a password holding the role its
    organization's type gives (made the first time)."""
    role = MACHINE_ROLES.get(organization.type)
    if role is None:
        raise ValidationError(
            {"organization": _("This organization cannot have a machine account.")}
        )
    user, created = get_user_model().objects.get_or_create(
        username=f"machine.{organization.code}"[:150],
        defaults={"first_name": str(organization.name)[:150], "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        scope = {"organization": organization}
        if role == Role.MINISTRY:
            scope = {}
        elif role == Role.DISTRICT_METHODIST:
            top = organization.unit.is_top_level
            role, scope = (Role.OBLAST_COORDINATOR if top else role), {"unit": organization.unit}
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@transaction.atomic
def create_machine_token(
    *, actor: Any, organization: Organization, name: str, read_only: bool = True,
    expires_on: dt.date | None = None, second_factor_passed: bool = False,
) -> tuple[Token, str]:  # fmt: skip
    """A token for the organization's machine account, made by the national institute."""
    if not can_create_machine_token(actor):
        raise PermissionDenied
    if settings.CHEBER_MFA_REQUIRED and not second_factor_passed:
        raise PermissionDenied(_("Log in with your second factor before you create a token."))
    _check_terms(name, expires_on)
    user = _machine_user(organization)
    return _make(actor=actor, user=user, kind=Token.Kind.MACHINE, organization=organization,
                 name=name, read_only=read_only, expires_on=expires_on)  # fmt: skip


@transaction.atomic
def revoke_token(*, actor: Any, token: Token) -> Token:
    if not can_revoke_token(actor, token):
        raise PermissionDenied
    token = Token.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, verb="revoke_api_token", obj=token, name=token.name)
    return token
