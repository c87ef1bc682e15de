"""How a view fetches one certificate: through the user's scope, else 404; and who
may revoke or re-issue it."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.certificates.models import Certificate


def get_certificate_for_user(user, pk: int) -> Certificate:
    certificates = Certificate.objects.visible_to(user).select_related(
        "educator", "provider", "signing_key", "replaced_by", "enrolment__session"
    )
    return get_object_or_404(certificates, pk=pk)


def can_issue_for(user, provider_id: int) -> bool:
    """Staff of the provider, or the national institute."""
    roles = roles_for(user)
    return roles.works_for_provider(provider_id) or roles.is_institute


def can_manage(user, certificate: Certificate) -> bool:
    """May revoke or re-issue: staff of the issuing provider or the national institute; an
    external record, whoever may record one for the educator (or the institute)."""
    if certificate.external:
        from cheber.registry.models import Educator

        roles = roles_for(user)
        return roles.is_institute or (
            Educator.objects.visible_to(user).filter(pk=certificate.educator_id).exists()
        )
    return can_issue_for(user, certificate.provider_id)
