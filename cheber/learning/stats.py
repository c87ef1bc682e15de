"""Learning figures for `cheber stats`: the `learning` object."""

from django.db.models import Count, Q

from cheber.catalog.models import Form, Programme
from cheber.delivery.models import Enrolment
from cheber.learning.models import Attempt, ContentVersion, CourseProgress, Lesson, Question

APPROVED = ContentVersion.Status.APPROVED


def collect() -> dict:
    forms = Programme.objects.filter(content_versions__status=APPROVED).aggregate(
        online=Count("pk", filter=Q(form=Form.ONLINE), distinct=True),
        blended=Count("pk", filter=Q(form=Form.BLENDED), distinct=True),
    )
    return {
        "learning": {
            "online_programmes": forms["online"],
            "blended_programmes": forms["blended"],
            "lessons": Lesson.objects.filter(version__status=APPROVED).count(),
            "questions": Question.objects.count(),
            "attempts": Attempt.objects.count(),
            "learners_in_progress": CourseProgress.objects.filter(
                enrolment__state=Enrolment.State.ENROLLED
            ).count(),
            "completed_online": Enrolment.objects.filter(
                state=Enrolment.State.COMPLETED, session__form=Form.ONLINE
            ).count(),
        }
    }
