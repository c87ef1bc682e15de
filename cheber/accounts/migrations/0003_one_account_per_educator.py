"""An educator has one account (a second one let an invitation take it over). Educators who
have several already are named, for an administrator to keep one account each; the migration
changes no account itself."""

from django.db import migrations, models
from django.db.models import Count


def refuse_educators_with_two_accounts(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    doubled = (
        RoleAssignment.objects.filter(educator__isnull=False)
        .values("educator_id")
        .annotate(accounts=Count("user_id"))
        .filter(accounts__gt=1)
        .values_list("educator_id", flat=True)
    )
    if ids := sorted(doubled):
        raise RuntimeError(
            "These educators have several teacher accounts: keep one each (the Django admin, "
            f"role assignments), then migrate again. Educator ids: {ids}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
        ("registry", "0003_trainingrecord_kind_alter_trainingrecord_recorded_at_and_more"),
    ]

    operations = [
        migrations.RunPython(refuse_educators_with_two_accounts, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="roleassignment",
            name="role_assignment_unique_educator",
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("educator__isnull", False)),
                fields=("educator",),
                name="role_assignment_one_account_per_educator",
                violation_error_message=(
                    "This educator has an account already, and an educator has one."
                ),
            ),
        ),
    ]
