"""`cheber build_plan --year Y [--json] [--release-share S] [--max-km K] [--dry-run]`: place the
year's educators who need a course into its sessions, with the optimizer and with greedy."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.planner.actions import build_plan
from cheber.planner.building import DEFAULTS, figures_of, solve

KEYS = ("placed", "overdue_placed", "never_trained_placed", "travel_km", "violations",
        "improving_swaps", "seconds")  # fmt: skip


class Command(AuditedCommand):
    help = (
        "Build the year's plan: who trains in which session (min-cost flow and the greedy "
        "baseline), stored as a draft for the national institute to review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--release-share", type=float, default=DEFAULTS["release_share"])
        parser.add_argument("--max-km", type=float, default=DEFAULTS["max_km"])
        parser.add_argument(
            "--dry-run", action="store_true", help="solve and print, store no draft"
        )

    def handle(self, *args, **options):
        values = {"release_share": options["release_share"], "max_km": options["max_km"]}
        if not 0 < values["release_share"] <= 1:
            raise CommandError("--release-share must be above 0 and at most 1.")
        if values["max_km"] <= 0:
            raise CommandError("--max-km must be positive.")
        try:
            figures, run = self._figures(options["year"], values, options["dry_run"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["json"]:
            shaped = {
                "optimizer": {
                    k: figures["optimizer"][k] for k in (*KEYS, "bound", "gap", "classes")
                },
                "greedy": {k: figures["greedy"][k] for k in (*KEYS, "classes")},
            }
            self.stdout.write(json.dumps(shaped, indent=2))
            return
        self._print(figures, run)

    def _figures(self, year: int, values: dict, dry_run: bool):
        if dry_run:
            today = timezone.localdate()
            if year < today.year:
                raise CommandError("Plan this year or a later one.")
            instance, _, best, baseline = solve(year, values, [], today)
            both = {
                "optimizer": figures_of(instance, best),
                "greedy": figures_of(instance, baseline),
            }
            return both, None
        run = build_plan(actor=SYSTEM, year=year, settings=values)
        return {k: run.figures[k] for k in ("optimizer", "greedy")}, run

    def _print(self, figures: dict, run) -> None:
        where = f"draft #{run.pk}" if run else "not stored (dry run)"
        self.stdout.write(f"Plan {where}:")
        self.stdout.write(f"  {'':<22}{'optimizer':>12}{'greedy':>12}")
        for key in KEYS:
            a, b = figures["optimizer"][key], figures["greedy"][key]
            self.stdout.write(f"  {key:<22}{a:>12,}{b:>12,}")
        best = figures["optimizer"]
        self.stdout.write(
            f"  bound {best['bound']:,}, value {best['value']:,}, gap {best['gap']:.4%}"
        )
