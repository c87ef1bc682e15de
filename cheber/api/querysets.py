from django.db import models
from django.db.models import Q
from django.utils import timezone

from cheber.core.access import access_for


class TokenQuerySet(models.QuerySet):
    def active(self) -> "TokenQuerySet":
        now = timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at=None)

    def visible_to(self, user) -> "TokenQuerySet":
        """One's own personal tokens; the national institute also every machine token."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        own = Q(user=user, kind="personal")
        if access_for(user).is_institute:
            return self.filter(own | Q(kind="machine"))
        return self.filter(own)
