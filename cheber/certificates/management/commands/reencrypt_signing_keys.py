"""`cheber reencrypt_signing_keys`: after the key-encryption key changed (the new one in
CHEBER_KEY_ENCRYPTION_KEY, the former in CHEBER_PREVIOUS_KEY_ENCRYPTION_KEYS), encrypt every
provider's private signing key with the new one; then the former can be forgotten."""

from cheber.certificates.actions import reencrypt_signing_keys
from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand


class Command(AuditedCommand):
    help = "Encrypt every signing key again with the key-encryption key now in force."

    def handle(self, *args, **options):
        count = reencrypt_signing_keys(actor=SYSTEM)
        self.stdout.write(f"{count} signing keys encrypted with the current key-encryption key")
