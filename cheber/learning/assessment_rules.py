"""What a learner's assessment adds up to: the tests passed, the assignments graded, the pre-
and post-test scores. The completion rule calls `passed_tests(enrolment)` (the whole summary:
`assessment_summary(enrolment)`); the quality analysis reads `prepost_scores(enrolments)`."""

from dataclasses import dataclass
from decimal import Decimal

from cheber.delivery.models import Enrolment
from cheber.learning.models import Assignment, Attempt, Submission, Test

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
        return (
            self.tests_passed == self.tests_required
            and (self.post_test_taken or not self.post_test_required)
            and self.assignments_passed == self.assignments_required
        )


def assessment_summary(enrolment: Enrolment) -> AssessmentSummary:
    """The learner's assessment in the session's programme (five queries)."""
    programme_id = enrolment.session.programme_id
    tests = list(Test.objects.open().filter(programme_id=programme_id))
    attempts = Attempt.objects.filter(enrolment=enrolment).exclude(state="in_progress")
    passed = set(attempts.filter(passed=True).values_list("test_id", flat=True))
    taken = set(attempts.values_list("test_id", flat=True))
    required = [t for t in tests if t.purpose in MUST_PASS]
    post = [t for t in tests if t.purpose == Purpose.POST]
    scores = prepost_scores(Enrolment.objects.filter(pk=enrolment.pk)).get(enrolment.pk, {})
    assignments = Assignment.objects.filter(programme_id=programme_id).count()
    return AssessmentSummary(
        tests_required=len(required),
        tests_passed=sum(1 for t in required if t.pk in passed),
        post_test_required=bool(post),
        post_test_taken=any(t.pk in taken for t in post),
        assignments_required=assignments,
        assignments_passed=passed_assignments(enrolment),
        pre_score=scores.get("pre"),
        post_score=scores.get("post"),
    )


def passed_tests(enrolment: Enrolment) -> bool:
    """Every open module and final test passed, the post-test taken, every assignment graded
    as passed (a course without tests and assignments asks for nothing)."""
    return assessment_summary(enrolment).complete


def passed_assignments(enrolment: Enrolment) -> int:
    """Assignments whose latest submission is graded as passed."""
    latest: dict[int, bool] = {}
    rows = (
        Submission.objects.filter(enrolment=enrolment)
        .order_by("assignment_id", "number")
        .values_list("assignment_id", "grading__passed")
    )
    for assignment_id, grade in rows:
        latest[assignment_id] = bool(grade)
    return sum(latest.values())


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
