"""Learning figures for `cheber stats`: the `learning` object."""

from django.apps import apps
from django.db.models import Count, Q

from cheber.catalog.models import Form, Programme
from cheber.delivery.models import Enrolment
from cheber.learning.models import CourseProgress, Lesson


def _count(model_name: str) -> int:
    """Rows of a model of the assessment part, 0 while it is absent."""
    try:
        return apps.get_model("learning", model_name).objects.count()
    except LookupError:
        return 0


def collect() -> dict:
    forms = Programme.objects.filter(content_versions__status="approved").aggregate(
        online=Count("pk", filter=Q(form=Form.ONLINE), distinct=True),
        blended=Count("pk", filter=Q(form=Form.BLENDED), distinct=True),
    )
    return {
        "learning": {
            "online_programmes": forms["online"],
            "blended_programmes": forms["blended"],
            "lessons": Lesson.objects.filter(version__status="approved").count(),
            "questions": _count("Question"),
            "attempts": _count("Attempt"),
            "learners_in_progress": CourseProgress.objects.filter(
                enrolment__state=Enrolment.State.ENROLLED
            ).count(),
            "completed_online": Enrolment.objects.filter(
                state=Enrolment.State.COMPLETED, session__form=Form.ONLINE
            ).count(),
        }
    }
