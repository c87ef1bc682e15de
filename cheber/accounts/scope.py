"""What a user may see: the union of the scopes of their role assignments.

Every query that shows data goes through a `visible_to(user)` queryset method, which reads the
`Scope` computed here. Nothing else decides visibility.
"""

from dataclasses import dataclass, field

from cheber.accounts.models import NATIONAL_ROLES, Role

_CACHE_ATTR = "_cheber_scope"


@dataclass(frozen=True)
class Scope:
    national: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    educator_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            self.national
            or self.region_ids
            or self.unit_ids
            or self.organization_ids
            or self.educator_ids
        )


def once_per_request(user, attribute: str, build):
    """`build(user)`, kept on the user object (one per request) under `attribute`."""
    cached = getattr(user, attribute, None)
    if cached is None:
        cached = build(user)
        setattr(user, attribute, cached)
    return cached


def scope_for(user) -> Scope:
    """The user's scope, computed once per request object."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    return once_per_request(user, _CACHE_ATTR, _build_scope)


def assignments_of(user) -> list:
    """The user's role assignments (with their units), read once per request object."""
    return once_per_request(
        user, "_cheber_assignments", lambda u: list(u.role_assignments.select_related("unit"))
    )


def _build_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(national=True)
    regions, units, organizations, educators = set(), set(), set(), set()
    national = False
    for assignment in assignments_of(user):
        if assignment.role in NATIONAL_ROLES:
            national = True
        elif assignment.unit_id:
            target = regions if assignment.unit.is_top_level else units
            target.add(assignment.unit_id)
        elif assignment.organization_id:
            organizations.add(assignment.organization_id)
        elif assignment.role == Role.TEACHER and assignment.educator_id:
            educators.add(assignment.educator_id)
    return Scope(
        national=national,
        region_ids=frozenset(regions),
        unit_ids=frozenset(units),
        organization_ids=frozenset(organizations),
        educator_ids=frozenset(educators),
    )


# The ministry and the auditor read the registry; they do not change it.
REGISTRY_EDITOR_ROLES = frozenset(
    {Role.NATIONAL_INSTITUTE, Role.OBLAST_COORDINATOR, Role.DISTRICT_METHODIST, Role.PRINCIPAL}
)


def can_edit_registry(user) -> bool:
    """May register educators and change their records (within the user's scope)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(role__in=REGISTRY_EDITOR_ROLES).exists()
