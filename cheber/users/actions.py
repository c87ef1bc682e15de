"""Inviting a new user with one role; the rule of who may give what is in `access.py`."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cheber.accounts import notices
from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.core.audit import record
from cheber.users.access import grantable_roles, may_grant


@transaction.atomic
def invite_user(
    *, actor: Any, username: str, email: str, first_name: str, last_name: str,
    assignment: RoleAssignment,
) -> User | None:  # fmt: skip
    """A new user with one role, told by e-mail how to set their password (and who made the
    account); a teacher's account is told to the educator also at the address the registry
    holds for them. Refused to anyone who may not give this role; a place outside the actor's
    territory is the form's error; an educator has one account, a second is refused.

    An address that has an account already gets no second one, and the actor is not told so
    (the address's owner is): None, and the same answer on the page as an invitation."""
    if assignment.role not in grantable_roles(actor):
        raise PermissionDenied
    if not may_grant(actor, assignment):
        raise ValidationError({"role": _("You may not give this role for this place.")})
    _refuse_second_account(assignment)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    if holder := User.objects.filter(email__iexact=email).order_by("pk").first():
        record(actor=actor, verb="invite_user_to_taken_address", obj=holder,
               role=assignment.role)  # fmt: skip
        notices.tell_address_has_account(holder, by=actor)
        return None
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _assign(assignment, user)
    record(actor=actor, verb="invite_user", obj=user, role=assignment.role,
           unit=assignment.unit_id, organization=assignment.organization_id,
           educator=assignment.educator_id)  # fmt: skip
    _tell(user, assignment, actor)
    return user


def _refuse_second_account(assignment: RoleAssignment) -> None:
    """A teacher's account for an educator who has one would let whoever holds the new one act
    in their name: refused (the database holds it too)."""
    if assignment.role != Role.TEACHER:
        return
    held = RoleAssignment.objects.filter(educator_id=assignment.educator_id).first()
    if held is not None:
        raise ValidationError({"educator": _second_account_message(assignment, held.user)})


def _second_account_message(assignment: RoleAssignment, holder: User) -> str:
    return _(
        "%(name)s has an account already (username %(username)s), and an educator has one "
        "account. They set a new password themselves, from the log-in page."
    ) % {"name": assignment.educator.full_name, "username": holder.username}


def _assign(assignment: RoleAssignment, user: User) -> None:
    assignment.user = user
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:  # a second account made at the same moment
        raise ValidationError(
            {"educator": _("This educator has an account already, and an educator has one.")}
        ) from None


def _tell(user: User, assignment: RoleAssignment, actor: Any) -> None:
    educator = assignment.educator if assignment.role == Role.TEACHER else None
    notices.tell_new_account(
        user, by=actor, role=Role(assignment.role).label,
        also_to=educator.email if educator else "", name=educator.full_name if educator else "",
    )  # fmt: skip
