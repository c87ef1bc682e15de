from django.contrib import admin

from cheber.planner.models import PlanRun


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "year", "status", "created_by", "created_at", "parent")
    list_filter = ("year", "status")
    readonly_fields = ("year", "parent", "settings", "changes", "figures", "created_by",
                       "nominated_at")  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False  # plans are built by `build_plan`, from the page or the command
