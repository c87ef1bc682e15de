"""The figures `seed_demo` prints at the end, read back from the database."""

import datetime as dt

from django.db.models import Count

from cheber.registry.models import Educator, Employment, Organization, TrainingRecord
from cheber.registry.stats import five_years_before, trained_share

Type = Organization.Type
STAFF = (
    ("schools", "school teachers", Type.SCHOOL),
    ("preschools", "preschool educators", Type.PRESCHOOL),
    ("universities", "university staff", Type.UNIVERSITY),
    ("colleges", "college staff", Type.COLLEGE),
    ("providers", "provider staff", Type.PROVIDER),
    ("methodical cabinets", "cabinet methodists", Type.METHODICAL_CABINET),
)


def demo_figures(today: dt.date) -> list[tuple[str, str]]:
    """(label, value) rows, as the command prints them."""
    by_type = dict(Organization.objects.values_list("type").annotate(n=Count("pk")).order_by())
    active = Employment.objects.active()
    rows = []
    for org_label, staff_label, kind in STAFF:
        staff = active.filter(organization__type=kind).values("educator_id").distinct().count()
        rows += [(org_label, f"{by_type.get(kind, 0):,}"), (staff_label, f"{staff:,}")]
    teachers = Educator.objects.employed_in(Type.SCHOOL)
    urban = teachers.filter(
        pk__in=active.filter(organization__type=Type.SCHOOL, organization__locality="urban").values(
            "educator_id"
        )
    ).count()
    women = teachers.filter(sex=Educator.Sex.FEMALE).count()
    total = teachers.count() or 1
    second_jobs = active.values("educator_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    share = trained_share(Type.SCHOOL, five_years_before(today))
    ended = Employment.objects.exclude(end_date=None).count()
    return rows + [
        ("educators (all)", f"{Educator.objects.count():,}"),
        ("employments (ended)", f"{Employment.objects.count():,} ({ended:,})"),
        ("educators with a second job", f"{second_jobs:,}"),
        ("school teachers: urban / women", f"{urban / total:.1%} / {women / total:.1%}"),
        ("training records", f"{TrainingRecord.objects.count():,}"),
        (f"school teachers trained since {five_years_before(today)}", f"{share:.1%}"),
    ]


def format_rows(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"  {label:<{width}}  {value:>12}" for label, value in rows)
