from django.contrib import admin

from cheber.core.models import AuditEvent, Backup, PersonalDataAccess, ScheduledRun


class ReadOnlyAdminMixin:
    """For rows written only by actions (which record who and when): the admin only reads."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "via", "verb", "object_type", "object_id"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_id", "actor__username"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "kind", "what", "object_type", "object_id", "rows"]
    list_filter = ["kind", "what"]
    search_fields = ["object_id", "user__username"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "due_at", "status", "started_at", "finished_at"]
    list_filter = ["name", "status"]


@admin.register(Backup)
class BackupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["finished_at", "engine", "path", "size"]
