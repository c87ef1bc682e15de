"""`cheber seed_demo --scale small|national --seed N [--today YYYY-MM-DD] [--if-empty]`."""

import datetime as dt
import sys
import time

from django.core.management.base import CommandError
from django.utils import timezone
from tqdm import tqdm

from cheber.core.audit import AuditedCommand
from cheber.registry.demo.env import DemoError
from cheber.registry.demo.figures import demo_figures, format_rows
from cheber.registry.demo.generator import seed_demo
from cheber.registry.demo.plans import PLANS
from cheber.registry.demo.users import DEMO_PASSWORD, ensure_demo_users, format_logins
from cheber.registry.models import Educator


class TqdmProgress:
    """A progress bar on stderr, shown only on a terminal."""

    def __init__(self) -> None:
        self.bar = tqdm(
            total=0,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            unit="step",
            desc="seed_demo",
            leave=False,
        )

    def start(self, total: int) -> None:
        self.bar.reset(total=total)

    def advance(self, label: str) -> None:
        self.bar.set_postfix_str(label, refresh=False)
        self.bar.update()

    def close(self) -> None:
        self.bar.close()


class Command(AuditedCommand):
    help = (
        "Fill an empty registry with a reproducible demo: synthetic schools, educators, jobs "
        "and ten years of training on the real geography; then create the demo users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(PLANS), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the date the history is relative to (default: today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the registry already has educators",
        )

    def handle(self, *args, **options):
        existing = Educator.objects.count()
        if existing and options["if_empty"]:
            self.stdout.write(f"The registry already has {existing:,} educators: demo not seeded.")
            return
        if existing:
            raise CommandError(
                f"The registry already has {existing:,} educators; seed_demo fills an empty "
                "registry only. Use --if-empty to skip quietly, or start from a fresh database."
            )
        today = options["today"] or timezone.localdate()
        self._seed(options["scale"], options["seed"], today)
        self.stdout.write(format_rows(demo_figures(today)))
        self.stdout.write(f"\nDemo log-ins (password {DEMO_PASSWORD}):")
        self.stdout.write(format_logins(ensure_demo_users()))

    def _seed(self, scale: str, seed: int, today: dt.date) -> None:
        started = time.monotonic()
        progress = TqdmProgress()
        try:
            seed_demo(plan=PLANS[scale], seed=seed, today=today, progress=progress)
        except DemoError as error:
            raise CommandError(str(error)) from None
        finally:
            progress.close()
        self.stdout.write(
            f"Seeded the {scale} demo (seed {seed}, today {today}) "
            f"in {time.monotonic() - started:.1f} s:"
        )
