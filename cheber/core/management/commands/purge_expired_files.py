"""`cheber purge_expired_files`: delete exports, ZIPs and uploaded imports older than the
retention period (settings.CHEBER_FILE_RETENTION_DAYS), and the rows of past scheduled runs;
scheduled nightly."""

from django.core.management.base import BaseCommand

from cheber.core.retention import purge_expired_files


class Command(BaseCommand):
    help = "Delete exports, ZIPs, uploaded import files and scheduled runs past their retention."

    def handle(self, *args, **options):
        purged = purge_expired_files()
        self.stdout.write(
            f"job results deleted: {purged.results}, uploads deleted: {purged.uploads}, "
            f"scheduled runs deleted: {purged.runs}"
        )
