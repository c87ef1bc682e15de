"""Programmes in the admin: to look at, scoped like every page. Changes go through the pages,
which call the actions (approval records who and when; the modules must add up)."""

from django.contrib import admin

from cheber.catalog.models import Module, Programme
from cheber.core.admin import ReadOnlyAdminMixin
from cheber.registry.admin import ScopedAdmin


class ModuleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Module
    extra = 0
    fields = ["order", "title_ky", "title_ru", "title_en", "hours", "is_online"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["code", "title_ky", "provider", "kind", "hours", "form", "status"]
    list_filter = ["status", "kind", "form", "assessment", "provider"]
    list_select_related = ["provider"]
    search_fields = ["code", "title_ky", "title_ru", "title_en"]
    inlines = [ModuleInline]
