"""`cheber seed_learning [--learners N] [--seed N] [--if-empty]`: the online-learning demo.

Six online and blended programmes with approved content in Kyrgyz and Russian, a question bank
(44 questions), pre-, post-, module and final tests and a project each, a session of each open
now, and learners at every stage (`demo.Stage`): just enrolled, reading with the pre-test taken,
a module test passed or failed, every lesson seen and the final test taken, the project handed
in, graded as not passing, passed and the course completed (with the training in their
history); a third of those in the middle stuck. All of it through the actions, as the server
(`SYSTEM`): the lessons seen and the attempts in bulk (`record_lessons_seen`, `record_attempts`:
drawn and graded as a learner's are), the projects one by one; the same seed gives the same
demo. After `seed_demo` (it needs the providers and educators). The demo teacher `teacher.osh`,
when present, is halfway through one course.
"""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cheber.accounts.models import RoleAssignment
from cheber.catalog.models import Form, Module, Programme
from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.core.audit import AuditedCommand
from cheber.delivery.actions import step, workplace_of
from cheber.delivery.models import Enrolment
from cheber.delivery.seats import quota_unit
from cheber.learning import demo
from cheber.learning.actions import assessment, assignments, content, progress
from cheber.learning.demo import COURSES, Course, Stage, lesson_body, seed_assessment
from cheber.learning.models import ContentVersion, CourseProgress, Lesson
from cheber.registry.models import Educator, Organization
from cheber.schedule.models import PlanSchedule, Session

HOURS = 72
STUCK_FOR = dt.timedelta(days=14)
SPAN = dt.timedelta(hours=12)  # a learner's way so far began this long ago (or was stuck)
SITTING = dt.timedelta(minutes=50)  # a test and the pause after it
RETAKE_AFTER = dt.timedelta(minutes=20)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class Command(AuditedCommand):
    help = "Online and blended courses with content and learners at every stage (after seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=400, help="learners per session")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if the demo's online programmes exist")  # fmt: skip

    def handle(self, *args, **options):
        # The demo's learners are made up: the mails of their completions and reminders go
        # nowhere (a console backend would print thousands of them).
        with override_settings(MAILERS={"default": {"BACKEND": LOCMEM}}):
            self._seed(options)

    def _seed(self, options):
        if options["if_empty"] and Programme.objects.filter(code=COURSES[0].code).exists():
            self.stdout.write("The online-learning demo is there already: nothing seeded.")
            return
        rng = random.Random(options["seed"])
        today = timezone.localdate()
        counts = {"programmes": 0, "lessons": 0, "sessions": 0, "learners": 0, "completed": 0,
                  "questions": 0, "tests": 0, "attempts": 0, "submissions": 0,
                  "graded": 0}  # fmt: skip
        for course in COURSES:
            with transaction.atomic():
                session = seed_course(course, today, counts)
                for name, n in seed_assessment(session.programme, actor=SYSTEM).items():
                    counts[name] += n
                learners = enrol_learners(session, options["learners"], rng, counts)
                follow_the_course(session.programme, learners, rng, counts)
                completed = [e.pk for e, _stage, _stuck in learners]
                counts["completed"] += Enrolment.objects.filter(
                    pk__in=completed, state=Enrolment.State.COMPLETED
                ).count()
        enrol_demo_teacher(today)
        self.stdout.write(", ".join(f"{name}: {n:,}" for name, n in counts.items()))


def seed_course(course: Course, today: dt.date, counts: dict) -> Session:
    provider = Organization.objects.get(code=course.provider)
    programme, created = Programme.objects.get_or_create(code=course.code, defaults={
        "provider": provider, "title_ky": course.title[0], "title_ru": course.title[1],
        "description_ky": f"{course.title[0]}: онлайн курс, иштен бошотпостон.",
        "description_ru": f"{course.title[1]}: онлайн-курс без отрыва от работы.",
        "hours": HOURS, "form": course.form, "assessment": Programme.Assessment.TEST,
        "languages": ["ky", "ru"], "themes": [course.theme], "status": "approved",
        "approved_at": timezone.now(),
    })  # fmt: skip
    if created:
        counts["programmes"] += 1
        for order, (titles, _lessons) in enumerate(course.modules, start=1):
            Module.objects.create(programme=programme, order=order, title_ky=titles[0],
                                  title_ru=titles[1], hours=HOURS // len(course.modules),
                                  is_online=True)  # fmt: skip
    if not ContentVersion.objects.filter(programme=programme).approved().exists():
        counts["lessons"] += write_content(programme, course)
    session = Session.objects.filter(programme=programme, end_date__gte=today).first()
    if session is None:
        session = open_session(programme, provider, today)
        counts["sessions"] += 1
    return session


def write_content(programme: Programme, course: Course) -> int:
    draft = content.start_draft(actor=SYSTEM, programme=programme)
    modules = list(programme.modules.order_by("order"))
    written = 0
    for module, (titles, lessons) in zip(modules, course.modules, strict=True):
        for title_ky, title_ru in lessons:
            lesson = content.save_lesson(
                actor=SYSTEM, version=draft, module=module, title_ky=title_ky, title_ru=title_ru,
                body_ky=lesson_body(title_ky, titles[0], course.title[0], "ky"),
                body_ru=lesson_body(title_ru, titles[1], course.title[1], "ru"), minutes=20,
            )  # fmt: skip
            written += 1
    title, url, licence = course.oer
    content.add_attachment(actor=SYSTEM, lesson=lesson, kind="oer", title_ky=title,
                           title_ru=title, url=url, licence=licence)  # fmt: skip
    content.submit_version(actor=SYSTEM, version=draft)
    content.approve_version(actor=SYSTEM, version=draft)
    return written


def open_session(programme: Programme, provider: Organization, today: dt.date) -> Session:
    start = today - dt.timedelta(days=30)
    plan, _created = PlanSchedule.objects.get_or_create(
        provider=provider, year=start.year,
        defaults={"status": "approved", "approved_at": timezone.now()},
    )  # fmt: skip
    blended = programme.form == Form.BLENDED
    return Session.objects.create(
        plan=plan, programme=programme, provider=provider, start_date=start,
        end_date=today + dt.timedelta(days=75), form=programme.form,
        unit=provider.unit if blended else None, region=provider.region if blended else None,
        language="ky", budget_places=2000,
    )  # fmt: skip


Learner = tuple[Enrolment, Stage, bool]  # the enrolment, its stage, stuck


def enrol_learners(session: Session, wanted: int, rng: random.Random, counts: dict) -> list:
    """Educators of Kyrgyz-language schools, each at a stage of the course (`demo.stage_of`);
    a third of those reading or in the first module stuck (nothing for two weeks). Blended
    participants have opened the online part."""
    candidates = list(
        Educator.objects.filter(employments__end_date=None,
                                employments__organization__languages__icontains='"ky"')
        .exclude(enrolments__session=session)
        .distinct()
        .values_list("pk", flat=True)[: wanted * 3]
    )  # fmt: skip
    learners: list[Learner] = []
    for educator_id in rng.sample(candidates, min(wanted, len(candidates))):
        educator = Educator.objects.get(pk=educator_id)
        try:
            if session.form == Form.ONLINE:
                enrolment = progress.enrol_online(actor=SYSTEM, session=session,
                                                  educator=educator)  # fmt: skip
            else:
                enrolment = place_in_blended(session, educator)
        except ValidationError:
            continue
        counts["learners"] += 1
        stage = demo.stage_of(len(learners), rng)
        stuck = stage in (Stage.READING, Stage.MODULE) and rng.random() < 1 / 3
        learners.append((enrolment, stage, stuck))
    return learners


def place_in_blended(session: Session, educator: Educator) -> Enrolment:
    """A blended session's participant, as the cabinet, principal and provider would have
    placed them (the demo skips those steps), who has opened the online part."""
    organization = workplace_of(educator)
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        session=session, educator=educator, organization=organization,
        unit=quota_unit(organization), funding=Enrolment.Funding.BUDGET,
        origin=Enrolment.Origin.NOMINATION, state=Enrolment.State.ENROLLED,
        district_confirmed_at=now, release_confirmed_at=now, accepted_at=now,
    )  # fmt: skip
    step(enrolment, actor=SYSTEM, verb="nomination", before="", note="demo")
    progress.start_course(actor=SYSTEM, enrolment=enrolment)
    return enrolment


def follow_the_course(
    programme: Programme, learners: list, rng: random.Random, counts: dict
) -> None:
    """Every learner's way so far, written at once: their tests (a test that must pass and
    failed taken again 20 minutes later), their project, their lessons seen. The lessons come
    last, dated where they belong: seeing the last one completes the course of those who have
    done everything else, so the completion rule is judged once per learner."""
    tests = demo.course_tests(programme)
    lessons = lessons_by_enrolment([enrolment for enrolment, _stage, _stuck in learners])
    studies, first, must_pass = [], [], {}
    for enrolment, stage, stuck in learners:
        way = plan_the_way(enrolment, stage, stuck, lessons.get(enrolment.pk, []), tests, rng)
        studies += way[0]
        for past, must in way[1]:
            first.append(past)
            if must:
                must_pass[enrolment.pk, past.test.pk] = past
    made = assessment.record_attempts(actor=SYSTEM, attempts=first, rng=rng)
    retakes = [
        assessment.PastAttempt(
            enrolment=past.enrolment, test=past.test, respond=demo.answering(1.0, rng),
            started_at=past.started_at + RETAKE_AFTER, minutes=rng.randint(8, 18),
        )
        for attempt in made
        if not attempt.passed and (past := must_pass.get((attempt.enrolment_id, attempt.test_id)))
    ]  # fmt: skip
    made += assessment.record_attempts(actor=SYSTEM, attempts=retakes, rng=rng)
    counts["attempts"] += len(made)
    hand_in_projects(programme, learners, rng, counts)
    progress.record_lessons_seen(actor=SYSTEM, studies=studies)


def lessons_by_enrolment(enrolments: list[Enrolment]) -> dict[int, list[Lesson]]:
    """The lessons of each learner's content version, in order."""
    versions = dict(
        CourseProgress.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "version_id"
        )
    )
    lessons: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(version_id__in=set(versions.values())).in_order():
        lessons.setdefault(lesson.version_id, []).append(lesson)
    return {pk: lessons.get(version, []) for pk, version in versions.items()}


def plan_the_way(
    enrolment: Enrolment, stage: Stage, stuck: bool, lessons: list[Lesson], tests: dict,
    rng: random.Random,
) -> tuple[list, list]:  # fmt: skip
    """A learner's lessons seen and first attempts, in the order they went: the pre-test, per
    module its lessons and then its test, the final and post-tests. ([PastStudy], [(PastAttempt,
    must it pass)])"""
    modules: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        modules.setdefault(lesson.module_id, []).append(lesson)
    seen = lessons[: demo.lessons_to_see(stage, [len(m) for m in modules.values()] or [0], rng)]
    sittings = demo.sittings(stage, tests, rng)
    at = timezone.now() - SPAN - (STUCK_FOR if stuck else dt.timedelta(0))
    studies, attempts = [], []

    def sit(purposes: tuple[str, ...], module_id: int | None = None) -> None:
        nonlocal at
        for sitting in sittings:
            if sitting.test.purpose in purposes and sitting.test.module_id == module_id:
                attempts.append((assessment.PastAttempt(
                    enrolment=enrolment, test=sitting.test, started_at=at,
                    respond=demo.answering(sitting.skill, rng), minutes=rng.randint(8, 18),
                ), sitting.must_pass))  # fmt: skip
                at += SITTING

    sit(("pre",))
    for module_id, module_lessons in modules.items():
        read = [lesson for lesson in module_lessons if lesson in seen]
        if not read:
            break
        minutes = rng.randint(10, 20)
        studies.append(progress.PastStudy(enrolment, read, at, minutes * 60))
        at += dt.timedelta(minutes=minutes * len(read))
        sit(("module",), module_id)
    sit(("final", "post"))
    return studies, attempts


def hand_in_projects(
    programme: Programme, learners: list, rng: random.Random, counts: dict
) -> None:
    """The project of those who got that far; graded, by the rubric, for some: not passing
    yet, or passing (which completes an online course)."""
    project = programme.assignments.prefetch_related("criteria").first()
    if project is None:
        return
    criteria = list(project.criteria.all())
    text = demo.PROJECT_TEXT.format(course=programme.title_ky)
    for enrolment, stage, _stuck in learners:
        if stage < Stage.SUBMITTED:
            continue
        submission = assignments.submit_assignment(
            actor=SYSTEM, enrolment=enrolment, assignment=project, text=text
        )
        counts["submissions"] += 1
        if stage == Stage.SUBMITTED:
            continue
        passing = stage == Stage.COMPLETED
        assignments.grade_submission(
            actor=SYSTEM, submission=submission, comment=demo.GRADE_COMMENTS[passing],
            points=demo.rubric_points(criteria, passing, rng),
        )  # fmt: skip
        counts["graded"] += 1


def enrol_demo_teacher(today: dt.date) -> None:
    """teacher.osh halfway through the assessment course: "continue" waits on their home."""
    assignment = (
        RoleAssignment.objects.filter(user__username="teacher.osh", role=Role.TEACHER)
        .select_related("educator")
        .first()
    )
    session = Session.objects.filter(programme__code="LRN-ASSESS", end_date__gte=today).first()
    if assignment is None or session is None:
        return
    if session.enrolments.filter(educator=assignment.educator).exists():
        return
    try:
        enrolment = progress.enrol_online(actor=SYSTEM, session=session,
                                          educator=assignment.educator)  # fmt: skip
    except ValidationError:
        return
    course = CourseProgress.objects.get(enrolment=enrolment)
    for lesson in list(course.version.lessons.in_order())[:2]:
        progress.mark_lesson_seen(actor=SYSTEM, enrolment=enrolment, lesson=lesson)
