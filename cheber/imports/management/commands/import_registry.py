"""`cheber import_registry FILE [--json] [--commit] [--user NAME]`: check a registry file (the
import template, .xlsx or CSV) and print what it would create, update and leave unchanged,
and every rejected row with its reason; with --commit, write the valid rows (all at once, or
nothing if interrupted). A sheet that lacks required columns is an error: nothing is written
and the exit status is 1, as for a file that cannot be read. With --user, within that user's
territory; else anywhere."""

import json
import sys

from django.core.management.base import CommandError
from django.utils import translation

from cheber.accounts.models import User
from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.imports.actions import import_registry
from cheber.imports.plan import build_plan


class Command(AuditedCommand):
    help = "Check (and with --commit, import) a registry file in the import template."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--commit", action="store_true", help="write the valid rows")
        parser.add_argument("--user", help="import within this user's territory")
        parser.add_argument("--language", default="ky", choices=["ky", "ru", "en"])

    def handle(self, *args, **options):
        actor = SYSTEM
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        with translation.override(options["language"]):
            try:
                source = open(options["file"], "rb")
            except OSError as error:
                raise CommandError(f"Cannot open {options['file']}: {error.strerror}") from None
            with source:
                plan = build_plan(source, options["file"], actor=actor,
                                  writing=options["commit"])  # fmt: skip
            if options["commit"] and not (plan.fatal or plan.incomplete) and plan.has_writes:
                import_registry(actor=actor, plan=plan, reference=options["file"],
                                progress=self._stage(options["verbosity"]))  # fmt: skip
            report = plan.report()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
        else:
            self._summary(report)
        if plan.fatal or plan.incomplete:
            sys.exit(1)

    def _stage(self, verbosity: int):
        def say(stage: str) -> None:
            if verbosity >= 2:
                self.stderr.write(f"writing {stage}")
                self.stderr.flush()

        return say

    def _summary(self, report: dict) -> None:
        if report["fatal"]:
            self.stderr.write(report["fatal"])
            return
        said = {missing["message"] for missing in report["missing_columns"]}
        for message in said:
            self.stderr.write(message)
        for entity, counts in report["counts"].items():
            self.stdout.write(f"{entity}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        for problem in (p for p in report["problems"] if p["message"] not in said):
            where = f"{problem['sheet']} row {problem['row']} {problem['column']}".strip()
            self.stdout.write(f"  {problem['level']}: {where}: {problem['message']}")
        self.stdout.write("written" if report["committed"] else "checked only (nothing written)")
