"""`cheber send_reminders [--today YYYY-MM-DD]`: tell the participants of tomorrow's sessions."""

import datetime as dt

from django.utils import timezone

from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.delivery import actions


class Command(AuditedCommand):
    help = "Remind the participants of sessions that start tomorrow (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="the day to run as, YYYY-MM-DD"
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        sent = actions.send_reminders(actor=SYSTEM, today=today)
        self.stdout.write(f"reminders sent: {sent}")
