"""What the learning actions share (no caller outside the package uses it): completing an
online course the moment its rule is met, whichever step met it (the last lesson seen, the
last test passed)."""

from cheber.catalog.models import Form
from cheber.core.actors import SYSTEM
from cheber.delivery.actions.running import complete_enrolment
from cheber.delivery.models import Enrolment
from cheber.learning import rules
from cheber.learning.models import CourseProgress, Lesson


def complete_if_met(enrolment: Enrolment, course: CourseProgress | None = None) -> None:
    """Complete the learner's online course when every lesson of their version is seen and
    the tests the rule asks for are passed (in the caller's transaction). A blended session
    completes with its face-to-face days; a course never started has no lessons seen."""
    enrolment.refresh_from_db(fields=["state"])
    if enrolment.session.form != Form.ONLINE or enrolment.state != Enrolment.State.ENROLLED:
        return
    course = course or CourseProgress.objects.filter(enrolment=enrolment).first()
    if course is None:
        return
    total = Lesson.objects.filter(version_id=course.version_id).count()
    if course.lessons_seen >= total and rules.passed_tests(enrolment):
        complete_enrolment(actor=SYSTEM, enrolment=enrolment)
