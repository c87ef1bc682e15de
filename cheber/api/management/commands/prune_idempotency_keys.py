from cheber.api.idempotency import prune
from cheber.core.audit import AuditedCommand


class Command(AuditedCommand):
    help = "Delete the API's idempotency keys past their expiry (24 hours); run daily."

    def handle(self, *args, **options):
        self.stdout.write(f"Idempotency keys deleted: {prune()}")
