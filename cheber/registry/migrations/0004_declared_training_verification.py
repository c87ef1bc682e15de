"""Self-declared training: its document and its verification by the district cabinet (or the
provider named). Every existing record was entered by the registry's keepers, imported or
completed in Cheber, so it needs no verification (the default, also in the database, for the
bulk imports that leave the columns out)."""

import cheber.registry.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_trainingrecord_kind_alter_trainingrecord_recorded_at_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='trainingrecord',
            name='document',
            field=models.FileField(blank=True, db_default='', default='', max_length=200, upload_to=cheber.registry.models.document_path, verbose_name='document'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='review_note',
            field=models.TextField(blank=True, db_default='', default='', verbose_name='reason for rejection'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='verified or rejected'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified or rejected by'),
        ),
        migrations.AddField(
            model_name='trainingrecord',
            name='verification',
            field=models.CharField(choices=[('not_needed', 'not needed'), ('pending', 'waiting for verification'), ('verified', 'verified'), ('rejected', 'rejected')], db_default='not_needed', default='not_needed', max_length=10, verbose_name='verification'),
        ),
        migrations.AddIndex(
            model_name='trainingrecord',
            index=models.Index(condition=models.Q(('verification', 'pending')), fields=['recorded_at'], name='training_pending'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.CheckConstraint(condition=models.Q(('verification', 'not_needed'), models.Q(('document', ''), _negated=True), _connector='OR'), name='training_declared_has_document'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.CheckConstraint(condition=models.Q(('verification__in', ['not_needed', 'pending']), ('reviewed_at__isnull', False), _connector='OR'), name='training_review_is_dated'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('verification', 'rejected'), _negated=True), models.Q(('review_note', ''), _negated=True), _connector='OR'), name='training_rejection_has_reason'),
        ),
    ]
