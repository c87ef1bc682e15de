from cheber.core.audit import AuditedCommand
from cheber.registry.reference import load_reference


class Command(AuditedCommand):
    help = "Load (or refresh) the reference data: geography, positions, specializations, providers."

    def handle(self, *args, **options):
        report = load_reference()
        for name, counts in report.items():
            self.stdout.write(
                f"{name}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
