"""Who may import into the registry: the import action enforces it, the pages read it."""

from cheber.accounts.scope import can_edit_registry
from cheber.core.actors import is_system

# Who may do what (permission functions) -----------------------------------------------------


def can_import_registry(user) -> bool:
    """A registry editor, within their territory (which the checked plan holds to); the server
    (the command line without --user) anywhere."""
    return is_system(user) or can_edit_registry(user)
