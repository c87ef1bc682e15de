"""`cheber demo_users`: make sure the demo log-ins exist and print them."""

from cheber.core.audit import AuditedCommand
from cheber.registry.demo.users import (
    DEMO_PASSWORD,
    DemoNotLoaded,
    ensure_demo_users,
    format_logins,
)


class Command(AuditedCommand):
    help = "Create (or refresh) one demo user per role and print the log-ins."

    def handle(self, *args, **options):
        try:
            logins = ensure_demo_users()
        except DemoNotLoaded as reason:
            self.stdout.write(
                f"The demo is not loaded ({reason}): no demo users. "
                "Run `cheber seed_demo --scale small` (or national) first."
            )
            return
        self.stdout.write(f"Demo log-ins (password {DEMO_PASSWORD}):")
        self.stdout.write(format_logins(logins))
