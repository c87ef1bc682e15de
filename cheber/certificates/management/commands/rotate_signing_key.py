"""`cheber rotate_signing_key PROVIDER_CODE`: retire the provider's signing key and make a new
one; certificates signed with the old key still verify."""

from django.core.management.base import CommandError

from cheber.certificates.actions import rotate_signing_key
from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.registry.models import Organization


class Command(AuditedCommand):
    help = "Retire a provider's signing key and make a new one."

    def add_arguments(self, parser):
        parser.add_argument("provider_code")

    def handle(self, *args, **options):
        code = options["provider_code"]
        provider = Organization.objects.filter(code=code, type="provider").first()
        if provider is None:
            raise CommandError(f"No provider with the code {code!r}.")
        key = rotate_signing_key(actor=SYSTEM, provider=provider)
        self.stdout.write(f"{provider.code}: new key {key.key_id}")
