"""`cheber export_registry --district SOATE OUT.xlsx [--language ky|ru]`: the organizations of a
district (or city, or oblast), their staff's active jobs and training history, in the import
template; importing the file again changes nothing."""

from django.core.management.base import CommandError

from cheber.core.audit import AuditedCommand
from cheber.imports.export import write_workbook
from cheber.registry.models import AdminUnit, Organization


class Command(AuditedCommand):
    help = "Export a territory's registry in the import template (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("out")
        parser.add_argument("--district", required=True, help="СОАТЕ code of the territory")
        parser.add_argument("--language", default="ky", choices=["ky", "ru", "en"])

    def handle(self, *args, **options):
        unit = AdminUnit.objects.filter(soate=options["district"]).first()
        if unit is None:
            raise CommandError(f"No district or city with the СОАТЕ code {options['district']}.")
        with open(options["out"], "wb") as target:
            counts = write_workbook(target, options["language"], Organization.objects.in_unit(unit))
        self.stdout.write(", ".join(f"{k} {v}" for k, v in counts.items()))
