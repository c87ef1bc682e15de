"""Policies are edited here by the national institute, through the actions (validated,
audited, statuses recomputed); statuses and the trend are read only."""

from django.contrib import admin

from cheber.compliance import actions
from cheber.compliance.models import EducatorStatus, Policy, Refresh, YearShare
from cheber.core.access import access_for
from cheber.core.admin import ReadOnlyAdminMixin


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name_ky", "effective_from", "mode", "period_months", "required_hours",
                    "min_course_hours"]  # fmt: skip
    fields = list(actions.POLICY_FIELDS)

    def has_add_permission(self, request):
        return access_for(request.user).is_institute

    def has_change_permission(self, request, obj=None):
        return access_for(request.user).is_institute

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name] for name in self.fields if name in form.cleaned_data
        }
        if change:
            saved = actions.update_policy(actor=request.user, policy=obj, **fields)
        else:
            saved = actions.create_policy(actor=request.user, **fields)
        obj.pk = saved.pk


@admin.register(EducatorStatus)
class EducatorStatusAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["educator", "status", "due_date", "last_training_date", "unit"]
    list_filter = ["status", "organization_type", "locality"]
    list_select_related = ["educator", "unit"]
    search_fields = ["educator__pin", "educator__surname"]
    raw_id_fields = ["educator", "organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(YearShare)
class YearShareAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "unit", "region", "educators", "compliant"]
    list_filter = ["year"]


@admin.register(Refresh)
class RefreshAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["computed_on", "policy", "watermark", "finished_at", "seconds"]
