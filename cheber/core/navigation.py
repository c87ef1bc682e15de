"""The navigation a user sees, by role. One list; templates only render it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = [NavItem(_("Home"), reverse("core:home"))]
    from cheber.accounts.scope import scope_for

    scope = scope_for(user)
    if scope.national or scope.region_ids or scope.unit_ids or scope.organization_ids:
        items += [
            NavItem(_("Educators"), reverse("registry:educator_list")),
            NavItem(_("Organizations"), reverse("registry:organization_list")),
        ]
    for educator_id in sorted(scope.educator_ids)[:1]:
        profile = reverse("registry:educator_detail", args=[educator_id])
        items.append(NavItem(_("My profile"), profile))
    if user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index")))
    return items
