"""`cheber remind_stuck_learners`: nudge the learners of running online and blended sessions who
have done nothing for CHEBER_LEARNING_STUCK_DAYS days (once in that period each); scheduled
daily."""

from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.learning.actions.progress import remind_stuck_learners


class Command(AuditedCommand):
    help = "Remind learners who have stalled in an online course."

    def handle(self, *args, **options):
        sent = remind_stuck_learners(actor=SYSTEM)
        self.stdout.write(f"learners reminded: {sent}")
