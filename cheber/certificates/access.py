"""The only way a view fetches one certificate: through the user's scope, else 404; and who
may revoke or re-issue it."""

from django.shortcuts import get_object_or_404

from cheber.accounts.roles import roles_for
from cheber.certificates.models import Certificate
from cheber.core.actors import is_system


def get_certificate_for_user(user, pk: int) -> Certificate:
    certificates = Certificate.objects.visible_to(user).select_related(
        "educator", "provider", "signing_key", "replaced_by", "enrolment__session"
    )
    return get_object_or_404(certificates, pk=pk)


def can_issue_for(user, provider_id: int) -> bool:
    """Staff of the provider, or the national institute (or the server: the demo's seeding)."""
    roles = roles_for(user)
    return is_system(user) or roles.works_for_provider(provider_id) or roles.is_institute


def can_manage(user, certificate: Certificate) -> bool:
    """May revoke or re-issue: staff of the issuing provider or the national institute; an
    external record, whoever may record one for the educator (or the institute)."""
    if certificate.external:
        return roles_for(user).is_institute or _sees_educator(user, certificate.educator_id)
    return can_issue_for(user, certificate.provider_id)


def _sees_educator(user, educator_id: int) -> bool:
    from cheber.registry.models import Educator

    return is_system(user) or Educator.objects.visible_to(user).filter(pk=educator_id).exists()


def can_record_external(user, educator) -> bool:
    """May enter a certificate earned outside Cheber into the history of an educator they see."""
    return _sees_educator(user, educator.pk)


def can_manage_keys(user, provider) -> bool:
    """May set the signer and rotate the signing key: staff of the provider or the institute
    (or the server's operator, `cheber rotate_signing_key`)."""
    return can_issue_for(user, provider.pk)
