"""One demo log-in per role, each with a real scope in the demo data.

Idempotent and cheap: users are read in one query, the shared password is hashed once and
only when a user has to be created (an existing user's password is left alone).
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from cheber.accounts.models import RoleAssignment, User
from cheber.core.access import Role
from cheber.registry.models import AdminUnit, Educator, Employment, Organization

DEMO_PASSWORD = "cheber-demo"
OSH_CITY = "41721000000000"
NARYN_OBLAST = "41704000000000"
KOCHKOR = "41704235000000"
OSH_PROVIDER = "OSH-IE"


class DemoNotLoaded(Exception):
    """The demo data (or the reference data) is not in the database."""


class DemoLogin(NamedTuple):
    username: str
    password: str
    role: str
    scope: str


@dataclass(frozen=True)
class Account:
    username: str
    first_name: str
    last_name: str
    role: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


NATIONAL_ACCOUNTS = (
    Account("ministry", "Гүлнара", "Асанова", Role.MINISTRY, is_staff=True),
    Account("institute", "Бакыт", "Токтосунов", Role.NATIONAL_INSTITUTE),
    Account("auditor", "Елена", "Смирнова", Role.AUDITOR),
)
PROVIDER_ACCOUNT = Account("provider.osh", "Дилфуза", "Юсупова", Role.PROVIDER_STAFF)
OBLAST_ACCOUNT = Account("oblast.naryn", "Жыргалбек", "Сатыбалдиев", Role.OBLAST_COORDINATOR)
METHODIST_ACCOUNT = Account("methodist.kochkor", "Айнура", "Түгөлбаева", Role.DISTRICT_METHODIST)
ADMIN_ACCOUNT = Account("admin", "", "", is_staff=True, is_superuser=True)


@dataclass(frozen=True)
class OshSchool:
    school: Organization
    principal: Educator
    teacher: Educator


def find_osh_school() -> OshSchool:
    """The first Osh-city school (by code) with a principal and a trained teacher."""
    schools = Organization.objects.filter(type=Organization.Type.SCHOOL, unit__soate=OSH_CITY)
    for school in schools.order_by("code")[:20]:
        jobs = Employment.objects.active().filter(organization=school).select_related("educator")
        principal = jobs.filter(position__code="principal").order_by("educator__pin").first()
        teachers = jobs.filter(position__code="teacher").order_by("educator__pin")
        # preferably one who completed a course of the Osh institute in Cheber lately, so that
        # "my courses" shows a completed session linked to their history
        recent = teachers.filter(
            educator__training_records__source="cheber",
            educator__training_records__provider__code=OSH_PROVIDER,
            educator__training_records__end_date__year__gte=timezone.localdate().year - 2,
        )
        teacher = (
            recent.first() or teachers.filter(educator__training_records__isnull=False).first()
        )
        teacher = teacher or teachers.first()
        if principal and teacher:
            return OshSchool(school, principal.educator, teacher.educator)
    raise DemoNotLoaded("no school with staff in Osh city")


def _scoped_accounts(osh: OshSchool) -> list[tuple[Account, dict]]:
    try:
        provider = Organization.objects.get(code=OSH_PROVIDER)
        naryn = AdminUnit.objects.get(soate=NARYN_OBLAST)
        kochkor = AdminUnit.objects.get(soate=KOCHKOR)
    except (Organization.DoesNotExist, AdminUnit.DoesNotExist):
        raise DemoNotLoaded("no reference data") from None
    principal, teacher = osh.principal, osh.teacher
    return [
        *((account, {}) for account in NATIONAL_ACCOUNTS),
        (PROVIDER_ACCOUNT, {"organization": provider}),
        (OBLAST_ACCOUNT, {"unit": naryn}),
        (METHODIST_ACCOUNT, {"unit": kochkor}),
        (
            Account("principal.osh", principal.first_name, principal.surname, Role.PRINCIPAL),
            {"organization": osh.school},
        ),
        (
            Account("teacher.osh", teacher.first_name, teacher.surname, Role.TEACHER),
            {"educator": teacher},
        ),
    ]


def ensure_demo_users() -> list[DemoLogin]:
    """Create or refresh the demo users and their role assignments; DemoNotLoaded if the
    demo data is missing."""
    if not Educator.objects.exists():
        raise DemoNotLoaded("no educators")
    accounts = _scoped_accounts(find_osh_school())
    with transaction.atomic():
        users = _ensure_users([account for account, _ in accounts] + [ADMIN_ACCOUNT])
        for account, scope in accounts:
            _ensure_assignment(users[account.username], account.role, scope)
    with translation.override("en"):
        logins = [
            DemoLogin(a.username, DEMO_PASSWORD, str(Role(a.role).label), _describe(s))
            for a, s in accounts
        ]
    return logins + [DemoLogin("admin", DEMO_PASSWORD, "superuser (Django admin)", "everything")]


def _ensure_users(accounts: list[Account]) -> dict[str, User]:
    existing = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in accounts])
    }
    password_hash = None
    for account in accounts:
        fields = {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": account.is_staff,
            "is_superuser": account.is_superuser,
        }
        user = existing.get(account.username)
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(username=account.username, password=password_hash, **fields)
            existing[account.username] = user
        elif any(getattr(user, name) != value for name, value in fields.items()):
            User.objects.filter(pk=user.pk).update(**fields)
    return existing


def _ensure_assignment(user: User, role: str, scope: dict) -> None:
    """Exactly one role assignment: this role over this scope."""
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
    user.role_assignments.exclude(pk=assignment.pk).delete()


def _describe(scope: dict) -> str:
    if unit := scope.get("unit"):
        return unit.name_en
    if educator := scope.get("educator"):
        return f"self: {educator.full_name}, PIN {educator.pin}"
    if organization := scope.get("organization"):
        return f"{organization.name_en} ({organization.code})"
    return "the whole country"


def format_logins(logins: list[DemoLogin]) -> str:
    """The table `make run` prints. National roles and administrators must add an authenticator
    app (cheber.accounts.security): the first log-in shows its QR code."""
    rows = [
        ("username", "password", "second factor", "role", "scope"),
        *(
            (login.username, login.password, _second_factor(login), login.role, login.scope)
            for login in logins
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  "
        + "  ".join(f"{cell:<{width}}" for cell, width in zip(row[:4], widths, strict=True))
        + f"  {row[4]}"
        for row in rows
    )


SECOND_FACTOR_USERS = {a.username for a in (*NATIONAL_ACCOUNTS, ADMIN_ACCOUNT)}


def _second_factor(login: DemoLogin) -> str:
    return "app, QR at 1st log-in" if login.username in SECOND_FACTOR_USERS else "-"
