"""`cheber seed_learning [--learners N] [--seed N] [--if-empty]`: the online-learning demo.

Six online and blended programmes with approved content in Kyrgyz and Russian, a question bank
(44 questions), pre-, post- and final tests and a project each, a session of each open now,
and learners at every stage (just enrolled, studying, stuck, completed). All of
it through the actions, as the server (`SYSTEM`); after `seed_demo` (it needs the providers and
educators). The demo teacher `teacher.osh`, when present, is halfway through one course.
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
from cheber.learning.actions import content, progress
from cheber.learning.demo import COURSES, Course, lesson_body, seed_assessment
from cheber.learning.models import ContentVersion, CourseProgress
from cheber.registry.models import Educator, Organization
from cheber.schedule.models import PlanSchedule, Session

HOURS = 72
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
                  "questions": 0, "tests": 0}  # fmt: skip
        for course in COURSES:
            with transaction.atomic():
                session = seed_course(course, today, counts)
                enrol_learners(session, options["learners"], rng, counts)
                # the bank, the pre-, post- and final tests and the project: after the
                # learners, so that those the demo completed by their lessons stay completed
                for name, n in seed_assessment(session.programme, actor=SYSTEM).items():
                    counts[name] += n
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


def enrol_learners(session: Session, wanted: int, rng: random.Random, counts: dict) -> None:
    """Educators of Kyrgyz-language schools; a quarter only enrolled, a third studying, a
    sixth stuck (nothing for two weeks), a quarter completed (online) or done online (blended)."""
    candidates = list(
        Educator.objects.filter(employments__end_date=None,
                                employments__organization__languages__icontains='"ky"')
        .exclude(enrolments__session=session)
        .distinct()
        .values_list("pk", flat=True)[: wanted * 3]
    )  # fmt: skip
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
        study(enrolment, rng.random(), counts)


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


def study(enrolment, stage: float, counts: dict) -> None:
    course = CourseProgress.objects.filter(enrolment=enrolment).first()
    if course is None or stage < 0.25:
        return
    lessons = list(course.version.lessons.in_order())
    seen = len(lessons) if stage >= 0.75 else max(1, int(len(lessons) * (stage - 0.25) * 2))
    for lesson in lessons[:seen]:
        opened = timezone.now() - dt.timedelta(minutes=12 + lesson.pk % 15)
        progress.mark_lesson_seen(actor=SYSTEM, enrolment=enrolment, lesson=lesson,
                                  opened_at=opened)  # fmt: skip
    if 0.5 <= stage < 0.75:  # stuck: the last activity two weeks ago
        CourseProgress.objects.filter(pk=course.pk).update(
            last_activity_at=timezone.now() - dt.timedelta(days=14)
        )
    enrolment.refresh_from_db(fields=["state"])
    counts["completed"] += enrolment.state == Enrolment.State.COMPLETED


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
