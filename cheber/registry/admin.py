from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cheber.core.admin import ReadOnlyAdminMixin
from cheber.core.ids import parse_id
from cheber.registry import privacy
from cheber.registry.models import (
    AdminUnit,
    Educator,
    Employment,
    Leave,
    Organization,
    Position,
    Specialization,
    TrainingRecord,
)


class OblastFilter(admin.SimpleListFilter):
    title = _("oblast or city")
    parameter_name = "oblast"
    lookup = "region"

    def lookups(self, request, model_admin):
        top = AdminUnit.objects.filter(level__in=AdminUnit.TOP_LEVELS)
        return [(unit.pk, unit.name) for unit in top]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if (pk := parse_id(self.value())) is None:
            return queryset.none()  # no unit has that for an id
        return queryset.filter(**{self.lookup: pk})


class DistrictFilter(OblastFilter):
    title = _("district or city")
    parameter_name = "district"
    lookup = "unit"

    def lookups(self, request, model_admin):
        units = AdminUnit.objects.exclude(level=AdminUnit.Level.REGION)
        if oblast := parse_id(request.GET.get("oblast")):
            units = units.filter(region=oblast)
        return [(unit.pk, unit.name) for unit in units]


class EducatorOblastFilter(OblastFilter):
    lookup = "employments__organization__region"


class EducatorDistrictFilter(DistrictFilter):
    lookup = "employments__organization__unit"


class EducatorOrganizationTypeFilter(admin.SimpleListFilter):
    title = _("organization type")
    parameter_name = "organization_type"

    def lookups(self, request, model_admin):
        return Organization.Type.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.employed_in(self.value())
        return queryset


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same scope as every other page."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible_to = getattr(queryset, "visible_to", None)
        return visible_to(request.user) if visible_to else queryset


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["soate", "name_ky", "name_ru", "name_en", "level", "population"]
    list_filter = ["level"]
    search_fields = ["soate", "name_ky", "name_ru", "name_en"]
    raw_id_fields = ["parent", "region"]


@admin.register(Specialization)
class SpecializationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ky", "name_ru", "staff_kind", "sort_order"]
    list_filter = ["staff_kind"]
    search_fields = ["code", "name_ky", "name_ru", "name_en"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ky", "name_ru", "is_pedagogical"]
    search_fields = ["code", "name_ky", "name_ru"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["code", "name_ky", "type", "unit", "locality", "is_active"]
    list_filter = ["type", "locality", OblastFilter, DistrictFilter]
    list_select_related = ["unit"]
    search_fields = ["code", "name_ky", "name_ru", "name_en"]
    raw_id_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        obj.region_id = obj.unit.region_id
        super().save_model(request, obj, form, change)


class EmploymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An educator's jobs, read (see `EmploymentAdmin`)."""

    model = Employment
    extra = 0


class TrainingRecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An educator's trainings, read (see `TrainingRecordAdmin`)."""

    model = TrainingRecord
    extra = 0
    exclude = ["recorded_by", "document", "reviewed_by"]


class EducatorSearchMixin:
    """Rows of educators searched as the registry's pages search them: a PIN by its start only
    where the user may see it in full, else whole (see `EducatorQuerySet.search`)."""

    educator_field = "educator"

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isascii() and term.isdigit():
            educators = Educator.objects.search(term, viewer=request.user).values("pk")
            found |= queryset.filter(**{f"{self.educator_field}__in": educators})
        return found, may_have_duplicates


@admin.register(Educator)
class EducatorAdmin(EducatorSearchMixin, ReadOnlyAdminMixin, ScopedAdmin):
    """Educators are registered and changed by the registry's actions (its pages, the import,
    the API), each audited; here they are only read, within the user's scope. The PIN and
    birth date as the pages show them: in full only to whom may see them, never a column to
    sort by (the order would tell the masked digits)."""

    list_display = ["shown_pin", "surname", "first_name", "patronymic", "sex", "shown_birth_date"]
    list_filter = [
        EducatorOblastFilter,
        EducatorDistrictFilter,
        EducatorOrganizationTypeFilter,
        "sex",
        "category",
        "has_pedagogical_education",
    ]
    search_fields = ["surname", "first_name", "patronymic"]
    show_full_result_count = False
    filter_horizontal = ["specializations"]
    inlines = [EmploymentInline, TrainingRecordInline]
    educator_field = "pk"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).distinct()
        return privacy.with_personal_data_flag(queryset, request.user)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if obj is not None and not privacy.sees_personal_data(request.user, obj):
            excluded += ["pin", "birth_date"]
        return excluded

    @admin.display(description=_("PIN"))
    def shown_pin(self, educator) -> str:
        return privacy.shown_pin(educator.pin, educator.personal_data_visible)

    @admin.display(description=_("birth date"))
    def shown_birth_date(self, educator) -> str:
        return privacy.shown_birth_date(educator.birth_date, educator.personal_data_visible)


@admin.register(Employment)
class EmploymentAdmin(EducatorSearchMixin, ReadOnlyAdminMixin, ScopedAdmin):
    """Jobs are added and ended by the registry's actions (audited; a job is ended, never
    deleted); here they are only read, within the user's scope."""

    list_display = ["educator", "organization", "position", "start_date", "end_date"]
    list_filter = ["position", "organization__type"]
    list_select_related = ["educator", "organization", "position"]
    # an organization's code matches whole: a part of it could be taken for a PIN's digits
    search_fields = ["educator__surname", "=organization__code"]
    raw_id_fields = ["educator", "organization"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(EducatorSearchMixin, ReadOnlyAdminMixin, ScopedAdmin):
    """Trainings are written by actions only, each audited and judged again at once (its
    moment in the compliance watermark): recorded by completion, import or the cabinet's
    form, a declaration verified in the cabinet's queue, a record from outside corrected by
    `registry.actions.correct_training` ("Correct" on the educator's page). Here they are
    only read, within the user's scope."""

    list_display = ["educator", "title", "hours", "end_date", "form", "source", "verification"]
    list_filter = ["form", "source", "verification"]
    list_select_related = ["educator"]
    search_fields = ["educator__surname", "title", "title_ru", "certificate_number"]
    raw_id_fields = ["educator", "provider"]
    date_hierarchy = "end_date"
    # a declaration's document is downloaded from the cabinet's queue (the admin serves no files)
    exclude = ["document"]


@admin.register(Leave)
class LeaveAdmin(EducatorSearchMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Leave is recorded through the compliance action (it is audited); here it is only read,
    within the user's scope."""

    list_display = ["educator", "kind", "start_date", "end_date", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["educator"]
    search_fields = ["educator__surname"]
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        visible = Educator.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(educator__in=visible)
