"""The policies known today (see ../shared/seeds/SUMMARY.md).

- From 30 April 2003, the law "On Education", art. 29: a pedagogue improves their
  qualification at least once every 5 years. Assumptions (the seeds give no figures): a course
  counts from 72 hours (the two-week course the providers run, more than 214 a year);
  qualification improvement and retraining count, seminars and August-conference seminars do
  not; a new educator has one cycle (60 months from the first hire) for the first course;
  maternity and childcare leave pause the cycle; art. 28: without pedagogical education,
  retraining within 24 months of hiring.
- From 2023 the new law "On Education" no longer fixes the 5 years. Its date is to verify
  (2023-08-01 is used). Until the authorised body sets the planned yearly rule (hours still to
  be set), the 5-year cycle is kept as the measure, with the same terms. The yearly rule is
  NOT entered: the national institute adds it as a new policy when it is approved.
"""

import datetime as dt

from django.db import migrations

COMMON = {
    "mode": "cycle",
    "period_months": 60,
    "required_hours": None,
    "counted_kinds": ["qualification", "retraining"],
    "counted_forms": [],
    "min_course_hours": 72,
    "sum_short_courses": False,
    "grace_months": 60,
    "pausing_leave_kinds": ["childcare", "maternity"],
    "retraining_required": True,
    "retraining_grace_months": 24,
}
POLICIES = [
    {
        "effective_from": dt.date(2003, 4, 30),
        "name_ky": 'Беш жылда кеминде бир жолу ("Билим берүү жөнүндө" Мыйзам, 29-берене)',
        "name_ru": "Не реже одного раза в пять лет (Закон «Об образовании», ст. 29)",
        "name_en": 'At least once every five years (law "On Education", art. 29)',
        "basis": (
            'Law "On Education" (2003), art. 29: a pedagogue improves their qualification '
            "at least once every 5 years; art. 28: without pedagogical education, only after "
            "retraining. Assumed: a course counts from 72 hours (a two-week course); "
            "60 months' grace for new staff; maternity and childcare leave pause the cycle; "
            "retraining within 24 months of hiring."
        ),
        **COMMON,
    },
    {
        "effective_from": dt.date(2023, 8, 1),
        "name_ky": 'Беш жылдык цикл өткөөл чара катары (2023-жылкы "Билим берүү жөнүндө" Мыйзам)',
        "name_ru": "Пятилетний цикл как переходная мера (Закон «Об образовании» 2023 года)",
        "name_en": 'Five-year cycle as a transitional measure (law "On Education", 2023)',
        "basis": (
            'Law "On Education" (2023) no longer fixes the 5-year period; the date of entry '
            "into force is TO VERIFY (2023-08-01 used). Until the planned yearly rule (hours "
            "still to be set) is approved, the 5-year cycle is kept as the measure with the "
            "same terms."
        ),
        **COMMON,
    },
]


def add_policies(apps, schema_editor):
    Policy = apps.get_model("compliance", "Policy")
    for fields in POLICIES:
        Policy.objects.update_or_create(
            effective_from=fields["effective_from"],
            defaults={k: v for k, v in fields.items() if k != "effective_from"},
        )


def remove_policies(apps, schema_editor):
    Policy = apps.get_model("compliance", "Policy")
    Policy.objects.filter(effective_from__in=[p["effective_from"] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(add_policies, remove_policies)]
