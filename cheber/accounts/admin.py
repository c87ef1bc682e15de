from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cheber.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit", "organization", "educator"]


@admin.register(User)
class CheberUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "organization", "educator"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit", "organization", "educator"]
    search_fields = ["user__username", "user__last_name"]
