"""Who sees which certificates: the holder their own; provider staff the ones their provider
issued; whoever sees an educator in the registry (a principal, the district and oblast, a
provider its participants) that educator's; the national roles all."""

from django.db import models
from django.db.models import Q

from cheber.core.access import access_for


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CertificateQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        roles = access_for(user)
        if scope.is_empty and not roles.provider_ids:
            return self.none()
        if scope.sees_only_own and not roles.provider_ids:  # the same rows as below, simpler
            return self.filter(educator_id__in=scope.educator_ids)
        from cheber.registry.models import Educator

        # The same people whose training history (TrainingRecord.visible_to) the user sees.
        return self.filter(
            Q(provider_id__in=roles.provider_ids)
            | Q(educator_id__in=scope.educator_ids)
            | Q(educator__in=Educator.objects.visible_to(user).values("pk"))
        )

    def own(self) -> "CertificateQuerySet":
        """Issued by Cheber (signed), not recorded from outside."""
        return self.filter(external=False)

    def valid(self) -> "CertificateQuerySet":
        """Not revoked."""
        return self.filter(revoked_at=None)

    def since(self, date) -> "CertificateQuerySet":
        """Of trainings that ended on `date` or later (an attestation looks at 5 years)."""
        return self.filter(end_date__gte=date)
