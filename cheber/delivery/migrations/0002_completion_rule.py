"""The completion rule in force: at least 80% attendance and a passed final assessment."""

import datetime as dt

from django.db import migrations


def add_rule(apps, schema_editor):
    CompletionRule = apps.get_model("delivery", "CompletionRule")
    CompletionRule.objects.get_or_create(
        effective_from=dt.date(2000, 1, 1),
        defaults={
            "min_attendance_percent": 80,
            "requires_passed_assessment": True,
            "note": "Standard of the qualification-improvement courses (72 hours, two weeks).",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]
    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
