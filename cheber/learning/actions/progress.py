"""A learner's way through an online course: open enrolment, starting (the content version is
pinned), lessons seen, completion by the rule; the provider's reminder to those who stall, and
its enrolment terms, which set the session's places to its tutors' capacity."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.models import Form
from cheber.core import dates
from cheber.core.actors import user_or_none
from cheber.core.audit import record, record_many
from cheber.delivery.actions import step, workplace_of
from cheber.delivery.actions.running import complete_session
from cheber.delivery.models import Enrolment, Notification
from cheber.delivery.notifications import notify
from cheber.delivery.seats import quota_unit
from cheber.learning import access, rules
from cheber.learning.actions._common import complete_if_met
from cheber.learning.models import (
    ContentVersion,
    CourseProgress,
    Lesson,
    LessonProgress,
    OnlineTerms,
)
from cheber.registry.models import Educator
from cheber.schedule.models import Session
from cheber.schedule.places import tutored_places

State = Enrolment.State
MAX_SECONDS_PER_VISIT = 60 * 60  # a page left open over lunch counts as an hour at most


@transaction.atomic
def enrol_online(*, actor: Any, session: Session, educator: Educator) -> Enrolment:
    """Open enrolment in an online session for an educator who fits it: no cabinet, no release
    from work, no waitlist; the provider need not accept. The course starts at once."""
    if not access.can_enrol_online(actor, educator.pk):
        raise PermissionDenied
    Educator.objects.select_for_update().filter(pk=educator.pk).first()
    session = (
        Session.objects.select_for_update().select_related("plan", "programme").get(pk=session.pk)
    )
    if session.form != Form.ONLINE:
        raise ValidationError({"session": _("Open enrolment is only for online courses.")})
    if reason := rules.refusal(session, educator, timezone.localdate()):
        raise ValidationError({"session": reason})
    organization = workplace_of(educator)
    now = timezone.now()
    enrolment = Enrolment(
        session=session, educator=educator, organization=organization,
        unit=quota_unit(organization), funding=Enrolment.Funding.BUDGET,
        origin=Enrolment.Origin.APPLICATION, state=State.ENROLLED, requested_by=user_or_none(actor),
        district_confirmed_at=now, release_confirmed_at=now, accepted_at=now,
    )  # fmt: skip
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ValidationError({"session": _("You are already enrolled.")}) from None
    step(enrolment, actor=actor, verb="enrol_online", before="")
    _pin(enrolment)
    return enrolment


@transaction.atomic
def start_course(*, actor: Any, enrolment: Enrolment) -> CourseProgress:
    """The learner opens their course: the approved content of today is theirs to the end."""
    if not access.can_study(actor, enrolment):
        raise PermissionDenied
    if existing := CourseProgress.objects.filter(enrolment=enrolment).first():
        return existing
    progress = _pin(enrolment)
    if progress is None:
        raise ValidationError(_("The course's content is not approved yet."))
    record(actor=actor, verb="start_course", obj=enrolment, version=progress.version_id)
    return progress


def _pin(enrolment: Enrolment) -> CourseProgress | None:
    version = ContentVersion.objects.filter(
        programme_id=enrolment.session.programme_id, status=ContentVersion.Status.APPROVED
    ).first()
    if version is None:
        return None
    return CourseProgress.objects.create(
        enrolment=enrolment, version=version, last_activity_at=timezone.now()
    )


@transaction.atomic
def mark_lesson_seen(
    *, actor: Any, enrolment: Enrolment, lesson: Lesson, opened_at: dt.datetime | None = None
) -> LessonProgress:
    """The learner has studied a lesson; the time from opening it counts (capped). Seeing the
    last lesson of an online course with its tests passed completes it."""
    if not access.can_study(actor, enrolment):
        raise PermissionDenied
    course = CourseProgress.objects.select_for_update().get(enrolment=enrolment)
    if lesson.version_id != course.version_id:
        raise ValidationError(_("The lesson is not part of your course's version."))
    openings = rules.module_openings(enrolment.session, course)
    if not rules.is_open(openings, lesson.module_id, timezone.localdate()):
        raise ValidationError(_("This module has not opened yet."))
    now = timezone.now()
    seconds = 0
    if opened_at is not None and opened_at <= now:
        seconds = min(int((now - opened_at).total_seconds()), MAX_SECONDS_PER_VISIT)
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"seen_at": now, "seconds_spent": seconds}
    )
    if not created:
        LessonProgress.objects.filter(pk=progress.pk).update(
            seconds_spent=F("seconds_spent") + seconds
        )
    course.lessons_seen = LessonProgress.objects.filter(
        enrolment=enrolment, lesson__version_id=course.version_id
    ).count()
    course.seconds_spent += seconds
    course.last_lesson, course.last_activity_at = lesson, now
    course.save(update_fields=["lessons_seen", "seconds_spent", "last_lesson", "last_activity_at"])
    if created:
        record(actor=actor, verb="see_lesson", obj=enrolment, lesson=lesson.pk, seconds=seconds)
    complete_if_met(enrolment)
    return progress


@dataclass(frozen=True)
class PastStudy:
    """Lessons a learner saw before they are written (the demo's learners): in order, the
    first from `seen_at`, each taking `seconds`."""

    enrolment: Enrolment
    lessons: list[Lesson]
    seen_at: dt.datetime
    seconds: int = 15 * 60


@transaction.atomic
def record_lessons_seen(*, actor: Any, studies: list[PastStudy]) -> int:
    """Write lessons seen earlier at once, as `mark_lesson_seen` would have, in a few queries
    whatever their number (the server only: the demo): each lesson of the learner's version
    once, with its time; each course's count, time, last lesson and last activity. The online
    courses whose rule is then met are completed. The number of lessons written."""
    if not access.can_record_past_study(actor):
        raise PermissionDenied
    courses = {
        course.enrolment_id: course
        for course in CourseProgress.objects.select_for_update(of=("self",))
        .filter(enrolment_id__in=[study.enrolment.pk for study in studies])
        .select_related("enrolment__session__programme")
    }  # fmt: skip
    seen = set(
        LessonProgress.objects.filter(enrolment_id__in=courses).values_list(
            "enrolment_id", "lesson_id"
        )
    )
    rows = []
    for study in studies:
        rows += _past_lessons(study, courses.get(study.enrolment.pk), seen)
    LessonProgress.objects.bulk_create(rows, batch_size=500)
    counted = dict(
        LessonProgress.objects.filter(enrolment_id__in=courses, lesson__version=F(
            "enrolment__course_progress__version"))
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    for course in courses.values():
        course.lessons_seen = counted.get(course.enrolment_id, 0)
    CourseProgress.objects.bulk_update(
        courses.values(),
        ["started_at", "lessons_seen", "seconds_spent", "last_lesson", "last_activity_at"],
        batch_size=500,
    )  # fmt: skip
    written: dict[int, list[int]] = {}
    for row in rows:
        written.setdefault(row.enrolment_id, []).append(row.lesson_id)
    record_many(actor=actor, verb="record_lessons_seen", events=(
        (courses[pk].enrolment, {"lessons": lessons}) for pk, lessons in written.items()
    ))  # fmt: skip
    courses_done = CourseProgress.objects.filter(
        pk__in=[course.pk for course in courses.values()], enrolment__state=State.ENROLLED
    ).all_lessons_seen()
    for course in courses_done.select_related("enrolment__session"):
        complete_if_met(course.enrolment)
    return len(rows)


def _past_lessons(
    study: PastStudy, course: CourseProgress | None, seen: set
) -> list[LessonProgress]:
    """The study's lessons not yet seen (unsaved), once they are the learner's to see then;
    the course's time and last lesson moved on, its last activity the last lesson's time, its
    start no later than the first lesson."""
    if course is None:
        raise ValidationError(_("The learner has not started the course."))
    course.started_at = min(course.started_at, study.seen_at)
    openings = rules.module_openings(course.enrolment.session, course)
    seconds = min(study.seconds, MAX_SECONDS_PER_VISIT)
    rows = []
    for n, lesson in enumerate(study.lessons):
        at = study.seen_at + dt.timedelta(seconds=study.seconds * n)
        if lesson.version_id != course.version_id:
            raise ValidationError(_("The lesson is not part of your course's version."))
        if not rules.is_open(openings, lesson.module_id, timezone.localtime(at).date()):
            raise ValidationError(_("This module has not opened yet."))
        if at > timezone.now():
            raise ValidationError(_("Lessons written afterwards must have been seen by now."))
        if (course.enrolment_id, lesson.pk) in seen:
            continue
        seen.add((course.enrolment_id, lesson.pk))
        rows.append(LessonProgress(enrolment_id=course.enrolment_id, lesson=lesson, seen_at=at,
                                   seconds_spent=seconds))  # fmt: skip
        course.seconds_spent += seconds
        course.last_lesson, course.last_activity_at = lesson, at
    return rows


@transaction.atomic
def complete_blended_session(*, actor: Any, session: Session) -> dict[str, int]:
    """Close a finished blended session by the rule in force (attendance of its days, the final
    assessment) and its online part, judged by the online rule in force on its last day: who
    has not done the online part does not complete."""
    if not access.can_complete_enrolment(actor, session):
        raise PermissionDenied
    if session.form != Form.BLENDED:
        raise ValidationError(_("Only a blended session is completed here."))
    if rules.completion_rule(session.end_date) is None:
        raise ValidationError(rules.no_rule_message(session.end_date))
    attending = session.enrolments.filter(state=State.ENROLLED, accepted_at__isnull=False)
    done = {e.pk for e in attending.select_related("session") if rules.online_part_done(e)}
    return complete_session(actor=actor, session=session, online_done=done)


@transaction.atomic
def remind_learner(*, actor: Any, enrolment: Enrolment) -> Notification:
    """The provider nudges a learner who has stalled: a notification in the app and by mail."""
    if not access.can_remind_learner(actor, enrolment.session):
        raise PermissionDenied
    if enrolment.state != State.ENROLLED:
        raise ValidationError(_("Only a learner still studying can be reminded."))
    notification = notify(enrolment, Notification.Kind.STUDY_REMINDER)
    CourseProgress.objects.filter(enrolment=enrolment).update(reminded_at=timezone.now())
    record(actor=actor, verb="remind_learner", obj=enrolment)
    return notification


@transaction.atomic
def set_online_terms(
    *, actor: Any, session: Session, enrol_from: dt.date, enrol_until: dt.date,
    learners_per_trainer: int, weekly_pacing: bool = False,
    certificate_on_completion: bool | None = None,
) -> OnlineTerms:  # fmt: skip
    """The provider sets when an online session takes learners, how many each tutor takes, the
    pacing (of a blended one too: its participants come by application and nomination, the
    window is the online courses'), and whether a learner's certificate is issued the moment
    they complete (None keeps the choice made, at first yes). With trainers named, the
    session's budget places become trainers × learners per tutor
    (`schedule.places.tutored_places`); its contract places stay, and a session with no
    trainer keeps its places."""
    if not access.can_set_online_terms(actor, session):
        raise PermissionDenied
    errors = {}
    if session.form not in access.LEARNING_FORMS:
        errors["session"] = _("Enrolment terms are for online and blended sessions.")
    if enrol_until < enrol_from:
        errors["enrol_until"] = _("Enrolment cannot close before it opens.")
    elif enrol_until > session.end_date:
        errors["enrol_until"] = _("Enrolment must close by the deadline, %(day)s.") % {
            "day": dates.day(session.end_date)
        }
    if learners_per_trainer < 1:
        errors["learners_per_trainer"] = _("A tutor takes at least one learner.")
    if errors:
        raise ValidationError(errors)
    places = _tutored(session, learners_per_trainer)
    before = (
        OnlineTerms.objects.filter(session=session)
        .values("enrol_from", "enrol_until", "learners_per_trainer")
        .first()
    )
    defaults = {
        "enrol_from": enrol_from, "enrol_until": enrol_until,
        "learners_per_trainer": learners_per_trainer, "weekly_pacing": weekly_pacing,
    }  # fmt: skip
    if certificate_on_completion is not None:
        defaults["certificate_on_completion"] = certificate_on_completion
    terms, _created = OnlineTerms.objects.update_or_create(session=session, defaults=defaults)
    after = [str(enrol_from), str(enrol_until), learners_per_trainer, weekly_pacing,
             terms.certificate_on_completion]  # fmt: skip
    record(actor=actor, verb="set_online_terms", obj=session, places=places,
           before=[str(v) for v in before.values()] if before else None, after=after)  # fmt: skip
    return terms


def _tutored(session: Session, learners_per_trainer: int) -> list[int] | None:
    """Set the session's budget places to its tutors' capacity, under its row lock and never
    below the places held; [before, after], or None when it keeps its places."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    places = tutored_places(locked.trainers.count(), learners_per_trainer)
    if places is None:
        return None
    before, locked.budget_places = locked.budget_places, places
    try:
        locked.check_places()
    except ValidationError as error:
        raise ValidationError({"learners_per_trainer": error.messages}) from None
    Session.objects.filter(pk=locked.pk).update(budget_places=places)
    session.budget_places = places
    return [before, places]


def remind_stuck_learners(*, actor: Any, now: dt.datetime | None = None) -> int:
    """Nudge every learner of a running online or blended session who has done nothing for
    `rules.stuck_after()` (settings.CHEBER_LEARNING_STUCK_DAYS), as the provider can by hand;
    at most once in that period each. Periodic: the server's scheduled job."""
    if not access.can_remind_stuck_learners(actor):
        raise PermissionDenied
    now = now or timezone.now()
    sent = 0
    for enrolment in _stuck_learners(now).select_related("session__programme", "educator"):
        with transaction.atomic():
            notify(enrolment, Notification.Kind.STUDY_REMINDER)
            CourseProgress.objects.filter(enrolment=enrolment).update(reminded_at=now)
            record(actor=actor, verb="remind_learner", obj=enrolment, stuck=True)
        sent += 1
    return sent


def _stuck_learners(now: dt.datetime):
    before, today = now - rules.stuck_after(), timezone.localdate(now)
    reminded = Notification.objects.filter(
        enrolment=OuterRef("pk"), kind=Notification.Kind.STUDY_REMINDER, created_at__gte=before
    )
    return Enrolment.objects.filter(
        Q(course_progress__last_activity_at__lt=before)
        | Q(course_progress=None, accepted_at__lt=before),
        state=Enrolment.State.ENROLLED,
        session__form__in=access.LEARNING_FORMS,
        session__start_date__lte=today, session__end_date__gte=today,
    ).exclude(Exists(reminded))  # fmt: skip
