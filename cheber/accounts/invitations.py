"""Who may give whom a role, and inviting a new user with one.

Managing users is scoped like everything else: the national institute gives any role of the
network (never a national one: those and administrators are the system administrator's); an
oblast coordinator gives the district, school and teacher roles of their oblast; a district
methodist the principals and teachers of their district; a principal the teachers of their
school; provider staff their own provider's staff. Nobody gives a role above their own.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import NATIONAL_ROLES, Access, Role, access_for
from cheber.core.audit import record


def grantable_roles(actor) -> list[str]:
    """The roles `actor` may give to someone, in the order of `Role`."""
    roles = access_for(actor)
    if roles.superuser:
        return list(Role.values)
    allowed = set()
    if roles.is_institute:
        allowed |= set(Role.values) - set(NATIONAL_ROLES)
    if roles.oblast_ids:
        allowed |= {Role.DISTRICT_METHODIST, Role.PRINCIPAL, Role.TEACHER}
    if roles.district_ids:
        allowed |= {Role.PRINCIPAL, Role.TEACHER}
    if roles.principal_of:
        allowed.add(Role.TEACHER)
    if roles.provider_ids:
        allowed.add(Role.PROVIDER_STAFF)
    return [value for value in Role.values if value in allowed]


def _employed_in(condition: Q) -> Q:
    from cheber.registry.models import Employment

    jobs = Employment.objects.active().filter(condition)
    return Q(educator__in=jobs.values("educator_id"))


def _territory(roles: Access) -> Q:
    """The assignments (of any user) that `roles` may give: the rule of the module."""
    oblast, district = roles.oblast_ids, roles.district_ids
    return (
        Q(role=Role.DISTRICT_METHODIST, unit__region_id__in=oblast)
        | Q(role=Role.PRINCIPAL, organization__region_id__in=oblast)
        | Q(role=Role.TEACHER) & _employed_in(Q(organization__region_id__in=oblast))
        | Q(role=Role.PRINCIPAL, organization__unit_id__in=district)
        | Q(role=Role.TEACHER) & _employed_in(Q(organization__unit_id__in=district))
        | Q(role=Role.TEACHER) & _employed_in(Q(organization_id__in=roles.principal_of))
        | Q(role=Role.PROVIDER_STAFF, organization_id__in=roles.provider_ids)
    )


def manageable_assignments(actor) -> QuerySet:
    roles = access_for(actor)
    if roles.superuser:
        return RoleAssignment.objects.all()
    if roles.is_institute:
        return RoleAssignment.objects.exclude(role__in=NATIONAL_ROLES)
    return RoleAssignment.objects.filter(_territory(roles))


def manageable_users(actor) -> QuerySet:
    """The users `actor` may see in the user list: those holding a role `actor` may give."""
    roles = access_for(actor)
    if roles.superuser:
        return User.objects.all()
    held = manageable_assignments(actor).values("user_id")
    return User.objects.filter(pk__in=held, is_superuser=False)


def may_grant(actor, assignment: RoleAssignment) -> bool:
    if assignment.role not in grantable_roles(actor):
        return False
    roles = access_for(actor)
    if roles.superuser or roles.is_institute:
        return True
    unsaved = {
        "role": assignment.role,
        "unit": assignment.unit_id,
        "organization": assignment.organization_id,
        "educator": assignment.educator_id,
    }
    return _matches(roles, unsaved)  # fmt: skip


def _matches(roles: Access, a: dict[str, Any]) -> bool:
    """`_territory` for one assignment not yet saved (one query at most)."""
    from cheber.registry.models import AdminUnit, Employment, Organization

    role = a["role"]
    if role == Role.PROVIDER_STAFF:
        return a["organization"] in roles.provider_ids
    if role == Role.DISTRICT_METHODIST:
        units = AdminUnit.objects.filter(pk=a["unit"], region_id__in=roles.oblast_ids)
        return units.exclude(level=AdminUnit.Level.REGION).exists()
    if role == Role.PRINCIPAL:
        return Organization.objects.filter(
            Q(region_id__in=roles.oblast_ids) | Q(unit_id__in=roles.district_ids),
            pk=a["organization"],
        ).exists()
    if role == Role.TEACHER:
        return (
            Employment.objects.active()
            .filter(
                Q(organization__region_id__in=roles.oblast_ids)
                | Q(organization__unit_id__in=roles.district_ids)
                | Q(organization_id__in=roles.principal_of),
                educator_id=a["educator"],
            )
            .exists()
        )
    return False


@transaction.atomic
def invite_user(
    *, actor: Any, username: str, email: str, first_name: str, last_name: str,
    assignment: RoleAssignment,
) -> User:  # fmt: skip
    """A new user with one role, told by e-mail how to set their password."""
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
