"""Whether a training the educator declared themself counts, as part of the policy: the
reference policies (and any other already entered) count it once the district cabinet or the
provider named has verified it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0003_status_due_educator_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='policy',
            name='self_declared',
            field=models.CharField(choices=[('verified', 'count once the district cabinet or the provider verified them'), ('declared', 'count as declared, unless rejected'), ('not_counted', 'do not count, even verified')], default='verified', help_text="A training recorded by the educator (or by anyone but the registry's keepers), with the scan of its certificate. Judged, like kinds and forms, by the policy in force on the training's end date; a rejected one never counts.", max_length=12, verbose_name='training the educator declared themself'),
        ),
    ]
