"""The rule of completing online study as data with an effective date, and the provider's
choice of issuing the certificate the moment a learner completes.

The rule in force (see ../shared/seeds/SUMMARY.md): from 7 September 2021, the resolution of
the conference of pedagogical workers (Bishkek) that asks for courses in a blended (online and
offline) and asynchronous form. The resolution sets no criteria; assumed, as Cheber judged
online study until now: every lesson seen, the module and final tests passed, the post-test
taken, the assignments passed. The national institute adds a new rule when it sets one.
"""

import datetime as dt

import django.core.validators
from django.db import migrations, models

RULE = {
    "effective_from": dt.date(2021, 9, 7),
    "min_lessons_percent": 100,
    "requires_passed_tests": True,
    "requires_post_test": True,
    "requires_assignments": True,
    "note": (
        "Resolution of the conference of 7 September 2021 (blended and asynchronous courses); "
        "assumed: every lesson, tests passed, post-test taken, assignments passed."
    ),
}


def add_rule(apps, schema_editor):
    Rule = apps.get_model("learning", "OnlineCompletionRule")
    Rule.objects.get_or_create(
        effective_from=RULE["effective_from"],
        defaults={k: v for k, v in RULE.items() if k != "effective_from"},
    )


def remove_rule(apps, schema_editor):
    Rule = apps.get_model("learning", "OnlineCompletionRule")
    Rule.objects.filter(effective_from=RULE["effective_from"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='onlineterms',
            name='certificate_on_completion',
            field=models.BooleanField(default=True, help_text="A learner who completes the course gets the certificate at once; otherwise the provider issues it from the session's certificates page.", verbose_name='certificate on completion'),
        ),
        migrations.CreateModel(
            name='OnlineCompletionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(unique=True, verbose_name='in force from')),
                ('min_lessons_percent', models.PositiveSmallIntegerField(help_text="The share of the lessons of the learner's content version, rounded up.", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='lessons to see, %')),
                ('requires_passed_tests', models.BooleanField(default=True, verbose_name='module and final tests passed')),
                ('requires_post_test', models.BooleanField(default=True, verbose_name='post-test taken')),
                ('requires_assignments', models.BooleanField(default=True, verbose_name='assignments passed')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='basis')),
            ],
            options={
                'verbose_name': 'online completion rule',
                'verbose_name_plural': 'online completion rules',
                'ordering': ['-effective_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('min_lessons_percent__gte', 1), ('min_lessons_percent__lte', 100)), name='online_rule_percent_range')],
            },
        ),
        migrations.RunPython(add_rule, remove_rule),
    ]
