from django.contrib import admin

from cheber.core.admin import ReadOnlyAdminMixin
from cheber.delivery.models import CompletionRule, Enrolment, EnrolmentEvent, Notification
from cheber.registry.admin import ScopedAdmin


class EnrolmentEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EnrolmentEvent
    extra = 0
    fields = ["at", "actor", "verb", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["educator", "session", "state", "funding", "origin", "unit", "requested_at"]
    list_filter = ["state", "funding", "origin"]
    list_select_related = ["educator", "session__programme", "unit"]
    search_fields = ["educator__pin", "educator__surname", "session__programme__code"]
    raw_id_fields = ["session", "educator", "organization", "unit", "training_record"]
    date_hierarchy = "requested_at"
    show_full_result_count = False
    inlines = [EnrolmentEventInline]


@admin.register(CompletionRule)
class CompletionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "min_attendance_percent",
        "requires_passed_assessment",
        "note",
    ]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["educator", "kind", "enrolment", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["educator"]
    search_fields = ["educator__pin", "educator__surname"]
    raw_id_fields = ["educator", "enrolment"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = Enrolment.objects.visible_to(request.user).values("pk")
        return queryset.filter(enrolment__in=visible)
