"""`cheber verify_certificate [--signature=S --key-id=K] -- NUMBER TOKEN`: the verdict the public
page gives, as JSON with a `status` of valid, revoked, invalid or not_found (exit 0).

Tokens and signatures are base64url and may begin with a dash, which the command line would read
as an option: give options as `--signature=S` and put the positionals after `--`."""

import json

from django.core.management.base import BaseCommand

from cheber.certificates.verification import verify


class Command(BaseCommand):
    help = "Verify a certificate by its number and token; print the verdict as JSON."

    def add_arguments(self, parser):
        parser.add_argument("number")
        parser.add_argument("token")
        parser.add_argument("--signature", help="the signature a QR code carries (--signature=S)")
        parser.add_argument("--key-id", help="the key id a QR code carries")

    def handle(self, *args, **options):
        verdict = verify(
            options["number"], options["token"],
            signature=options["signature"], key_id=options["key_id"],
        )  # fmt: skip
        self.stdout.write(json.dumps(verdict.as_json(), ensure_ascii=False, sort_keys=True))
