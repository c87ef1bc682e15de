"""Learning's panel of the home page: the online course a teacher studied last, with the lesson
to continue from."""

from cheber.core.access import access_for
from cheber.core.panels import HomePanel
from cheber.delivery.models import Enrolment
from cheber.learning.models import CourseProgress, Lesson, LessonProgress


def continue_course(user) -> CourseProgress | None:
    educator_ids = access_for(user).educator_ids
    if not educator_ids:
        return None
    course = (
        CourseProgress.objects.filter(
            enrolment__educator_id__in=educator_ids, enrolment__state=Enrolment.State.ENROLLED
        )
        .select_related("enrolment__session__programme")
        .order_by("-last_activity_at")
        .first()
    )
    if course is None:
        return None
    seen = LessonProgress.objects.filter(enrolment_id=course.enrolment_id)
    course.resume = (
        Lesson.objects.filter(version_id=course.version_id)
        .exclude(pk__in=seen.values("lesson_id"))
        .order_by("module__order", "order", "pk")
        .first()
    )
    return course


PANELS = [HomePanel("learning/_continue.html", 10, continue_course)]
