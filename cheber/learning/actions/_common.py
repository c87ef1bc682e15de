"""What the learning actions share (no caller outside the package uses it): a learner's
activity (any step of their own: a lesson, an answer, a test, a piece of work), completing an
online course the moment the rule in force is met, whichever step met it (a lesson seen, a test
passed, an assignment graded), and then issuing its certificate when the provider's terms say
so."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from cheber.catalog.models import Form
from cheber.certificates.actions import issue_certificate
from cheber.certificates.models import Certificate
from cheber.core.actors import SYSTEM
from cheber.core.audit import record
from cheber.delivery.actions.running import complete_enrolment
from cheber.delivery.models import Enrolment
from cheber.learning import rules
from cheber.learning.models import CourseProgress

logger = logging.getLogger(__name__)


# Written at most once a minute: an autosave every few seconds would otherwise rewrite the row.
ACTIVITY_GRAIN = dt.timedelta(minutes=1)


def mark_active(enrolment_id: int) -> None:
    """The learner acted now (the roster's "stuck" reads the last activity): one UPDATE, which
    writes nothing when they already acted within the last minute."""
    now = timezone.now()
    CourseProgress.objects.filter(
        enrolment_id=enrolment_id, last_activity_at__lt=now - ACTIVITY_GRAIN
    ).update(last_activity_at=now)


def complete_if_met(enrolment: Enrolment) -> None:
    """Complete the learner's online course when their study meets the rule in force today (in
    the caller's transaction, their step written), and certify it: two queries when it does
    not. A blended session completes with its face-to-face days; a course never started has no
    lessons seen."""
    standing = rules.standing_of(enrolment.pk)
    if standing.form != Form.ONLINE or standing.state != Enrolment.State.ENROLLED:
        return
    if not rules.online_done(standing, timezone.localdate()):
        return
    complete_enrolment(actor=SYSTEM, enrolment=enrolment)
    if rules.certificate_on_completion(enrolment.session):
        certify(enrolment)


def certify(enrolment: Enrolment) -> Certificate | None:
    """The certificate of a learner who has just completed, issued as the server through the
    certificates' action (its checks apply). One that cannot be issued now (the provider's key
    cannot sign) leaves the completion standing: the provider issues it later from the
    session's certificates page, and the audit trail says why."""
    language = enrolment.session.language
    if language not in Certificate.Language.values:
        language = Certificate.Language.BOTH
    try:
        with transaction.atomic():
            return issue_certificate(actor=SYSTEM, enrolment=enrolment, language=language)
    except Exception as error:  # any failure of signing must not undo the learner's completion
        logger.exception("The certificate of enrolment %s is left to its provider", enrolment.pk)
        record(actor=SYSTEM, verb="leave_certificate_to_provider", obj=enrolment,
               reason=f"{type(error).__name__}: {error}"[:500])  # fmt: skip
        return None
