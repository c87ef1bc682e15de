"""Who may change the rules and record leave: the actions enforce these, the pages read them."""

from cheber.accounts.roles import roles_for
from cheber.core.actors import is_system

# Who may do what (permission functions) -----------------------------------------------------


def can_change_policy(user) -> bool:
    """The national institute changes the compliance policies."""
    return is_system(user) or roles_for(user).is_institute


def records_leave(user) -> bool:
    """National, oblast, district or school staff record leave (not a teacher or a provider)."""
    roles = roles_for(user)
    return is_system(user) or bool(
        roles.superuser or roles.national or roles.oblast_ids or roles.district_ids
        or roles.principal_of
    )  # fmt: skip


def can_record_leave(user, educator) -> bool:
    """Staff who record leave, for an educator they see."""
    from cheber.registry.models import Educator

    if not records_leave(user):
        return False
    return is_system(user) or Educator.objects.visible_to(user).filter(pk=educator.pk).exists()
