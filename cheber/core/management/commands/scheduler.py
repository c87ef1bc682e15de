"""`cheber scheduler [--once] [--interval SECONDS]`: queue the scheduled jobs at their times
(settings.CHEBER_SCHEDULED_JOBS) for `cheber db_worker` to run. Safe to run on several servers:
each job is queued once per due time. `--once` checks once and exits (for a cron line or a
systemd timer instead of the loop)."""

import signal
import time

from django.core.management.base import BaseCommand

from cheber.core.scheduling import enqueue_due


class Command(BaseCommand):
    help = "Queue the scheduled jobs that are due, every --interval seconds (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")

    def handle(self, *args, **options):
        self.running = True
        if options["once"]:
            self._tick()
            return
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            self._tick()
            self._sleep(options["interval"])

    def _tick(self) -> None:
        for run in enqueue_due():
            self.stdout.write(f"queued {run.name} (due {run.due_at:%Y-%m-%d %H:%M})")

    def _sleep(self, seconds: float) -> None:
        """In short steps, so that a stop is obeyed within a second."""
        until = time.monotonic() + seconds
        while self.running and time.monotonic() < until:
            time.sleep(min(1.0, until - time.monotonic()))

    def _stop(self, *_args) -> None:
        self.running = False
