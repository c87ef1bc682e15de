"""Plan-schedules and sessions in the admin: to look at, scoped like every page. Changes go
through the pages, which call the actions (places never below those taken, quotas within the
budget places, approval publishes)."""

from django.contrib import admin

from cheber.core.admin import ReadOnlyAdminMixin
from cheber.registry.admin import ScopedAdmin
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session


class DistrictQuotaInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DistrictQuota
    extra = 0
    fields = ["unit", "places", "released_at"]


@admin.register(PlanSchedule)
class PlanScheduleAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["provider", "year", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "year", "provider"]
    list_select_related = ["provider"]
    search_fields = ["provider__code", "provider__name_ky", "provider__name_ru"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = [
        "programme", "provider", "start_date", "end_date", "form", "unit", "language",
        "budget_places", "contract_places",
    ]  # fmt: skip
    list_filter = ["plan__status", "form", "language", "provider"]
    list_select_related = ["programme", "provider", "unit"]
    search_fields = ["programme__code", "programme__title_ky", "programme__title_ru"]
    date_hierarchy = "start_date"
    inlines = [DistrictQuotaInline]
