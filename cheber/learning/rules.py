"""The rules of online study: who may enrol in an online or blended session and when, how many
it takes, and what completing one takes. Functions of values and rows; no writes."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.models import Form
from cheber.delivery.models import Enrolment
from cheber.learning.assessment_rules import passed_tests as assessed
from cheber.learning.models import ContentVersion, CourseProgress, Lesson
from cheber.registry.models import Educator, Employment
from cheber.schedule.models import Session

DEFAULT_LEARNERS_PER_TRAINER = 50
DEFAULT_CLOSE_DAYS = 14  # enrolment closes two weeks before the deadline by default
TAKING = (Enrolment.State.ENROLLED, Enrolment.State.COMPLETED, Enrolment.State.NOT_COMPLETED)


@dataclass(frozen=True)
class Terms:
    enrol_from: dt.date
    enrol_until: dt.date
    learners_per_trainer: int
    deadline: dt.date
    weekly_pacing: bool = False


def terms_for(session: Session) -> Terms:
    """The session's `OnlineTerms`, else: open from publication until two weeks before its
    deadline (its last day), 50 learners per tutor."""
    terms = getattr(session, "online_terms", None) if session.pk else None
    if terms is not None:
        return Terms(terms.enrol_from, terms.enrol_until, terms.learners_per_trainer,
                     session.end_date, terms.weekly_pacing)  # fmt: skip
    until = max(session.start_date, session.end_date - dt.timedelta(days=DEFAULT_CLOSE_DAYS))
    return Terms(dt.date.min, until, DEFAULT_LEARNERS_PER_TRAINER, session.end_date)


def module_openings(session: Session, course: CourseProgress) -> dict[int, dt.date]:
    """{module id: the day it opens to this learner} under weekly pacing (the first module at
    once, each next one a week later, counted from the learner's start); {} without pacing."""
    if not terms_for(session).weekly_pacing:
        return {}
    started = timezone.localtime(course.started_at).date()
    modules = session.programme.modules.order_by("order", "pk").values_list("pk", flat=True)
    return {pk: started + dt.timedelta(weeks=n) for n, pk in enumerate(modules)}


def is_open(openings: dict[int, dt.date], module_id: int, today: dt.date) -> bool:
    return openings.get(module_id, today) <= today


def capacity(session: Session, terms: Terms) -> int:
    """Trainers × learners per tutor; the session's places while no trainer is named."""
    trainers = session.trainers.count()
    return trainers * terms.learners_per_trainer if trainers else session.capacity


def refusal(session: Session, educator: Educator, today: dt.date) -> str:
    """Why the educator may not enrol in the online session now; "" when they may."""
    terms = terms_for(session)
    if not session.is_published:
        return _("The session is not published yet.")
    if not terms.enrol_from <= today <= terms.enrol_until:
        return _("Enrolment is closed.")
    taken = Enrolment.objects.filter(session=session, state__in=TAKING)
    if taken.filter(educator=educator).exists():
        return _("You are already enrolled.")
    if taken.count() >= capacity(session, terms):
        return _("The course is full.")
    return _misfit(session, educator)


def _misfit(session: Session, educator: Educator) -> str:
    jobs = Employment.objects.active().filter(educator=educator).select_related("organization")
    wanted = set(session.programme.specializations.values_list("pk", flat=True))
    if wanted:
        mine = set(educator.specializations.values_list("pk", flat=True))
        mine |= {job.specialization_id for job in jobs if job.specialization_id}
        if not wanted & mine:
            return _("The course is for other specializations.")
    languages = {code for job in jobs for code in job.organization.languages}
    if languages and session.language not in languages:
        return _("The course is taught in another language than your school's.")
    return ""


def open_sessions(today: dt.date):
    """Published online sessions whose enrolment may be open today (the window is checked per
    session by `refusal`)."""
    return (
        Session.objects.published()
        .filter(form=Form.ONLINE, end_date__gte=today)
        .filter(Q(online_terms__isnull=True) | Q(online_terms__enrol_until__gte=today))
    )


def stuck_after() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "CHEBER_LEARNING_STUCK_DAYS", 7))


def passed_tests(enrolment: Enrolment) -> bool:
    """Whether the learner passed every test the completion rule asks for (a course without
    tests asks for none)."""
    return assessed(enrolment)


def online_part_done(enrolment: Enrolment) -> bool:
    """Every lesson of the learner's version seen and the tests passed; a course with no
    approved content has no online part to do."""
    course = CourseProgress.objects.filter(enrolment=enrolment).first()
    if course is None:
        return not ContentVersion.objects.filter(
            programme_id=enrolment.session.programme_id, status=ContentVersion.Status.APPROVED
        ).exists()
    total = Lesson.objects.filter(version_id=course.version_id).count()
    return course.lessons_seen >= total and passed_tests(enrolment)
