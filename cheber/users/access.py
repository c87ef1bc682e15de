"""Who may give whom a role: the users a staff member manages and the roles they may give.

Managing users is scoped like everything else: the national institute gives any role of the
network (never a national one: those and administrators are the system administrator's); an
oblast coordinator gives the district, school and teacher roles of their oblast; a district
methodist the principals and teachers of their district; a principal the teachers of their
school; provider staff their own provider's staff. Nobody gives a role above their own.
"""

from typing import Any

from django.db.models import Q, QuerySet

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import NATIONAL_ROLES, Access, Role, access_for
from cheber.registry.models import AdminUnit, Educator, Employment, Organization


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
        return _jobs_governed(roles).filter(educator_id=a["educator"]).exists()
    return False


def _jobs_governed(roles: Access) -> QuerySet:
    """The active jobs in the oblasts, districts and schools `roles` gives teachers' roles in."""
    return Employment.objects.active().filter(
        Q(organization__region_id__in=roles.oblast_ids)
        | Q(organization__unit_id__in=roles.district_ids)
        | Q(organization_id__in=roles.principal_of)
    )


def educators_for_teacher_account(actor) -> QuerySet:
    """The educators `actor` may make a teacher's account for: those working in their
    territory (anyone, for the institute). The invitation looks a PIN up only among them, so
    that a PIN elsewhere and a PIN nobody has get the same answer."""
    roles = access_for(actor)
    if roles.superuser or roles.is_institute:
        return Educator.objects.all()
    if Role.TEACHER not in grantable_roles(actor):
        return Educator.objects.none()
    return Educator.objects.filter(pk__in=_jobs_governed(roles).values("educator_id"))


def can_invite(user) -> bool:
    """May invite users at all: gives some role to someone (the menu and the pages ask)."""
    return bool(grantable_roles(user))
