"""The Russian title of every training completed in Cheber, from its session's programme (the
records kept only the Kyrgyz one before). Delivery owns the step: it knows the sessions."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_titles(apps, schema_editor):
    Enrolment = apps.get_model("delivery", "Enrolment")
    TrainingRecord = apps.get_model("registry", "TrainingRecord")
    completed = Enrolment.objects.filter(training_record__isnull=False)
    programme_title = completed.filter(training_record=OuterRef("pk")).values(
        "session__programme__title_ru"
    )[:1]
    TrainingRecord.objects.filter(title_ru="", pk__in=completed.values("training_record")).update(
        title_ru=Subquery(programme_title)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0005_alter_notification_kind"),
        ("registry", "0005_trainingrecord_title_ru"),
    ]

    operations = [migrations.RunPython(fill_titles, migrations.RunPython.noop)]
