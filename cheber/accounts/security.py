"""Which users log-in security treats more strictly: those who need a second factor, and staff
whose sessions end after a short idle time. Read from role assignments, once per request."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from cheber.core.access import NATIONAL_ROLES, Role, assignments_of


def needs_second_factor(user) -> bool:
    """National roles (they see the whole country) and administrators."""
    if user.is_superuser or user.is_staff:
        return True
    return any(a.role in NATIONAL_ROLES for a in assignments_of(user))


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_staff_session(user) -> bool:
    """Everyone except those who are only teachers (who see nobody but themselves)."""
    if user.is_superuser or user.is_staff:
        return True
    roles = {a.role for a in assignments_of(user)}
    return roles != {Role.TEACHER}
