"""What a notification says, in the reader's language, and sending it by e-mail."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cheber.core import dates
from cheber.delivery.models import Enrolment, Notification

Kind = Notification.Kind

MESSAGES = {
    Kind.NOMINATED: gettext_lazy(
        "You are nominated for “%(programme)s”, %(dates)s, %(place)s."
    ),
    Kind.WAITLISTED: gettext_lazy(
        "“%(programme)s”, %(dates)s, is full: you are number %(position)s on the waitlist."
    ),
    Kind.ACCEPTED: gettext_lazy(
        "The provider has accepted you to “%(programme)s”, %(dates)s, %(place)s."
    ),
    Kind.PROMOTED: gettext_lazy(
        "A place has become free: you are now enrolled in “%(programme)s”, %(dates)s."
    ),
    Kind.REMINDER: gettext_lazy(
        "Tomorrow “%(programme)s” begins, %(place)s."
    ),
    Kind.REJECTED: gettext_lazy("Your request for “%(programme)s”, %(dates)s, was declined."),
    Kind.COMPLETED: gettext_lazy(
        "You have completed “%(programme)s” (%(hours)s hours); it is in your history."
    ),
    Kind.STUDY_REMINDER: gettext_lazy(
        "Continue “%(programme)s”: the course closes on %(deadline)s."
    ),
}  # fmt: skip


def place_label(session) -> str:
    if session.unit_id is None:
        return _("online")
    return session.venue or session.unit.name


def message(kind: str, enrolment: Enrolment, position: int | None = None) -> str:
    """The text of a notification, in the active language; `position` is the waitlist place
    when it was sent (the enrolment's own may have changed since)."""
    session = enrolment.session
    return MESSAGES[kind] % {
        "programme": session.programme.title,
        "dates": f"{dates.day(session.start_date)}–{dates.day(session.end_date)}",
        "place": place_label(session),
        "position": position or enrolment.waitlist_position or "",
        "hours": session.programme.hours,
        "deadline": dates.day(session.end_date),
    }


def notify(enrolment: Enrolment, kind: str) -> Notification:
    """Record the notification now; send the e-mail once the transaction has committed."""
    notification = Notification.objects.create(
        educator_id=enrolment.educator_id, enrolment=enrolment, kind=kind,
        waitlist_position=enrolment.waitlist_position,
    )  # fmt: skip
    if enrolment.educator.email:
        transaction.on_commit(lambda: _email(notification.pk))
    return notification


def _email(notification_id: int) -> None:
    notification = Notification.objects.select_related(
        "educator", "enrolment__session__programme", "enrolment__session__unit"
    ).get(pk=notification_id)
    # Kyrgyz first, Russian beneath: the educator's language is not known yet.
    bodies = []
    for language in ("ky", "ru"):
        with translation.override(language):
            bodies.append(
                message(notification.kind, notification.enrolment, notification.waitlist_position)
            )
    with translation.override("ky"):
        subject = "Cheber: " + str(notification.get_kind_display())
    send_mail(
        subject=subject,
        message="\n\n".join(bodies),
        from_email=None,
        recipient_list=[notification.educator.email],
    )
