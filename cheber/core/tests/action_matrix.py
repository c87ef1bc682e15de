"""Who may call each action: one entry per public function of every `cheber/*/actions.py` (and
of the modules of an `actions/` package); a new action without an entry fails the action
matrix test. The roles are those of `permission_world.ROLES`.

An entry says which roles may call the action with objects of their own side of the world
(`who`), which of them also with objects of the other side (`everywhere`: by default the
national roles among `who`; `sided=False` when the action names no object of a side), and how
its keyword arguments (all but `actor`) are built from the world for a side (`kwargs`). Every
other role is refused with `PermissionDenied` and nothing is written; outside their side, a
role of `who` that is not `everywhere` gets `out_of_scope` (a `PermissionDenied`, or the
`ValidationError` an action keeps for a person it does not reach).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cheber.core.tests.permission_world import NATIONAL, ROLES, World

LOGGED_IN = frozenset(ROLES) - {"anonymous"}
EDITORS = frozenset({"institute", "oblast", "methodist", "principal", "admin"})  # the registry
RUNNERS = frozenset({"institute", "provider", "admin"})  # programmes, plans, sessions
INSTITUTE = frozenset({"institute", "admin"})
SESSION_STAFF = frozenset({"provider", "admin"})  # who runs a session: its provider's staff
ISSUERS = frozenset({"provider", "institute", "admin"})
LEARNER = frozenset({"teacher"})  # an online course: only the learner studies
VERIFIERS = frozenset({"methodist", "provider", "admin"})  # of self-declared training


@dataclass(frozen=True)
class Entry:
    who: frozenset[str]
    kwargs: Callable[[World, int], dict[str, Any]]
    everywhere: frozenset[str] | None = None
    sided: bool = True
    out_of_scope: type[Exception] = PermissionDenied
    checked_for: str | None = None  # an argument prepared for the caller (its `.actor`)
    owned_by: str | None = None  # an argument the caller made (its `.created_by`): a job

    @property
    def anywhere(self) -> frozenset[str]:
        return self.who & frozenset(NATIONAL) if self.everywhere is None else self.everywhere


def fresh(world: World, name: str, side: int):
    """The world's object as the database holds it now (an action may change the one it got)."""
    obj = world.objects[name][side]
    return type(obj).objects.get(pk=obj.pk)


def _today() -> dt.date:
    return timezone.localdate()


# Arguments, built fresh for each call -------------------------------------------------------


def _new_educator(w: World, s: int) -> dict:
    from cheber.registry.models import Position
    from cheber.registry.tests.factories import EducatorFactory

    return {
        "educator": EducatorFactory.build(), "specializations": [],
        "organization": fresh(w, "school", s),
        "position": Position.objects.get(code="teacher"), "specialization": None,
        "start_date": _today(),
    }  # fmt: skip


def _job(w: World, s: int) -> dict:
    from cheber.registry.models import Position

    return {
        "educator": fresh(w, "educator", s), "organization": fresh(w, "school", s),
        "position": Position.objects.get(code="teacher"), "specialization": None,
        "start_date": _today(),
    }  # fmt: skip


def _training(w: World, s: int) -> dict:
    from cheber.registry.models import TrainingRecord

    return {"training": TrainingRecord(
        educator=fresh(w, "educator", s), provider_name="Сорос-Кыргызстан", title="Семинар",
        hours=18, start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 3, 3), form="stationary",
    )}  # fmt: skip


def _corrected_training(w: World, s: int) -> dict:
    training = fresh(w, "recorded_training", s)
    training.hours = 36
    return {"training": training}


def _new_programme(w: World, s: int) -> dict:
    from cheber.catalog.models import Programme

    old = fresh(w, "programme", s)
    fields = {f.attname: getattr(old, f.attname) for f in Programme._meta.concrete_fields
              if f.attname not in ("id", "status", "approved_by_id", "approved_at")}  # fmt: skip
    return {"programme": Programme(**{**fields, "code": f"{old.code}-NEW"})}


def _new_session(w: World, s: int) -> dict:
    from cheber.schedule.models import Session

    old = fresh(w, "session", s)
    fields = {f.attname: getattr(old, f.attname) for f in Session._meta.concrete_fields
              if f.attname != "id"}  # fmt: skip
    session = Session(**fields)
    session.plan = fresh(w, "plan", s)
    return {"session": session}


def _module(w: World, s: int) -> dict:
    from cheber.catalog.models import Module

    enrolment = fresh(w, "enrolment", s)
    module = Module.objects.filter(programme_id=enrolment.session.programme_id).first()
    module = module or Module.objects.create(
        programme_id=enrolment.session.programme_id, order=1, title_ky="Модуль",
        title_ru="Модуль", hours=72,
    )  # fmt: skip
    return {"enrolment": enrolment, "module": module, "completed_on": _today()}


def _external(w: World, s: int) -> dict:
    from cheber.registry.tests.factories import scan

    return {
        "educator": fresh(w, "educator", s), "number": "EXT-1", "title": "Семинар",
        "provider_name": "Сорос-Кыргызстан", "hours": 18, "start_date": dt.date(2025, 3, 1),
        "end_date": dt.date(2025, 3, 3), "form": "stationary", "kind": "seminar",
        "issue_date": dt.date(2025, 3, 3), "document": scan(),
    }  # fmt: skip


def _policy_fields() -> dict:
    return {
        "name_ky": "Жыл сайын 36 саат", "name_ru": "Ежегодно 36 часов",
        "name_en": "36 hours a year", "effective_from": _today() + dt.timedelta(days=400),
        "mode": "hours", "period_months": 12, "required_hours": 36,
        "counted_kinds": ["qualification"], "grace_months": 12,
    }  # fmt: skip


def _import_plan(w: World, s: int) -> dict:
    """An empty checked plan; the action sets who it was checked for (the caller)."""
    from cheber.imports.plan import Plan

    return {"plan": Plan(filename="staff.xlsx", actor=None), "reference": "staff.xlsx"}


def _invitation(w: World, s: int) -> dict:
    """A teacher's account for a new colleague at the side's school, who has none yet (the
    side's educator has one: a second is refused); every manager but provider staff gives it."""
    from cheber.accounts.models import RoleAssignment
    from cheber.core.access import Role
    from cheber.registry.tests.factories import EducatorFactory, employ

    colleague = EducatorFactory(surname="Осмонова")
    employ(colleague, fresh(w, "school", s))
    return {
        "username": f"invited.{s}", "email": f"invited.{s}@example.kg", "first_name": "Айгүл",
        "last_name": "Осмонова",
        "assignment": RoleAssignment(role=Role.TEACHER, educator=colleague),
    }  # fmt: skip


def _upload(w: World, s: int) -> dict:
    return {"upload": "imports/uploads/staff.xlsx", "filename": "staff.xlsx"}


def _checked_file(w: World, s: int) -> dict:
    """A finished check of a file, by the administrator; a logged-in caller is made its author
    (`owned_by`)."""
    from cheber.core.models import Job
    from cheber.imports.jobs import CHECK

    params = {"upload": "imports/uploads/staff.xlsx", "filename": "staff.xlsx", "mapping": {}}
    check = Job.objects.create(kind=CHECK, params=params, status=Job.Status.DONE,
                               created_by=w.users["admin"])  # fmt: skip
    return {"check": check}


def _lesson_fields(w: World, s: int) -> dict:
    lesson = fresh(w, "lesson", s)
    return {"version": lesson.version, "module": lesson.module, "title_ky": "Сабак"}


def _question(n: int):
    from cheber.learning.tests.assessment_fixtures import single

    return single(n)


def _grading(w: World, s: int) -> dict:
    submission = fresh(w, "submission", s)
    points = {c.pk: c.max_points for c in submission.assignment.criteria.all()}
    return {"submission": submission, "points": points, "comment": "Жакшы."}


def _answers(w: World, s: int) -> dict:
    from cheber.learning.actions.assessment import Answer

    return {"attempt": fresh(w, "attempt", s),
            "answers": [Answer(slot=1, response={"choice": 0}, sequence=0)]}  # fmt: skip


def _past_attempts(w: World, s: int) -> dict:
    """An attempt of the studying educator at a final test of their online course, made within
    the last hour of today (the session started today)."""
    from random import Random

    from cheber.learning.actions.assessment import PastAttempt
    from cheber.learning.models import Test

    study = fresh(w, "study", s)
    test, _new = Test.objects.get_or_create(
        programme_id=study.session.programme_id, purpose="final",
        defaults={"title": "Тест", "is_open": True},
    )  # fmt: skip
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    past = PastAttempt(enrolment=study, test=test, minutes=0,
                       started_at=max(midnight, now - dt.timedelta(hours=1)),
                       respond=lambda question, state: None)  # fmt: skip
    return {"attempts": [past], "rng": Random(1)}


def _past_study(w: World, s: int) -> dict:
    from cheber.learning.actions.progress import PastStudy

    study = PastStudy(enrolment=fresh(w, "study", s), lessons=[fresh(w, "lesson", s)],
                      seen_at=timezone.now() - dt.timedelta(hours=1))  # fmt: skip
    return {"studies": [study]}


def _one(obj: str, as_: str | None = None) -> Callable[[World, int], dict]:
    return lambda w, s: {as_ or obj: fresh(w, obj, s)}


def _with(obj: str, /, **extra) -> Callable[[World, int], dict]:
    return lambda w, s: {obj: fresh(w, obj, s), **extra}


MATRIX: dict[str, Entry] = {
    # users
    "users.invite_user": Entry(
        frozenset({"institute", "oblast", "methodist", "principal", "admin"}),
        _invitation,
        out_of_scope=ValidationError,  # "You may not give this role for this place."
    ),
    # registry
    "registry.register_educator": Entry(EDITORS, _new_educator),
    "registry.update_educator": Entry(EDITORS, _with("educator", specializations=[], changed=[])),
    "registry.employ_educator": Entry(EDITORS, _job),
    "registry.end_employment": Entry(EDITORS, _with("employment", end_date=dt.date(2026, 12, 31))),
    "registry.record_training": Entry(EDITORS, _training),
    "registry.correct_training": Entry(EDITORS, _corrected_training),
    "registry.start_educator_export": Entry(
        LOGGED_IN,
        lambda w, s: {"filters": {"q": "", "organization": ""}, "language": "en"},
        sided=False,
    ),
    # (the declaration's district methodist, or staff of the provider it names)
    "registry.verify_training": Entry(VERIFIERS, _one("declared_training", "training")),
    "registry.reject_training": Entry(
        VERIFIERS,
        lambda w, s: {"training": fresh(w, "declared_training", s), "reason": "Документ окулбайт."},
    ),
    # catalogue
    "catalog.propose_programme": Entry(RUNNERS, _new_programme),
    "catalog.update_programme": Entry(RUNNERS, _with("programme", changed=[])),
    "catalog.approve_programme": Entry(INSTITUTE, _one("programme")),
    "catalog.archive_programme": Entry(RUNNERS, _one("programme")),
    # plan-schedule
    "schedule.open_plan_schedule": Entry(
        RUNNERS, lambda w, s: {"provider": fresh(w, "provider", s), "year": _today().year + 3}
    ),
    "schedule.add_session": Entry(RUNNERS, _new_session),
    "schedule.update_session": Entry(RUNNERS, _with("session", changed=())),
    "schedule.set_quotas": Entry(
        RUNNERS,
        lambda w, s: {
            "session": fresh(w, "session", s),
            "quotas": {fresh(w, "district", s): 3},
        },  # fmt: skip
    ),
    "schedule.submit_plan_schedule": Entry(RUNNERS, _one("plan")),
    "schedule.approve_plan_schedule": Entry(INSTITUTE, _one("plan")),
    "schedule.return_plan_schedule": Entry(INSTITUTE, _with("plan", note="Толуктагыла.")),
    # delivery: getting a place
    "delivery.nominate_educator": Entry(
        frozenset({"institute", "methodist", "admin"}),
        lambda w, s: {"session": fresh(w, "session", s), "educator": fresh(w, "educator", s)},
        out_of_scope=ValidationError,  # "The educator does not work in your district."
    ),
    "delivery.apply_for_place": Entry(
        frozenset({"teacher"}),
        lambda w, s: {
            "session": fresh(w, "session", s),
            "educator": fresh(w, "educator", s),
            "funding": "budget",
        },  # fmt: skip
    ),
    "delivery.confirm_nomination": Entry(frozenset({"methodist", "admin"}), _one("enrolment")),
    "delivery.record_payment": Entry(SESSION_STAFF, _with("enrolment", reference="П-17")),
    "delivery.confirm_release": Entry(frozenset({"principal", "admin"}), _one("enrolment")),
    "delivery.accept_enrolment": Entry(SESSION_STAFF, _one("enrolment")),
    "delivery.withdraw_enrolment": Entry(
        frozenset({"teacher", "methodist", "principal", "provider", "admin"}), _one("enrolment")
    ),
    "delivery.reject_enrolment": Entry(
        frozenset({"methodist", "principal", "provider", "admin"}),
        _with("enrolment", reason="Орун жок."),
    ),
    "delivery.promote_waitlist": Entry(SESSION_STAFF, _one("session")),
    "delivery.release_quota": Entry(frozenset({"methodist", "admin"}), _one("quota")),
    "delivery.mark_notifications_read": Entry(LOGGED_IN, lambda w, s: {}, sided=False),
    # delivery: running a session
    "delivery.record_attendance": Entry(SESSION_STAFF, _with("session", marks={})),
    "delivery.record_module_progress": Entry(SESSION_STAFF, _module),
    "delivery.record_result": Entry(SESSION_STAFF, _with("enrolment", passed=True, score=90)),
    "delivery.complete_session": Entry(SESSION_STAFF, _one("finished_session", "session")),
    "delivery.complete_enrolment": Entry(SESSION_STAFF, _one("study", "enrolment")),
    "delivery.send_reminders": Entry(
        frozenset({"admin"}), lambda w, s: {"today": _today()}, sided=False
    ),
    # learning: course content (its provider writes it, the institute approves it)
    "learning.start_draft": Entry(SESSION_STAFF, _one("online_programme", "programme")),
    "learning.save_lesson": Entry(SESSION_STAFF, _lesson_fields),
    "learning.add_attachment": Entry(
        SESSION_STAFF,
        _with("lesson", kind="oer", title_ky="OER", url="https://oer.kg/1", licence="CC BY"),
    ),
    "learning.submit_version": Entry(SESSION_STAFF, _one("content_version", "version")),
    "learning.approve_version": Entry(INSTITUTE, _one("content_version", "version")),
    "learning.approve_programme_and_content": Entry(INSTITUTE, _one("content_version", "version")),
    "learning.return_version": Entry(
        INSTITUTE, lambda w, s: {"version": fresh(w, "content_version", s), "note": "Толуктаңыз"}
    ),
    "learning.delete_lesson": Entry(SESSION_STAFF, _one("lesson")),
    "learning.move_lesson": Entry(SESSION_STAFF, _with("lesson", up=True)),
    "learning.remove_attachment": Entry(SESSION_STAFF, _one("material", "attachment")),
    # learning: studying (the learner themself), the provider's reminder and blended completion
    "learning.enrol_online": Entry(
        LEARNER,
        lambda w, s: {
            "session": fresh(w, "online_session", s),
            "educator": fresh(w, "educator", s),
        },
    ),
    "learning.start_course": Entry(LEARNER, _one("study", "enrolment")),
    "learning.mark_lesson_seen": Entry(
        LEARNER, lambda w, s: {"enrolment": fresh(w, "study", s), "lesson": fresh(w, "lesson", s)}
    ),
    "learning.remind_learner": Entry(SESSION_STAFF, _one("study", "enrolment")),
    "learning.set_online_terms": Entry(
        SESSION_STAFF,
        lambda w, s: {
            "session": fresh(w, "online_session", s),
            "enrol_from": _today(),
            "enrol_until": _today(),
            "learners_per_trainer": 40,
        },
    ),  # fmt: skip
    "learning.complete_blended_session": Entry(SESSION_STAFF, _one("online_session", "session")),
    # learning: the question bank, tests and assignments (the programme's provider, the
    # institute); the learner takes the tests and hands in work; the bank's writers grade it
    "learning.add_question": Entry(
        RUNNERS, lambda w, s: {"programme": fresh(w, "programme", s), "question": _question(20)}
    ),
    "learning.edit_question": Entry(
        RUNNERS,
        lambda w, s: {
            "question": fresh(w, "question", s),
            "body": _question(21),
            "category": "Негиздер",
            "status": "ready",
        },  # fmt: skip
    ),
    "learning.import_questions": Entry(
        RUNNERS, _with("programme", text="::С1:: Суроо? {=Ооба ~Жок}\n", category="Импорт")
    ),
    "learning.save_test": Entry(
        RUNNERS,
        _with(
            "programme",
            draws=[("Негиздер", 1)],
            values={"purpose": "pre", "title": "Алдын ала тест", "is_open": False},
        ),
    ),  # fmt: skip
    "learning.save_assignment": Entry(
        RUNNERS,
        _with(
            "programme",
            criteria=[("Мазмуну", 5)],
            values={"kind": "project", "title": "Долбоор 2", "passing_points": 3},
        ),
    ),  # fmt: skip
    "learning.start_attempt": Entry(
        LEARNER, lambda w, s: {"enrolment": fresh(w, "enrolment", s), "test": fresh(w, "test", s)}
    ),
    "learning.save_answers": Entry(LEARNER, _answers),
    "learning.submit_attempt": Entry(LEARNER, lambda w, s: {**_answers(w, s), "token": uuid4()}),
    "learning.submit_assignment": Entry(
        LEARNER,
        lambda w, s: {
            "enrolment": fresh(w, "enrolment", s),
            "assignment": fresh(w, "assignment", s),
            "text": "Менин долбоорум",
        },  # fmt: skip
    ),
    "learning.grade_submission": Entry(RUNNERS, _grading),
    "learning.close_overdue_attempts": Entry(frozenset({"admin"}), lambda w, s: {}, sided=False),
    "learning.remind_stuck_learners": Entry(frozenset({"admin"}), lambda w, s: {}, sided=False),
    # (the server only: the demo's learners, written in bulk)
    "learning.record_attempts": Entry(frozenset(), _past_attempts),
    "learning.record_lessons_seen": Entry(frozenset(), _past_study),
    # certificates
    "certificates.issue_certificate": Entry(ISSUERS, _one("completed_enrolment", "enrolment")),
    "certificates.issue_session_certificates": Entry(ISSUERS, _one("finished_session", "session")),
    "certificates.issue_dated": Entry(ISSUERS, _with("provider", dated=[])),
    "certificates.revoke_certificate": Entry(ISSUERS, _with("certificate", reason="Ката.")),
    "certificates.reissue_certificate": Entry(
        ISSUERS, _with("certificate", reason="Аты-жөнү ката.", full_name="Асанова Айгүл")
    ),
    # (whoever sees the educator: the provider sees its participants, the teacher themself)
    "certificates.record_external_certificate": Entry(LOGGED_IN, _external),
    "certificates.set_signer": Entry(
        ISSUERS, _with("provider", name="Асанов Бакыт", position="Директор")
    ),
    "certificates.rotate_signing_key": Entry(ISSUERS, _one("provider")),
    # the server's operator alone, after changing the key-encryption key (SYSTEM_CALLS)
    "certificates.reencrypt_signing_keys": Entry(frozenset(), lambda w, s: {}, sided=False),
    "certificates.start_session_zip": Entry(ISSUERS, _one("finished_session", "session")),
    # compliance
    "compliance.start_status_list_export": Entry(
        LOGGED_IN - {"teacher"},  # whoever has a dashboard
        lambda w, s: {"filters": {"status": "overdue"}, "language": "en", "today": _today()},
        sided=False,
    ),
    "compliance.create_policy": Entry(INSTITUTE, lambda w, s: _policy_fields(), sided=False),
    "compliance.update_policy": Entry(INSTITUTE, _with("policy", grace_months=6), sided=False),
    "compliance.record_leave": Entry(
        LOGGED_IN - {"provider", "teacher"},
        lambda w, s: {
            "educator": fresh(w, "educator", s),
            "kind": "maternity",
            "start_date": _today(),
            "end_date": _today() + dt.timedelta(days=90),
        },
    ),  # fmt: skip
    # planner
    "planner.build_plan": Entry(INSTITUTE, lambda w, s: {"year": _today().year}, sided=False),
    "planner.move_placement": Entry(INSTITUTE, _with("placement", session=None)),
    "planner.start_nominations": Entry(INSTITUTE, _one("run"), sided=False),
    "planner.nominate_plan": Entry(INSTITUTE, _one("run"), sided=False),
    # imports
    "imports.import_registry": Entry(EDITORS, _import_plan, sided=False, checked_for="plan"),
    "imports.start_registry_export": Entry(
        frozenset({"oblast", "methodist", "admin"}),
        lambda w, s: {"unit": fresh(w, "district", s), "language": "en"},
    ),
    "imports.start_check": Entry(EDITORS, _upload, sided=False),
    "imports.start_import": Entry(EDITORS, _checked_file, sided=False, owned_by="check"),
    # api: one's own tokens; the institute's for organizations' machine accounts
    "api.create_token": Entry(LOGGED_IN, lambda w, s: {"name": "Система"}, sided=False),
    "api.create_machine_token": Entry(
        INSTITUTE,
        lambda w, s: {"organization": fresh(w, "school", s), "name": "Система"},
        sided=False,
    ),  # fmt: skip
    "api.revoke_token": Entry(
        frozenset({"methodist"}), lambda w, s: {"token": _api_token(w)}, sided=False
    ),  # fmt: skip
}


def _api_token(world: World):
    """A personal token of the methodist (only its owner revokes it)."""
    from cheber.api.models import Token

    return Token.objects.create(user=world.users["methodist"], name="Система",
                                key=uuid4().hex[:16], digest="0" * 64, pepper_id=1)  # fmt: skip
