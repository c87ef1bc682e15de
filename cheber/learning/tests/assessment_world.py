"""Assessment objects of each side of the permission matrix's world: an open test of the
upcoming session's programme with its bank, the side's teacher's attempt at it, an assignment
and a submission (with a file), a question of the side's draft programme."""

import uuid

from django.core.files.base import ContentFile

from cheber.core.access import Role
from cheber.learning.actions import assessment, assignments
from cheber.learning.models import Submission
from cheber.learning.tests.assessment_fixtures import single
from cheber.registry.tests.factories import user_with_role


def _side(side: dict, staff, teacher) -> dict:
    programme = side["session"].programme
    for n in range(1, 4):
        assessment.add_question(actor=staff, programme=programme, question=single(n))
    question = assessment.add_question(actor=staff, programme=side["programme"],
                                       question=single(9))  # fmt: skip
    test = assessment.save_test(
        actor=staff, programme=programme, draws=[("Негиздер", 2)],
        values={"purpose": "final", "title": "Тест", "is_open": True, "time_limit": 30},
    )  # fmt: skip
    attempt = assessment.start_attempt(actor=teacher, enrolment=side["enrolment"], test=test)
    assignment = assignments.save_assignment(
        actor=staff, programme=programme, criteria=[("Мазмуну", 5)],
        values={"kind": "project", "title": "Долбоор", "passing_points": 3},
    )  # fmt: skip
    submission = Submission(assignment=assignment, enrolment=side["enrolment"], number=1,
                            text="Долбоордун тексти")  # fmt: skip
    submission.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4"), save=False)
    submission.save()
    return {"test": test, "attempt": attempt, "assignment": assignment,
            "submission": submission, "question": question}  # fmt: skip


def add_assessment(world, a: dict, b: dict) -> None:
    their_staff = user_with_role("their.bank", Role.PROVIDER_STAFF, organization=b["provider"])
    their_teacher = user_with_role("their.teacher", Role.TEACHER, educator=b["educator"])
    ours = _side(a, world.users["provider"], world.users["teacher"])
    theirs = _side(b, their_staff, their_teacher)
    for name in ours:
        world.objects[name] = (ours[name], theirs[name])
