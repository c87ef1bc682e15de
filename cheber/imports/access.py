"""Who may import into the registry: the import action enforces it, the pages read it."""

from cheber.core.access import access_for
from cheber.core.actors import is_system
from cheber.registry.access import can_edit_registry

# Who may do what (permission functions) -----------------------------------------------------


def can_import_registry(user) -> bool:
    """A registry editor, within their territory (which the checked plan holds to); the server
    (the command line without --user) anywhere."""
    return is_system(user) or can_edit_registry(user)


def can_export_registry(user) -> bool:
    """The export carries full PINs and birth dates (so that it imports back): only for those
    who see them in full over their whole territory, the oblast coordinators and the district
    methodists (and administrators); see `cheber/registry/privacy.py`."""
    roles = access_for(user)
    return bool(roles.superuser or roles.oblast_ids or roles.district_ids)
