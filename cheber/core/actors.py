"""Who acts when no person does: `SYSTEM`, the server itself (a management command, a
scheduled job, an import run from the command line, the demo seeding).

Every action takes an explicit actor and refuses `None`: a request always has a user (at
least `AnonymousUser`), and the server says so when it acts on its own. The permission
functions of each app's `access.py` recognise `SYSTEM`; the audit trail records it as
"system" (or as the command that runs).
"""

from typing import Any


class SystemActor:
    """The server's operator. Not a user: no row, no password, never logged in."""

    pk = None
    id = None
    is_authenticated = False
    is_anonymous = False
    is_superuser = False
    is_staff = False
    username = "system"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"

    def __reduce__(self) -> str:
        return "SYSTEM"  # one instance, also after a copy or a pickle


SYSTEM = SystemActor()


def is_system(actor: Any) -> bool:
    return actor is SYSTEM


def user_or_none(actor: Any) -> Any:
    """The user to store in a "by whom" column: a person, else nobody (the system, anonymous)."""
    return actor if getattr(actor, "is_authenticated", False) else None
