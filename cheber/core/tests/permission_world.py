"""Two halves of the country for the permission matrix: side A (Naryn oblast, Kochkor district,
its school, teacher and provider NRN-MC), where every user of the matrix holds their role, and
side B (Talas oblast and district, TLS-MC), where nobody but the national roles may look.

Each kind of object exists once on each side (`objects[name] == (ours, theirs)`); side B's
personal data carries sentinels (`SECRETS`) that must never show to a user without a
national role.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from cheber.accounts.models import User
from cheber.certificates.actions import issue_certificate, set_signer
from cheber.certificates.tests.conftest import complete
from cheber.core.access import Role
from cheber.core.models import Job
from cheber.delivery.models import Enrolment
from cheber.registry.models import AdminUnit, Educator, Organization, TrainingRecord
from cheber.registry.tests.factories import (
    KOCHKOR,
    NARYN_OBLAST,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

TALAS_OBLAST, TALAS_DISTRICT = "41707000000000", "41707232000000"
THEIR_SURNAME, THEIR_PIN = "Жашыруунова", "10101198500999"
SECRETS = (THEIR_SURNAME, THEIR_PIN)
ROLES = ("anonymous", "ministry", "institute", "auditor", "provider", "oblast", "methodist",
         "principal", "teacher", "admin")  # fmt: skip
NATIONAL = ("ministry", "institute", "auditor", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, tuple] = field(default_factory=dict)

    def pk(self, name: str, side: int) -> int:
        return self.objects[name][side].pk


def _side(region: str, district: str, provider_code: str, surname: str, pin: str | None):
    provider = factories.provider(provider_code)
    school = OrganizationFactory(unit=unit(district), name_ky=f"{surname} мектеби")
    extra = {"pin": pin, "birth_date": dt.date(1985, 1, 1)} if pin else {}
    educator = EducatorFactory(surname=surname, **extra)
    job = employ(educator, school)
    today = timezone.localdate()
    upcoming = factories.session(
        provider_org=provider, start=today + dt.timedelta(days=30), unit_soate=district,
        quotas={district: 5},
    )  # fmt: skip
    finished = factories.session(
        provider_org=provider, start=today - dt.timedelta(days=40), unit_soate=district
    )
    enrolment = Enrolment.objects.create(
        session=upcoming, educator=educator, organization=school, unit=school.unit,
        funding=Enrolment.Funding.BUDGET, origin=Enrolment.Origin.APPLICATION,
        state=Enrolment.State.ENROLLED,
    )  # fmt: skip
    completed = complete(finished, educator)
    draft_plan = factories.plan(provider, today.year + 2, status="draft")
    return {
        "region": AdminUnit.objects.get(soate=region), "district": unit(district),
        "provider": provider, "school": school, "educator": educator, "employment": job,
        "session": upcoming, "finished_session": finished, "enrolment": enrolment,
        "completed_enrolment": completed, "quota": upcoming.quotas.get(),
        "programme": factories.programme(provider, status="draft"), "plan": draft_plan,
    }  # fmt: skip


def _users(a: dict) -> dict[str, User | None]:
    admin = User.objects.create_superuser("admin", "admin@example.kg", "pw-admin")
    return {
        "anonymous": None,
        "ministry": user_with_role("ministry", Role.MINISTRY),
        "institute": user_with_role("institute", Role.NATIONAL_INSTITUTE),
        "auditor": user_with_role("auditor", Role.AUDITOR),
        "provider": user_with_role("provider", Role.PROVIDER_STAFF, organization=a["provider"]),
        "oblast": user_with_role("oblast", Role.OBLAST_COORDINATOR, unit=unit(NARYN_OBLAST)),
        "methodist": user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)),
        "principal": user_with_role("principal", Role.PRINCIPAL, organization=a["school"]),
        "teacher": user_with_role("teacher", Role.TEACHER, educator=a["educator"]),
        "admin": admin,
    }


def _declared_training(side: dict, declared_by: User | None) -> TrainingRecord:
    """A training the side's educator declared themself, naming the side's provider, with
    its scan: waiting for the district cabinet's (or the provider's) verification."""
    ended = timezone.localdate() - dt.timedelta(days=110)
    training = TrainingRecord(
        educator=side["educator"], provider=side["provider"], title="Өз алдынча курс",
        hours=72, start_date=ended - dt.timedelta(days=10), end_date=ended,
        form="stationary", source="external", verification="pending", recorded_by=declared_by,
    )  # fmt: skip
    training.document.save("scan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    training.save()
    return training


def _recorded_training(side: dict) -> TrainingRecord:
    """A training a keeper entered from outside for the side's educator: one a keeper may
    correct."""
    return TrainingRecord.objects.create(
        educator=side["educator"], provider_name="Сорос-Кыргызстан", title="Сырттан курс",
        hours=72, start_date=dt.date(2024, 2, 1), end_date=dt.date(2024, 2, 10),
        form="stationary", source="external",
    )  # fmt: skip


def _certificate(side: dict, signer) -> object:
    set_signer(actor=signer, provider=side["provider"], name="Асанов Бакыт", position="Директор")
    return issue_certificate(actor=signer, enrolment=side["completed_enrolment"])


def _job(user: User, name: str) -> Job:
    job = Job.objects.create(kind="session_zip", created_by=user, status=Job.Status.DONE,
                             total=1, done=1, finished_at=timezone.now())  # fmt: skip
    job.result.save(f"{name}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return job


def _planner(world: World, *sides: dict) -> None:
    """One national plan run (the same object on both sides) placing each side's educator."""
    from cheber.planner.models import Placement, PlanRun

    year = sides[0]["session"].plan.year
    run = PlanRun.objects.create(year=year, created_by=world.users["institute"])
    world.objects["run"] = (run, run)
    world.objects["placement"] = tuple(
        Placement.objects.create(
            run=run,
            educator=side["educator"],
            session=side["session"],
            organization=side["school"],
            unit=side["district"],
            language="ky",
            status="overdue",
            priority=1,
            travel_km=10,
        )  # fmt: skip
        for side in sides
    )


def _import_job(user: User) -> Job:
    from cheber.imports import jobs

    return Job.objects.create(kind=jobs.CHECK, created_by=user, status=Job.Status.DONE,
                              params={"upload": "missing", "filename": "staff.xlsx", "mapping": {}},
                              finished_at=timezone.now())  # fmt: skip


def _learning(side: dict) -> dict:
    """An online programme with approved content (one lesson, one PDF), its online session,
    and the side's educator studying it."""
    from cheber.catalog.models import Form, Module
    from cheber.learning.models import Attachment, ContentVersion, CourseProgress, Lesson

    programme = factories.programme(side["provider"], form=Form.ONLINE)
    module = Module.objects.create(programme=programme, order=1, title_ky="Модуль",
                                   title_ru="Модуль", hours=72)  # fmt: skip
    version = ContentVersion.objects.create(programme=programme, number=1, status="approved",
                                            approved_at=timezone.now())  # fmt: skip
    lesson = Lesson.objects.create(version=version, module=module, key="k1", title_ky="Сабак",
                                   html_ky="<p>Сабак</p>")  # fmt: skip
    material = Attachment(lesson=lesson, kind="file", title_ky="PDF",
                          content_type="application/pdf", size=8)  # fmt: skip
    material.file.save("lesson.pdf", ContentFile(b"%PDF-1.4"))
    session = factories.session(provider_org=side["provider"], programme=programme,
                                start=timezone.localdate(), days=60, unit_soate=None,
                                form=Form.ONLINE)  # fmt: skip
    study = Enrolment.objects.create(
        session=session, educator=side["educator"], organization=side["school"],
        unit=side["school"].unit, funding=Enrolment.Funding.BUDGET,
        origin=Enrolment.Origin.APPLICATION, state=Enrolment.State.ENROLLED,
        accepted_at=timezone.now(),
    )  # fmt: skip
    CourseProgress.objects.create(enrolment=study, version=version,
                                  last_activity_at=timezone.now())  # fmt: skip
    return {"online_programme": programme, "content_version": version, "lesson": lesson,
            "material": material, "online_session": session, "study": study}  # fmt: skip


def build_world() -> World:
    a = _side(NARYN_OBLAST, KOCHKOR, "NRN-MC", "Асанова", None)
    b = _side(TALAS_OBLAST, TALAS_DISTRICT, "TLS-MC", THEIR_SURNAME, THEIR_PIN)
    a |= _learning(a)
    b |= _learning(b)
    world = World(users=_users(a))
    for name in a:
        world.objects[name] = (a[name], b[name])
    their_staff = user_with_role("their.provider", Role.PROVIDER_STAFF, organization=b["provider"])
    world.objects["certificate"] = (
        _certificate(a, world.users["provider"]),
        _certificate(b, their_staff),
    )
    world.objects["job"] = (_job(world.users["provider"], "ours"), _job(their_staff, "theirs"))
    world.objects["declared_training"] = (
        _declared_training(a, world.users["teacher"]),
        _declared_training(b, None),
    )
    world.objects["recorded_training"] = (_recorded_training(a), _recorded_training(b))
    from cheber.compliance.models import Policy

    policy = Policy.objects.order_by("-effective_from").first()
    world.objects["policy"] = (policy, policy)
    _planner(world, a, b)
    their_methodist = user_with_role("their.methodist", Role.DISTRICT_METHODIST,
                                     unit=b["district"])  # fmt: skip
    world.objects["import_job"] = (
        _import_job(world.users["methodist"]),
        _import_job(their_methodist),
    )
    from cheber.learning.tests.assessment_world import add_assessment

    add_assessment(world, a, b)
    assert Educator.objects.filter(surname=THEIR_SURNAME).count() == 1
    assert Organization.objects.filter(pk=b["school"].pk).exists()
    return world
