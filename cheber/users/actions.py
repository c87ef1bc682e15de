"""Inviting a new user with one role; the rule of who may give what is in `access.py`."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from cheber.accounts.models import RoleAssignment, User
from cheber.core.audit import record
from cheber.users.access import grantable_roles, may_grant


@transaction.atomic
def invite_user(
    *, actor: Any, username: str, email: str, first_name: str, last_name: str,
    assignment: RoleAssignment,
) -> User:  # fmt: skip
    """A new user with one role, told by e-mail how to set their password. Refused to anyone who
    may not give this role; a place outside the actor's territory is the form's error."""
    if assignment.role not in grantable_roles(actor):
        raise PermissionDenied
    if not may_grant(actor, assignment):
        raise ValidationError({"role": _("You may not give this role for this place.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail exists already.")})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    assignment.user = user
    assignment.full_clean()
    assignment.save()
    record(actor=actor, verb="invite_user", obj=user, role=assignment.role,
           unit=assignment.unit_id, organization=assignment.organization_id,
           educator=assignment.educator_id)  # fmt: skip
    transaction.on_commit(lambda: _tell(user))
    return user


def _password_page() -> str:
    try:
        path = reverse("account_reset_password")
    except NoReverseMatch:
        path = reverse("accounts:login")
    return settings.PUBLIC_URL + path


def _tell(user: User) -> None:
    body = _(
        "You have an account in Cheber, the qualification-improvement system: username "
        "%(username)s. Set your password at %(url)s with this e-mail address."
    ) % {"username": user.username, "url": _password_page()}
    send_mail(_("Your Cheber account"), body, None, [user.email])
