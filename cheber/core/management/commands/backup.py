"""`cheber backup OUT`: the database into OUT (a file, or a directory for a dated file).
The key-encryption key of the signing keys is deliberately not in it: keep it apart."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cheber.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "Back up the database (PostgreSQL: pg_dump custom format; SQLite: online backup)."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="a file, or a directory for a dated file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            backup = back_up(options["out"], options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backup: {backup.path} ({backup.size} bytes)")
        self.stdout.write(
            "Not in it: the key that encrypts the certificate signing keys "
            "(CHEBER_KEY_ENCRYPTION_KEY or var/key_encryption_key). Keep it apart."
        )
