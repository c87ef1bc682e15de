"""Who a user is to Cheber: the one vocabulary of access, read from their role assignments.

`access_for(user)` answers both questions the apps ask:
- what the user may *see* — the territory and the organizations of their roles (`national`,
  `region_ids`, `unit_ids`, `organization_ids`, `educator_ids`), read by every queryset's
  `visible_to(user)`;
- what the user may *do* — which role they hold over what (`works_for_provider(pk)`,
  `governs_district(pk)`, `leads(pk)`, `is_institute`…), read by the permission functions in each
  app's `access.py` (`can_release_quota(user, quota)` …), which the buttons and the actions share.

It lives at the ground floor and knows no domain app: it reads the assignments through the
user's `role_assignments` relation (and the unit's `is_top_level`).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MINISTRY = "ministry", _("Ministry of Education and Science")
    NATIONAL_INSTITUTE = "national_institute", _("national institute")
    AUDITOR = "auditor", _("auditor")
    PROVIDER_STAFF = "provider_staff", _("provider staff")
    OBLAST_COORDINATOR = "oblast_coordinator", _("oblast coordinator")
    DISTRICT_METHODIST = "district_methodist", _("district methodist")
    PRINCIPAL = "principal", _("school principal")
    TEACHER = "teacher", _("teacher")


NATIONAL_ROLES = (Role.MINISTRY, Role.NATIONAL_INSTITUTE, Role.AUDITOR)
ORGANIZATION_ROLES = (Role.PROVIDER_STAFF, Role.PRINCIPAL)
UNIT_ROLES = (Role.OBLAST_COORDINATOR, Role.DISTRICT_METHODIST)
# The ministry and the auditor read the registry; they do not change it.
REGISTRY_EDITOR_ROLES = frozenset(
    {Role.NATIONAL_INSTITUTE, Role.OBLAST_COORDINATOR, Role.DISTRICT_METHODIST, Role.PRINCIPAL}
)

_ACCESS_ATTR = "_cheber_access"
# Which set of `Access` each role's assignment adds its object to.
_TARGETS = {
    Role.PROVIDER_STAFF: ("provider_ids", "organization_id"),
    Role.OBLAST_COORDINATOR: ("oblast_ids", "unit_id"),
    Role.DISTRICT_METHODIST: ("district_ids", "unit_id"),
    Role.PRINCIPAL: ("principal_of", "organization_id"),
    Role.TEACHER: ("educator_ids", "educator_id"),
}


@dataclass(frozen=True)
class Access:
    superuser: bool = False
    national_roles: frozenset[str] = field(default_factory=frozenset)
    # what the user does, by role
    provider_ids: frozenset[int] = field(default_factory=frozenset)
    oblast_ids: frozenset[int] = field(default_factory=frozenset)
    district_ids: frozenset[int] = field(default_factory=frozenset)
    principal_of: frozenset[int] = field(default_factory=frozenset)
    educator_ids: frozenset[int] = field(default_factory=frozenset)
    # what the user sees: the top-level units (oblasts, the two cities) and the lower units
    # (districts, towns) of their unit roles, whichever the role
    region_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def national(self) -> bool:
        """Sees the whole country (the ministry, the national institute, the auditor)."""
        return self.superuser or bool(self.national_roles)

    @property
    def organization_ids(self) -> frozenset[int]:
        """The organizations the user sees as their own: their provider, their school."""
        return self.provider_ids | self.principal_of

    @property
    def is_empty(self) -> bool:
        """Sees nothing: no role at all."""
        return not (self.national or self.region_ids or self.unit_ids
                    or self.organization_ids or self.educator_ids)  # fmt: skip

    @property
    def sees_only_own(self) -> bool:
        """Sees only their own records (a teacher and nothing else): no territory, no
        organization of their own."""
        return bool(self.educator_ids) and not (
            self.national or self.region_ids or self.unit_ids or self.organization_ids
        )

    @property
    def sees_territory(self) -> bool:
        """Sees a territory's figures: national, oblast or district."""
        return self.national or bool(self.region_ids or self.unit_ids)

    @property
    def is_auditor(self) -> bool:
        return self.superuser or Role.AUDITOR in self.national_roles

    @property
    def is_institute(self) -> bool:
        """May approve programmes and plan-schedules."""
        return self.superuser or Role.NATIONAL_INSTITUTE in self.national_roles

    @property
    def is_provider(self) -> bool:
        return bool(self.provider_ids)

    @property
    def is_methodist(self) -> bool:
        return bool(self.district_ids)

    @property
    def is_principal(self) -> bool:
        return bool(self.principal_of)

    @property
    def is_teacher(self) -> bool:
        return bool(self.educator_ids)

    @property
    def educator_id(self) -> int | None:
        return min(self.educator_ids) if self.educator_ids else None

    def works_for_provider(self, provider_id: int) -> bool:
        return self.superuser or provider_id in self.provider_ids

    def governs_district(self, unit_id: int) -> bool:
        return self.superuser or unit_id in self.district_ids

    def leads(self, organization_id: int) -> bool:
        return self.superuser or organization_id in self.principal_of


def access_for(user) -> Access:
    """The user's access, computed once per request object (anonymous: none)."""
    if not getattr(user, "is_authenticated", False):
        return Access()
    return once_per_request(user, _ACCESS_ATTR, _build)


def once_per_request(user, attribute: str, build):
    """`build(user)`, kept on the user object (one per request) under `attribute`."""
    cached = getattr(user, attribute, None)
    if cached is None:
        cached = build(user)
        setattr(user, attribute, cached)
    return cached


def assignments_of(user) -> list:
    """The user's role assignments (with their units), read once per request object."""
    return once_per_request(
        user, "_cheber_assignments", lambda u: list(u.role_assignments.select_related("unit"))
    )


def holds_any(user, roles) -> bool:
    """Holds one of `roles` (a superuser holds them all), from the assignments already read."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(a.role in roles for a in assignments_of(user))


def _build(user) -> Access:
    sets: dict[str, set] = {name: set() for name, _ in _TARGETS.values()}
    sets |= {"national_roles": set(), "region_ids": set(), "unit_ids": set()}
    for assignment in assignments_of(user):
        if assignment.role in _TARGETS:
            name, attribute = _TARGETS[assignment.role]
            sets[name].add(getattr(assignment, attribute))
        elif assignment.role in NATIONAL_ROLES:
            sets["national_roles"].add(assignment.role)
        if assignment.unit_id:
            top_level = assignment.unit.is_top_level
            sets["region_ids" if top_level else "unit_ids"].add(assignment.unit_id)
    return Access(superuser=user.is_superuser, **{k: frozenset(v) for k, v in sets.items()})


# Fetching core's own objects for a view ------------------------------------------------------


def get_job_for_user(user, pk: int):
    """A background job is its creator's alone: anyone else gets 404."""
    # Imported here: this module is read while the apps' models load.
    from django.shortcuts import get_object_or_404

    from cheber.core.models import Job

    return get_object_or_404(Job.objects.filter(created_by=user), pk=pk)
