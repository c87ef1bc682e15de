"""Who reads core's own records: the audit trail and the personal-data access log are read
whole by auditors and administrators, and by no one else."""

from django.db import models

from cheber.core.access import access_for


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditEventQuerySet":
        return self if access_for(user).is_auditor else self.none()


class PersonalDataAccessQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonalDataAccessQuerySet":
        return self if access_for(user).is_auditor else self.none()
