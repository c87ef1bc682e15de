"""Every change in delivery, in one place: getting a place (`enrolment`) and running a session
(`running`). Each action checks its actor through `delivery/access.py`, is atomic, and records
its step; views, commands, the plan builder and the API call them from here."""

from cheber.delivery.actions._common import step, workplace_of
from cheber.delivery.actions.enrolment import (
    accept_enrolment,
    apply_for_place,
    confirm_nomination,
    confirm_release,
    mark_notifications_read,
    nominate_educator,
    promote_waitlist,
    record_payment,
    reject_enrolment,
    release_quota,
    withdraw_enrolment,
)
from cheber.delivery.actions.running import (
    complete_enrolment,
    complete_session,
    record_attendance,
    record_module_progress,
    record_result,
    send_reminders,
)

__all__ = [  # (and `step`, `workplace_of`: helpers the learning app's actions share)
    "step",
    "workplace_of",
    "accept_enrolment",
    "apply_for_place",
    "complete_enrolment",
    "complete_session",
    "confirm_nomination",
    "confirm_release",
    "mark_notifications_read",
    "nominate_educator",
    "promote_waitlist",
    "record_attendance",
    "record_module_progress",
    "record_payment",
    "record_result",
    "reject_enrolment",
    "release_quota",
    "send_reminders",
    "withdraw_enrolment",
]
