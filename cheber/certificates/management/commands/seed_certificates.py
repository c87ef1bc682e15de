"""`cheber seed_certificates [--if-empty]`: the demo's certificates, after seed_courses.

Every completed enrolment without a certificate gets one from its provider, dated the day its
session ended and numbered in that order; each provider gets an invented signer. Bulk: one
block of numbers per provider and year, and one insert per provider.
"""

import time
import zlib

from django.db import transaction

from cheber.certificates.actions import issue_dated
from cheber.certificates.models import Certificate
from cheber.certificates.signing import active_key
from cheber.certificates.stats import collect
from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.delivery.models import Enrolment
from cheber.registry.models import Organization
from cheber.schedule.models import Session

SIGNERS = ["Абдыкадырова Гүлнара Токтосуновна", "Жээнбеков Нурлан Сыдыкович",
           "Осмонова Айнура Бакытовна", "Сейитов Мирлан Жумабекович",
           "Үсөнова Чолпон Мамасалиевна", "Төрөбеков Элмир Кубанычбекович"]  # fmt: skip
POSITION = "Директор"


def pending(provider: Organization) -> list[Enrolment]:
    """The provider's completed enrolments without a valid certificate, in the order their
    sessions ended."""
    certified = Certificate.objects.valid().filter(provider=provider, enrolment__isnull=False)
    return list(
        Enrolment.objects.filter(session__provider=provider, state=Enrolment.State.COMPLETED)
        .exclude(training_record=None)
        .exclude(pk__in=certified.values("enrolment_id"))
        .select_related("educator", "training_record", "session__programme")
        .order_by("session__end_date", "session_id", "pk")
    )


def sign_as(provider: Organization) -> None:
    """An invented signer for the demo, the same for a provider on every run."""
    key = active_key(provider)
    if not key.signer_name:
        key.signer_name = SIGNERS[zlib.crc32(provider.code.encode()) % len(SIGNERS)]
        key.signer_position = POSITION
        key.save(update_fields=["signer_name", "signer_position"])


@transaction.atomic
def seed_provider(provider: Organization) -> int:
    """Each certificate dated the day its session ended; one insert for the provider."""
    sign_as(provider)
    enrolments = pending(provider)
    if enrolments:
        dated = [(enrolment, enrolment.session.end_date) for enrolment in enrolments]
        issue_dated(actor=SYSTEM, provider=provider, dated=dated)
    return len(enrolments)


class Command(AuditedCommand):
    help = "Issue the demo's certificates for every completed enrolment (after seed_courses)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if certificates exist already"
        )

    def handle(self, *args, **options):
        existing = Certificate.objects.own().count()
        if existing and options["if_empty"]:
            self.stdout.write(f"Certificates exist already ({existing:,}): none seeded.")
            return
        started = time.monotonic()
        providers = Organization.objects.filter(
            pk__in=Session.objects.filter(enrolments__state=Enrolment.State.COMPLETED).values(
                "provider_id"
            )
        ).order_by("code")
        issued = sum(seed_provider(provider) for provider in providers)
        figures = collect()["certificates"]
        self.stdout.write(
            f"Issued {issued:,} certificates in {time.monotonic() - started:.1f} s "
            f"(issued {figures['issued']:,}, revoked {figures['revoked']:,}, "
            f"external {figures['external']:,})."
        )
