"""Telling an educator what became of the training they declared: an e-mail in Kyrgyz and
Russian to the educator's address and to their teacher accounts', sent once the decision has
committed. The decision itself stays on the record, shown on their certificates page."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from cheber.core import dates
from cheber.core.access import Role
from cheber.registry.models import TrainingRecord

Verification = TrainingRecord.Verification

MESSAGES = {
    Verification.VERIFIED: gettext_lazy(
        "The training you declared, “%(title)s” (%(hours)s hours, ended %(end)s), is verified:"
        " it counts in your qualification history under the policy in force."
    ),
    Verification.REJECTED: gettext_lazy(
        "The training you declared, “%(title)s” (%(hours)s hours, ended %(end)s), was not"
        " verified and does not count. Reason: %(reason)s"
    ),
}
SUBJECTS = {
    Verification.VERIFIED: gettext_lazy("Your declared training is verified"),
    Verification.REJECTED: gettext_lazy("Your declared training was not verified"),
}


def message(training: TrainingRecord) -> str:
    """What the educator is told, in the active language."""
    return MESSAGES[training.verification] % {
        "title": training.shown_title, "hours": training.hours,
        "end": dates.day(training.end_date), "reason": training.review_note,
    }  # fmt: skip


def recipients(training: TrainingRecord) -> list[str]:
    """The educator's address and those of the accounts they log in with as a teacher."""
    accounts = get_user_model().objects.filter(
        role_assignments__role=Role.TEACHER, role_assignments__educator_id=training.educator_id,
        is_active=True,
    ).exclude(email="")  # fmt: skip
    addresses = [training.educator.email, *accounts.values_list("email", flat=True)]
    return sorted({address.strip().lower() for address in addresses if address.strip()})


def notify_review(training: TrainingRecord) -> None:
    """Mail the decision on `training` once the transaction has committed."""
    addresses = recipients(training)
    if addresses:
        transaction.on_commit(lambda: _email(training, addresses))


def _email(training: TrainingRecord, addresses: list[str]) -> None:
    # Kyrgyz first, Russian beneath: the educator's language is not known.
    bodies = []
    for language in ("ky", "ru"):
        with translation.override(language):
            bodies.append(message(training))
    with translation.override("ky"):
        subject = "Cheber: " + str(SUBJECTS[training.verification])
    send_mail(subject=subject, message="\n\n".join(bodies), from_email=None,
              recipient_list=addresses)  # fmt: skip
