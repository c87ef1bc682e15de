from django.contrib import admin

from cheber.api.models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    """Read only: tokens are made and revoked on the tokens' page, through the actions."""

    list_display = ["name", "key", "kind", "user", "organization", "read_only", "expires_at",
                    "last_used_at", "revoked_at"]  # fmt: skip
    list_filter = ["kind", "read_only"]
    search_fields = ["name", "key", "user__username"]
    exclude = ["digest", "pepper_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
