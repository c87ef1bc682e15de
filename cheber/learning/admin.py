"""Course content in the admin: to look at; authoring, approval and progress go through the
pages, which call the actions (sanitised text, checked uploads, audit). The rules of completing
online are reference data that the administrators enter here, like delivery's completion
rules."""

from django.contrib import admin

from cheber.core.admin import ReadOnlyAdminMixin
from cheber.learning.models import (
    Attachment,
    ContentVersion,
    CourseProgress,
    Lesson,
    OnlineCompletionRule,
    OnlineTerms,
)


class LessonInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["module", "order", "title_ky", "title_ru", "minutes"]


@admin.register(ContentVersion)
class ContentVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "number", "status", "created_at", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["programme"]
    inlines = [LessonInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title_ky", "kind", "lesson", "size", "licence"]
    list_filter = ["kind"]
    list_select_related = ["lesson"]


@admin.register(CourseProgress)
class CourseProgressAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enrolment", "version", "lessons_seen", "last_activity_at"]
    list_select_related = ["enrolment__educator", "enrolment__session__programme", "version"]


@admin.register(OnlineTerms)
class OnlineTermsAdmin(admin.ModelAdmin):
    """The enrolment window and tutors' load of an online session (no action of its own yet)."""

    list_display = ["session", "enrol_from", "enrol_until", "learners_per_trainer"]
    list_select_related = ["session__programme"]
    raw_id_fields = ["session"]


@admin.register(OnlineCompletionRule)
class OnlineCompletionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from", "min_lessons_percent", "requires_passed_tests", "requires_post_test",
        "requires_assignments", "note",
    ]  # fmt: skip
