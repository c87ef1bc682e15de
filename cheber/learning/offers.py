"""The two lists of the online courses page: the courses open for enrolment and the
learner's own. Each is read by one query compiled once per process (`core.prepared`): building
their SQL cost more than running it (3 ms for a handful of sessions on the national demo) and
its rows become light cards, not four models each."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cheber.core.i18n import localized, name_columns, set_names
from cheber.core.prepared import ListOf, Prepared, as_date
from cheber.delivery.models import Enrolment
from cheber.learning import rules
from cheber.learning.models import ContentVersion, CourseProgress, Lesson
from cheber.registry.models import Organization

LIST_CAP = 50
LEARNERS = 8  # the educator records of one user a compiled query takes (a longer list: built)


class OpenCourse:
    """An online session open for enrolment, as the page shows it."""

    def __init__(self, pk, end, language, hours, taken, *names):
        self.pk, self.language, self.hours, self.taken = pk, language, hours, taken
        self.end_date = as_date(end)
        set_names(self, ("title", "provider"), names)

    title = property(lambda self: localized(self, "title"))
    provider_name = property(lambda self: localized(self, "provider"))

    def get_language_display(self) -> str:
        return Organization.Language(self.language).label


class OwnCourse:
    """A learner's online or blended course, with how far they are."""

    def __init__(self, enrolment_id, lessons_seen, total, state, *titles):
        self.enrolment_id, self.lessons_seen, self.total = enrolment_id, lessons_seen, total
        self.state = state
        set_names(self, ("title",), titles)

    title = property(lambda self: localized(self, "title"))

    def get_state_display(self) -> str:
        return Enrolment.State(self.state).label


def open_courses(today: dt.date, educator_ids) -> list[OpenCourse]:
    """Online sessions open for enrolment `today` with approved content, but those the
    learner takes already, the soonest deadline first (at most `LIST_CAP`)."""
    values = {"today": today, "closing": rules.default_closing(today),
              "educators": sorted(educator_ids)}  # fmt: skip
    return [OpenCourse(*row) for row in _rows(_OPEN, _open, values)]


def own_courses(educator_ids) -> list[OwnCourse]:
    """The learner's courses, the latest studied first."""
    if not educator_ids:
        return []
    return [OwnCourse(*row) for row in _rows(_OWN, _own, {"educators": sorted(educator_ids)})]


def _rows(query: Prepared, build, values: dict) -> list[tuple]:
    if query.fits(values):
        return query.rows(**values)
    return list(build(None, **values))  # more educator records than compiled for


def _open(_shape, *, today, closing, educators):
    names = name_columns("programme__title", "provider__name")
    return (
        rules.open_sessions(today, closing)
        .filter(programme__content_versions__status=ContentVersion.Status.APPROVED)
        .exclude(enrolments__educator_id__in=educators, enrolments__state__in=rules.TAKING)
        .annotate(taken=rules.learners_taking())
        .order_by("end_date", "pk")
        .values_list("pk", "end_date", "language", "programme__hours", "taken", *names)
    )[:LIST_CAP]


def _own(_shape, *, educators):
    lessons = (
        Lesson.objects.filter(version=OuterRef("version_id"))
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    titles = name_columns("enrolment__session__programme__title")
    return (
        CourseProgress.objects.of_learners(educators)
        .annotate(total=Coalesce(Subquery(lessons, output_field=IntegerField()), 0))
        .order_by("-last_activity_at", "pk")
        .values_list("enrolment_id", "lessons_seen", "total", "enrolment__state", *titles)
    )


_OPEN = Prepared(_open, today=dt.date, closing=dt.date, educators=ListOf(int, LEARNERS))
_OWN = Prepared(_own, educators=ListOf(int, LEARNERS))
