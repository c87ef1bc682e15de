from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cheber.accounts.scope import scope_for
from cheber.core.access import access_for


def landing(request):
    """The public page that explains Cheber, in the visitor's language."""
    return render(request, "core/landing.html")


@login_required
def home(request):
    """After log-in: who you are, your roles, and where to go."""
    assignments = request.user.role_assignments.select_related(
        "unit", "organization", "educator"
    ).order_by("role")
    return render(
        request,
        "core/home.html",
        {
            "assignments": assignments,
            "scope": scope_for(request.user),
            "continue_course": _continue_course(request.user),
        },
    )


def _continue_course(user):
    """The online course the teacher studied last, with the lesson to continue from
    (`learning.LessonProgress` by name: core sits below learning and does not import it)."""
    educator_ids = access_for(user).educator_ids
    if not educator_ids:
        return None
    courses = apps.get_model("learning", "CourseProgress").objects
    course = (
        courses.filter(enrolment__educator_id__in=educator_ids, enrolment__state="enrolled")
        .select_related("enrolment__session__programme")
        .order_by("-last_activity_at")
        .first()
    )
    if course is None:
        return None
    seen = apps.get_model("learning", "LessonProgress").objects.filter(
        enrolment_id=course.enrolment_id
    )
    course.resume = (
        apps.get_model("learning", "Lesson")
        .objects.filter(version_id=course.version_id)
        .exclude(pk__in=seen.values("lesson_id"))
        .order_by("module__order", "order", "pk")
        .first()
    )
    return course
