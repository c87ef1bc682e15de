from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from cheber.accounts import notices
from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role

ADMINISTRATION = _("access to the administration")


def tell_role(assignment: RoleAssignment, *, by) -> None:
    notices.tell_role_granted(assignment.user, by=by, role=Role(assignment.role).label,
                              scope=assignment.scope_label)  # fmt: skip


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit", "organization", "educator"]


@admin.register(User)
class CheberUserAdmin(UserAdmin):
    """Whoever changes a person's account here, the person is told: a new e-mail address (at
    the old one too), a password set for them, a role or administration access given."""

    inlines = [RoleAssignmentInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            notices.tell_email_changed(whose=str(obj), old=form.initial.get("email") or "",
                                       new=obj.email, by=request.user)  # fmt: skip
        raised = [f for f in ("is_staff", "is_superuser") if f in form.changed_data]
        if any(getattr(obj, f) for f in raised):
            notices.tell_role_granted(obj, by=request.user, role=ADMINISTRATION,
                                      scope=_("the whole country"))  # fmt: skip

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is RoleAssignment:
            changed = [obj for obj, _fields in formset.changed_objects]
            for assignment in [*formset.new_objects, *changed]:
                tell_role(assignment, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and user.pk != request.user.pk:
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                notices.tell_password_set(user, by=request.user)
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "organization", "educator"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit", "organization", "educator"]
    search_fields = ["user__username", "user__last_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.changed_data:
            tell_role(obj, by=request.user)
