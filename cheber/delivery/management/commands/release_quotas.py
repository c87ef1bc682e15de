"""`cheber release_quotas [--today YYYY-MM-DD]`: on a session's quota release date, budget places
the districts have not used open to the waitlist."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.delivery import actions
from cheber.delivery.models import Enrolment
from cheber.schedule.models import Session


def due_sessions(today: dt.date):
    """Published sessions not yet begun whose release date has come and that have a waitlist."""
    waiting = Enrolment.objects.filter(state=Enrolment.State.WAITLISTED).values("session_id")
    return (
        Session.objects.published()
        .filter(quota_release_date__lte=today, start_date__gt=today, pk__in=waiting)
        .order_by("start_date", "pk")
    )


def release(session_id: int, today: dt.date) -> int:
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("plan", "programme")
            .get(pk=session_id)
        )
        return len(actions.promote_waitlist(actor=SYSTEM, session=session, today=today))


class Command(AuditedCommand):
    help = "Promote waitlists of sessions whose quota release date has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="the day to run as, YYYY-MM-DD"
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        session_ids = list(due_sessions(today).values_list("pk", flat=True))
        promoted = sum(release(pk, today) for pk in session_ids)
        self.stdout.write(f"sessions: {len(session_ids)}, promoted: {promoted}")
