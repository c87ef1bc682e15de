"""The navigation a user sees, by role. One list; templates only render it."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    from cheber.accounts.roles import roles_for
    from cheber.accounts.scope import scope_for

    scope, roles = scope_for(user), roles_for(user)
    items = [NavItem(gettext_lazy("Home"), reverse("core:home"))]
    items.append(NavItem(gettext_lazy("Courses"), reverse("schedule:session_list")))
    items += _course_items(user, roles, scope)
    if scope.national or scope.region_ids or scope.unit_ids or scope.organization_ids:
        items.append(NavItem(gettext_lazy("Compliance"), reverse("compliance:dashboard")))
        items += [
            NavItem(gettext_lazy("Educators"), reverse("registry:educator_list")),
            NavItem(gettext_lazy("Organizations"), reverse("registry:organization_list")),
        ]
    if _edits_registry(user):
        items.append(NavItem(gettext_lazy("Import"), reverse("imports:upload")))
    for educator_id in sorted(scope.educator_ids)[:1]:
        profile = reverse("registry:educator_detail", args=[educator_id])
        items.append(NavItem(gettext_lazy("My profile"), profile))
    from cheber.accounts.invitations import grantable_roles

    if grantable_roles(user):
        items.append(NavItem(gettext_lazy("Users"), reverse("users:user_list")))
    if roles.superuser or "auditor" in roles.national:
        items.append(NavItem(gettext_lazy("Audit"), reverse("core:audit_log")))
    if user.is_staff:
        items.append(NavItem(gettext_lazy("Administration"), reverse("admin:index")))
    return items


def _course_items(user, roles, scope) -> list[NavItem]:
    """Each role's own course pages, in the order its people use them most."""
    items = []
    if roles.is_teacher:
        items.append(NavItem(gettext_lazy("My courses"), reverse("delivery:my_courses")))
        items.append(NavItem(gettext_lazy("My status"), reverse("compliance:my_status")))
        mine = reverse("certificates:my_certificates")
        items.append(NavItem(gettext_lazy("My certificates"), mine))
        label = _notifications_label(roles.educator_ids)
        items.append(NavItem(label, reverse("delivery:notifications")))
        items.append(NavItem(gettext_lazy("Online courses"), reverse("learning:online_courses")))
    if roles.is_methodist:
        items.append(NavItem(gettext_lazy("Cabinet"), reverse("delivery:cabinet")))
    if roles.is_principal:
        items.append(NavItem(gettext_lazy("Staff on courses"), reverse("delivery:staff_away")))
    if roles.is_provider:
        items.append(NavItem(gettext_lazy("My sessions"), reverse("delivery:provider_sessions")))
    if roles.is_provider or scope.national:
        items += [
            NavItem(gettext_lazy("Programmes"), reverse("catalog:programme_list")),
            NavItem(gettext_lazy("Plan-schedules"), reverse("schedule:plan_list")),
        ]
    if scope.national:
        items.append(NavItem(gettext_lazy("Plan builder"), reverse("planner:run_list")))
    return items


def _edits_registry(user) -> bool:
    # From the assignments already read for the scope: no query of its own on every page.
    from cheber.accounts.scope import REGISTRY_EDITOR_ROLES, assignments_of

    return user.is_superuser or any(a.role in REGISTRY_EDITOR_ROLES for a in assignments_of(user))


def _notifications_label(educator_ids) -> str:
    # By name, as cross-app references go: core sits below delivery and does not import it.
    notifications = apps.get_model("delivery", "Notification").objects
    unread = notifications.filter(educator_id__in=educator_ids, read_at=None).count()
    if not unread:
        return _("Notifications")
    return _("Notifications (%(count)s)") % {"count": unread}
