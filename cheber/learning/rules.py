"""The rules of online study: who may enrol in an online or blended session and when, how many
it takes (its budget places, which saving its online terms sets to trainers × learners per
tutor; the one places query counts them, held by those still studying), and what completing
one takes (the `OnlineCompletionRule` in force on the day the learner meets it: `online_done`);
and what a learner's assessment adds up to (the tests passed, the assignments graded, the pre-
and post-test scores: the whole summary is `assessment_summary(enrolment)`, the quality
analysis reads `prepost_scores(enrolments)`). Functions of values and rows; no writes."""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.catalog.models import Form
from cheber.core import dates
from cheber.core.prepared import Prepared
from cheber.delivery.models import Enrolment
from cheber.learning.models import (
    Assignment,
    Attempt,
    ContentVersion,
    CourseProgress,
    Lesson,
    OnlineCompletionRule,
    Submission,
    Test,
)
from cheber.registry.models import Educator, Employment
from cheber.schedule import places
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


def refusal(session: Session, educator: Educator, today: dt.date) -> str:
    """Why the educator may not enrol in the online session now; "" when they may.

    The course is full when the one places query (`Session.objects.with_places`) leaves no
    budget place: the session's budget places, which its online terms set to trainers ×
    learners per tutor (`schedule.places`), less those held. A place is held by a learner
    still studying (ENROLLED): one who completed, or did not, no longer holds a tutor's place."""
    terms = terms_for(session)
    if not session.is_published:
        return _("The session is not published yet.")
    if not terms.enrol_from <= today <= terms.enrol_until:
        return _("Enrolment is closed.")
    if Enrolment.objects.filter(session=session, educator=educator, state__in=TAKING).exists():
        return _("You are already enrolled.")
    if not Session.objects.with_places().values_list("budget_left", flat=True).get(pk=session.pk):
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


def open_sessions(today: dt.date, closing: dt.date | None = None):
    """Published online sessions whose enrolment may be open today (the window is checked per
    session by `refusal`; `closing`: see `still_enrolling`)."""
    return Session.objects.published().filter(still_enrolling(today, closing))


def learners_taking() -> Coalesce:
    """The learners taking the outer session, counted by a subquery on its enrolments (a join
    of every open session's enrolments, grouped, cost four times as much on the national demo)."""
    return places.counted(Enrolment.objects.all(), state__in=TAKING)


def still_enrolling(today: dt.date, closing: dt.date | None = None) -> Q:
    """The online sessions whose enrolment has not closed by `today` (it may not have opened
    yet), a filter of sessions: their terms close today or later, or, without terms, the
    default close (two weeks before the deadline, never before the start) is today or later.
    `closing`: the deadline of sessions whose default close is today (`default_closing`),
    given apart by a compiled query (`core.prepared` takes values, not sums of them)."""
    closing = default_closing(today) if closing is None else closing
    by_default = Q(end_date__gte=closing) | Q(start_date__gte=today)
    return Q(form=Form.ONLINE) & (
        Q(online_terms__enrol_until__gte=today) | Q(online_terms__isnull=True) & by_default
    )


def default_closing(today: dt.date) -> dt.date:
    """The deadline of a session whose enrolment closes by default today."""
    return today + dt.timedelta(days=DEFAULT_CLOSE_DAYS)


def session_end(enrolment: Enrolment) -> dt.datetime:
    """The last moment of the session: midnight after its last day, in Bishkek time."""
    day = enrolment.session.end_date + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def stuck_after() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "CHEBER_LEARNING_STUCK_DAYS", 7))


def online_part_done(enrolment: Enrolment) -> bool:
    """The online part of a blended session done by the rule in force on its last day; a
    course with no approved content has no online part to do."""
    standing = standing_of(enrolment.pk)
    if standing.lessons_seen is None:
        return not ContentVersion.objects.filter(
            programme_id=enrolment.session.programme_id, status=ContentVersion.Status.APPROVED
        ).exists()
    return online_done(standing, enrolment.session.end_date)


def completion_rule(on: dt.date) -> OnlineCompletionRule | None:
    """The rule of completing online study in force on `on` (None: nobody completes)."""
    return OnlineCompletionRule.in_force(on)


def no_rule_message(day: dt.date) -> str:
    return _(
        "No rule of completing online study is in force on %(day)s: nobody completes online "
        "until the national institute sets one."
    ) % {"day": dates.day(day)}


def online_done(standing: "Standing", on: dt.date) -> bool:
    """The learner's study meets the rule in force on `on`: its share of their version's
    lessons seen and the parts of the assessment it asks for. Never without a rule, nor
    without a course started."""
    rule = completion_rule(on)
    if rule is None or standing.lessons_seen is None:
        return False
    if standing.lessons_seen < rule.lessons_needed(standing.lessons_total):
        return False
    return rule_met_by(rule, standing.assessment)


def certificate_on_completion(session: Session) -> bool:
    """Whether the provider issues a learner's certificate the moment they complete the online
    session (its terms say; without terms it does)."""
    terms = getattr(session, "online_terms", None) if session.pk else None
    return terms is None or terms.certificate_on_completion


# Assessment: what the learner's tests and assignments add up to ---------------------------------
Purpose = Test.Purpose
MUST_PASS = (Purpose.MODULE, Purpose.FINAL)


@dataclass(frozen=True)
class AssessmentSummary:
    tests_required: int
    tests_passed: int
    post_test_required: bool
    post_test_taken: bool
    assignments_required: int
    assignments_passed: int
    pre_score: Decimal | None
    post_score: Decimal | None

    @property
    def complete(self) -> bool:
        """Every module and final test passed, the post-test taken, every assignment passed."""
        return self.tests_done and self.post_test_done and self.assignments_done

    @property
    def tests_done(self) -> bool:
        return self.tests_passed == self.tests_required

    @property
    def post_test_done(self) -> bool:
        return self.post_test_taken or not self.post_test_required

    @property
    def assignments_done(self) -> bool:
        return self.assignments_passed == self.assignments_required


def rule_met_by(rule: OnlineCompletionRule, summary: AssessmentSummary) -> bool:
    """The parts of the assessment that the rule asks for are done (the lessons aside)."""
    return (
        (summary.tests_done or not rule.requires_passed_tests)
        and (summary.post_test_done or not rule.requires_post_test)
        and (summary.assignments_done or not rule.requires_assignments)
    )


@dataclass(frozen=True)
class Standing:
    """Where a learner stands in their course, read at once (`standing_of`): their enrolment's
    state, the session's form, the lessons of their content version seen and in all (None
    seen: no course started) and their assessment (without the pre- and post-test scores)."""

    state: str
    form: str
    lessons_seen: int | None
    lessons_total: int
    assessment: AssessmentSummary


def standing_of(enrolment_id: int) -> Standing:
    """The learner's standing in one query (compiled once per process: completion reads it at
    every test passed, lesson seen and assignment graded)."""
    state, form, seen, total, *counts = _STANDING.rows(enrolment=enrolment_id)[0]
    required, passed, post_required, post_taken, assignments, assignments_passed = counts
    return Standing(state, form, seen, total, AssessmentSummary(
        tests_required=required, tests_passed=passed, post_test_required=post_required > 0,
        post_test_taken=post_taken > 0, assignments_required=assignments,
        assignments_passed=assignments_passed, pre_score=None, post_score=None,
    ))  # fmt: skip


def assessment_summary(enrolment: Enrolment, *, scores: bool = True) -> AssessmentSummary:
    """The learner's assessment in the session's programme (one query; two with the pre- and
    post-test `scores`)."""
    summary = standing_of(enrolment.pk).assessment
    if not scores:
        return summary
    prepost = prepost_scores(Enrolment.objects.filter(pk=enrolment.pk)).get(enrolment.pk, {})
    return replace(summary, pre_score=prepost.get("pre"), post_score=prepost.get("post"))


def _count(rows) -> Coalesce:
    """How many rows, as a subquery (0 when none)."""
    return Coalesce(Subquery(rows.order_by().annotate(n=Func("pk", function="COUNT"))
                             .values("n")), 0)  # fmt: skip


def _standing(shape, enrolment) -> QuerySet:
    """The columns of `Standing`, of one enrolment. A test is passed by a passed attempt, taken
    by any closed one; an assignment is passed when its latest submission's grading passed."""
    programme = OuterRef("session__programme_id")
    tests = Test.objects.open().filter(programme_id=programme)
    closed = Attempt.objects.filter(enrolment_id=OuterRef(OuterRef("pk")), test_id=OuterRef("pk"))
    closed = closed.exclude(state=Attempt.State.IN_PROGRESS)
    required = tests.filter(purpose__in=MUST_PASS)
    later = Submission.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), assignment_id=OuterRef("assignment_id"),
        number__gt=OuterRef("number"),
    )  # fmt: skip
    latest_passed = Submission.objects.filter(enrolment_id=OuterRef("pk"), grading__passed=True)
    return Enrolment.objects.filter(pk=enrolment).annotate(
        form=F("session__form"),
        seen=F("course_progress__lessons_seen"),
        lessons=_count(Lesson.objects.filter(version_id=OuterRef("course_progress__version_id"))),
        required=_count(required),
        passed=_count(required.filter(Exists(closed.filter(passed=True)))),
        post=_count(tests.filter(purpose=Purpose.POST)),
        post_taken=_count(tests.filter(purpose=Purpose.POST).filter(Exists(closed))),
        assignments=_count(Assignment.objects.filter(programme_id=programme)),
        assignments_passed=_count(latest_passed.exclude(Exists(later))),
    ).values_list(
        "state", "form", "seen", "lessons", "required", "passed", "post", "post_taken",
        "assignments", "assignments_passed",
    )  # fmt: skip


_STANDING = Prepared(_standing, enrolment=int)


def prepost_scores(enrolments) -> dict[int, dict[str, Decimal]]:
    """{enrolment id: {"pre": score, "post": score}}: the first finished attempt at each, so
    that every learner is measured the same way (one query)."""
    rows = (
        Attempt.objects.filter(
            enrolment__in=enrolments, test__purpose__in=(Purpose.PRE, Purpose.POST),
            state="finished",
        )
        .order_by("enrolment_id", "test__purpose", "number")
        .values_list("enrolment_id", "test__purpose", "score")
    )  # fmt: skip
    result: dict[int, dict[str, Decimal]] = {}
    for enrolment_id, purpose, score in rows:
        result.setdefault(enrolment_id, {}).setdefault(purpose, score)
    return result


def check_file(assignment: Assignment, upload: UploadedFile) -> None:
    """The file's type (by extension) and size are what the assignment accepts."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in assignment.extensions:
        raise ValidationError({"file": _("Files of type %(types)s only.")
                               % {"types": ", ".join(assignment.extensions)}})  # fmt: skip
    if upload.size > assignment.max_file_mb * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.")
                               % {"mb": assignment.max_file_mb}})  # fmt: skip
