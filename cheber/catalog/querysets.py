"""Who sees which programmes: approved ones are public to every user; drafts and archived ones
to their provider and the national roles."""

from django.db import models
from django.db.models import Q

from cheber.core.access import access_for


class ProgrammeQuerySet(models.QuerySet):
    def approved(self) -> "ProgrammeQuerySet":
        return self.filter(status="approved")

    def visible_to(self, user) -> "ProgrammeQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if access_for(user).national:
            return self
        own = access_for(user).provider_ids
        return self.filter(Q(status="approved") | Q(provider_id__in=own))

    def managed_by(self, user) -> "ProgrammeQuerySet":
        """Programmes the user may edit: their provider's (the institute's: all)."""
        roles = access_for(user)
        if roles.is_institute:
            return self
        return self.filter(provider_id__in=roles.provider_ids)

    def search(self, text: str) -> "ProgrammeQuerySet":
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title_ky__icontains=text) | Q(title_ru__icontains=text)
            | Q(title_en__icontains=text) | Q(code__iexact=text)
        )  # fmt: skip
