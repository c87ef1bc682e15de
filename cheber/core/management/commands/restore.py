"""`cheber restore IN`: load a backup made by `cheber backup` into an empty database (the
one the settings name); a database with tables is refused."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cheber.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, metavar="IN", help="the backup file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            restore(options["source"], options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {options['source']}")
