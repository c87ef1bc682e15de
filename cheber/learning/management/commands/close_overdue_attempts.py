"""`cheber close_overdue_attempts`: close, with the answers saved, every test attempt whose time
(and grace) is up; run every few minutes, so an attempt left open by a closed browser ends on
time even when nobody comes back to it."""

from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.learning.actions.assessment import close_overdue_attempts


class Command(AuditedCommand):
    help = "Close test attempts whose time is up."

    def handle(self, *args, **options):
        closed = close_overdue_attempts(actor=SYSTEM)
        self.stdout.write(f"attempts closed: {closed}")
