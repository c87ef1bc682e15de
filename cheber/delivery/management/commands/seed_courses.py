"""`cheber seed_courses [--seed N] [--today YYYY-MM-DD] [--if-empty]`: the course demo."""

import datetime as dt
import sys
import time

from django.core.management.base import CommandError
from django.utils import timezone
from tqdm import tqdm

from cheber.core.audit import AuditedCommand
from cheber.delivery.demo.context import CoursesNotReady
from cheber.delivery.demo.seeder import seed_courses
from cheber.delivery.stats import collect
from cheber.schedule.models import Session

ORDER = ("programmes", "plan_schedules", "sessions", "enrolments", "enrolment_events",
         "attendance", "notifications", "linked_records")  # fmt: skip


class Progress:
    """A progress bar on stderr, shown only on a terminal."""

    def __init__(self) -> None:
        self.bar = tqdm(total=0, file=sys.stderr, disable=not sys.stderr.isatty(),
                        unit="session", desc="seed_courses", leave=False)  # fmt: skip

    def start(self, total: int) -> None:
        self.bar.reset(total=total)

    def advance(self, label: str) -> None:
        self.bar.set_postfix_str(label, refresh=False)
        self.bar.update()


class Command(AuditedCommand):
    help = (
        "After seed_demo: programmes, plan-schedules, sessions and enrolments of the course "
        "lifecycle, relative to today (past sessions completed, upcoming ones with requests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None,
            help="the date the lifecycle is relative to (default: today)",
        )  # fmt: skip
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if there are sessions already"
        )

    def handle(self, *args, **options):
        existing = Session.objects.count()
        if existing and options["if_empty"]:
            self.stdout.write(f"There are {existing:,} sessions already: courses not seeded.")
            return
        today = options["today"] or timezone.localdate()
        started = time.monotonic()
        progress = Progress()
        try:
            counts = seed_courses(seed=options["seed"], today=today, progress=progress)
        except CoursesNotReady as error:
            raise CommandError(str(error)) from None
        finally:
            progress.bar.close()
        self.stdout.write(
            f"Seeded the courses (seed {options['seed']}, today {today}) "
            f"in {time.monotonic() - started:.1f} s:"
        )
        width = max(len(key) for key in ORDER)
        for key in ORDER:
            self.stdout.write(f"  {key:<{width}}  {counts[key]:>10,}")
        by_state = collect()["enrolments"]
        self.stdout.write("  " + ", ".join(f"{k} {v:,}" for k, v in by_state.items()))
