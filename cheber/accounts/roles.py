"""Which roles a user holds, and over what: what they may *do*.

`scope.py` answers what a user may see (the union of all their roles); this module answers the
narrower question an action asks: is this user staff of that provider, the methodist of that
district, the principal of that school, that educator.
"""

from dataclasses import dataclass, field

from cheber.accounts.models import Role
from cheber.accounts.scope import assignments_of, once_per_request

_CACHE_ATTR = "_cheber_roles"


@dataclass(frozen=True)
class Roles:
    superuser: bool = False
    national: frozenset[str] = field(default_factory=frozenset)  # ministry, institute, auditor
    provider_ids: frozenset[int] = field(default_factory=frozenset)
    oblast_ids: frozenset[int] = field(default_factory=frozenset)
    district_ids: frozenset[int] = field(default_factory=frozenset)
    principal_of: frozenset[int] = field(default_factory=frozenset)
    educator_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_institute(self) -> bool:
        """May approve programmes and plan-schedules."""
        return self.superuser or Role.NATIONAL_INSTITUTE in self.national

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


def roles_for(user) -> Roles:
    """The user's roles, computed once per request object."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    return once_per_request(user, _CACHE_ATTR, _build)


def _build(user) -> Roles:
    sets: dict[str, set] = {
        "national": set(), "provider_ids": set(), "oblast_ids": set(), "district_ids": set(),
        "principal_of": set(), "educator_ids": set(),
    }  # fmt: skip
    target = {
        Role.PROVIDER_STAFF: ("provider_ids", "organization_id"),
        Role.OBLAST_COORDINATOR: ("oblast_ids", "unit_id"),
        Role.DISTRICT_METHODIST: ("district_ids", "unit_id"),
        Role.PRINCIPAL: ("principal_of", "organization_id"),
        Role.TEACHER: ("educator_ids", "educator_id"),
    }
    for assignment in assignments_of(user):
        if assignment.role in target:
            name, attribute = target[assignment.role]
            sets[name].add(getattr(assignment, attribute))
        else:
            sets["national"].add(assignment.role)
    return Roles(superuser=user.is_superuser, **{k: frozenset(v) for k, v in sets.items()})
