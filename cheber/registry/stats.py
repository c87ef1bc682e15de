"""Registry figures for `cheber stats`."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from cheber.registry.models import AdminUnit, Educator, Employment, Organization, TrainingRecord

ORGANIZATION_KEYS = ["school", "university", "preschool", "college", "provider",
                     "methodical_cabinet", "education_department", "ministry"]  # fmt: skip
EDUCATOR_KEYS = {
    "school_teacher": Organization.Type.SCHOOL,
    "university_staff": Organization.Type.UNIVERSITY,
    "preschool_educator": Organization.Type.PRESCHOOL,
    "college_staff": Organization.Type.COLLEGE,
}


def five_years_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 5, day=28)


def trained_share(organization_type: str, since: dt.date) -> float:
    """Share of the current staff of this organization type with a training since `since`."""
    staff = Educator.objects.employed_in(organization_type)
    total = staff.count()
    if not total:
        return 0.0
    trained = staff.filter(
        pk__in=TrainingRecord.objects.completed_since(since).values("educator_id")
    ).count()
    return round(trained / total, 4)


def collect() -> dict:
    by_type = dict(Organization.objects.values_list("type").annotate(n=Count("pk")).order_by())
    active = Employment.objects.active()
    educators = {
        key: active.filter(organization__type=kind).values("educator_id").distinct().count()
        for key, kind in EDUCATOR_KEYS.items()
    }
    today = timezone.localdate()
    return {
        "top_level_units": AdminUnit.objects.filter(level__in=AdminUnit.TOP_LEVELS).count(),
        "districts": AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT).count(),
        "organizations": {key: by_type.get(key, 0) for key in ORGANIZATION_KEYS},
        "educators": educators,
        "educators_total": Educator.objects.count(),
        "training_records": TrainingRecord.objects.count(),
        "school_teachers_trained_last_5y_share": trained_share(
            Organization.Type.SCHOOL, five_years_before(today)
        ),
    }
