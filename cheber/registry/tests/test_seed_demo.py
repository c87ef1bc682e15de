import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from cheber.accounts.models import Role, RoleAssignment, User
from cheber.core.text import is_cyrillic_name
from cheber.registry.demo.names import all_name_parts
from cheber.registry.demo.users import DEMO_PASSWORD, ensure_demo_users
from cheber.registry.models import Educator, Employment, Organization, TrainingRecord
from cheber.registry.pin import parse_pin
from cheber.registry.stats import trained_share

TODAY = dt.date(2026, 9, 1)
KOCHKOR = "41704235000000"
NARYN_OBLAST = "41704000000000"
OSH_CITY = "41721000000000"
DEMO_TYPES = ("school", "preschool", "college", "university")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(seed: int = 1, *extra: str) -> str:
    out = StringIO()
    call_command(
        "seed_demo",
        "--scale",
        "small",
        "--seed",
        str(seed),
        "--today",
        str(TODAY),
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def demo(reference):
    seed(1)


def fingerprint() -> dict[str, list]:
    """Everything the demo wrote, by natural keys (PINs, codes), never by database ids."""
    return {
        "organizations": list(
            Organization.objects.filter(type__in=DEMO_TYPES)
            .order_by("code")
            .values_list(
                "code",
                "type",
                "name_ky",
                "name_ru",
                "name_en",
                "languages",
                "locality",
                "unit__soate",
            )
        ),
        "educators": list(
            Educator.objects.order_by("pin").values_list(
                "pin",
                "surname",
                "first_name",
                "patronymic",
                "sex",
                "birth_date",
                "education_level",
                "has_pedagogical_education",
                "category",
                "phone",
                "email",
            )
        ),
        "specializations": list(
            Educator.specializations.through.objects.order_by(
                "educator__pin", "specialization__code"
            ).values_list("educator__pin", "specialization__code")
        ),
        "employments": list(
            Employment.objects.order_by(
                "educator__pin", "organization__code", "start_date"
            ).values_list(
                "educator__pin",
                "organization__code",
                "position__code",
                "specialization__code",
                "start_date",
                "end_date",
                "workload",
            )
        ),
        "training": list(
            TrainingRecord.objects.order_by("educator__pin", "end_date", "title").values_list(
                "educator__pin",
                "title",
                "hours",
                "start_date",
                "end_date",
                "form",
                "provider__code",
                "provider_name",
                "certificate_number",
                "source",
            )
        ),
    }


def wipe_demo() -> None:
    RoleAssignment.objects.all().delete()
    User.objects.all().delete()
    TrainingRecord.objects.all().delete()
    Employment.objects.all().delete()
    Educator.objects.all().delete()
    Organization.objects.filter(type__in=DEMO_TYPES).delete()


def test_the_same_seed_gives_the_same_demo_and_another_seed_another(reference):
    seed(1)
    first = fingerprint()
    wipe_demo()

    seed(1)
    again = fingerprint()
    wipe_demo()
    seed(2)
    other = fingerprint()

    assert len(first["educators"]) == 791
    assert again == first
    assert other["educators"] != first["educators"]
    assert other["training"] != first["training"]


def test_the_small_demo_has_the_planned_size(demo):
    schools = Organization.objects.filter(type="school")
    teachers = Educator.objects.employed_in("school")

    assert schools.count() == 40
    assert teachers.count() == 600
    assert set(schools.values_list("unit__soate", flat=True).distinct()) == {
        "41704235000000",
        "41704400000010",
        "41721000000000",
        "41706226000000",
        "41711201000000",
    }
    assert Organization.objects.filter(type="university").count() == 2
    assert Educator.objects.employed_in("university").count() == 80
    assert 0 < Organization.objects.filter(type="preschool").count() <= 10
    assert Educator.objects.employed_in("preschool").count() == 48


def test_every_pin_is_valid_unique_and_agrees_with_sex_and_birth_date(demo):
    rows = list(Educator.objects.values_list("pin", "sex", "birth_date"))

    facts = [(parse_pin(pin), sex, birth) for pin, sex, birth in rows]

    assert len({pin for pin, _, _ in rows}) == len(rows) == 791
    assert all(f.sex == sex and f.birth_date == birth for f, sex, birth in facts)


def test_every_name_is_proper_cyrillic(demo):
    names = Educator.objects.values_list("surname", "first_name", "patronymic")

    bad = [n for n in names if not all(part and is_cyrillic_name(part) for part in n)]

    assert bad == []
    assert [part for part in all_name_parts() if not is_cyrillic_name(part)] == []


def test_kyrgyz_names_use_the_kyrgyz_letters(demo):
    surnames = set(Educator.objects.values_list("surname", flat=True))

    assert any(letter in name for name in surnames for letter in "өүң")
    assert not any(letter in name for name in surnames for letter in "ӊɵ")


def test_every_job_is_a_position_its_organization_employs(demo):
    jobs = Employment.objects.select_related("position", "organization")

    wrong = [j.pk for j in jobs if not j.position.is_allowed_in(j.organization.type)]

    assert wrong == []
    assert jobs.count() > 791


def test_every_educator_has_one_main_job_and_a_few_a_second_part_time_one(demo):
    active = Employment.objects.active()
    per_educator = dict(active.values_list("educator_id").annotate(n=Count("pk")).order_by())

    second = active.filter(educator_id__in=[pk for pk, n in per_educator.items() if n == 2])

    assert set(per_educator) == set(Educator.objects.values_list("pk", flat=True))
    assert set(per_educator.values()) == {1, 2}
    assert second.filter(workload__lte=Decimal("0.50")).count() >= len(second) // 2
    assert 0.02 < len(second) / 2 / len(per_educator) < 0.08
    assert Employment.objects.exclude(end_date=None).filter(end_date__gte=TODAY).count() == 0


def test_each_school_has_one_principal_and_one_to_four_deputies(demo):
    jobs = Employment.objects.active().filter(organization__type="school")

    principals = jobs.filter(position__code="principal").values("organization_id")
    deputies = jobs.filter(position__code="deputy_principal").values("organization_id")
    per_school = deputies.annotate(n=Count("pk")).values_list("n", flat=True)

    assert principals.count() == principals.distinct().count() == 40
    assert deputies.distinct().count() == 40
    assert set(per_school) <= {1, 2, 3, 4}


def test_about_half_of_school_teachers_trained_in_the_last_five_years(demo):
    share = trained_share("school", dt.date(2021, 9, 1))

    assert 0.45 <= share <= 0.55


def test_some_older_teachers_last_trained_twenty_to_thirty_years_ago(demo):
    old = TrainingRecord.objects.filter(end_date__lt=dt.date(2007, 1, 1))
    since = TrainingRecord.objects.filter(end_date__gte=dt.date(2007, 1, 1))

    long_lapsed = old.exclude(educator__in=since.values("educator")).values("educator").distinct()

    assert long_lapsed.count() >= 10
    assert old.filter(provider__isnull=False).count() == 0
    assert old.filter(source="external", provider_name="").count() == 0
    assert old.filter(end_date__lt=dt.date(1996, 1, 1)).count() == 0


def test_the_history_ends_before_today_and_provider_courses_have_certificates(demo):
    records = TrainingRecord.objects.all()

    assert records.filter(end_date__gt=TODAY).count() == 0
    assert records.filter(end_date__lt=dt.date(2016, 9, 1), provider__isnull=False).count() == 0
    courses = records.filter(provider__type="provider")
    assert courses.filter(hours=72, certificate_number="").count() == 0
    assert courses.count() == courses.values("certificate_number").distinct().count()
    assert set(records.filter(form="seminar").values_list("hours", flat=True)) <= {18, 36}


def test_the_demo_users_see_their_real_scopes(demo):
    kochkor_staff = Employment.objects.active().filter(organization__unit__soate=KOCHKOR)
    naryn_staff = Employment.objects.active().filter(organization__region__soate=NARYN_OBLAST)

    visible = {
        u.username: set(Educator.objects.visible_to(u).values_list("pk", flat=True))
        for u in User.objects.all()
    }

    assert visible["methodist.kochkor"] == set(kochkor_staff.values_list("educator_id", flat=True))
    assert len(visible["methodist.kochkor"]) > 10
    assert visible["oblast.naryn"] == set(naryn_staff.values_list("educator_id", flat=True))
    assert visible["oblast.naryn"] > visible["methodist.kochkor"]
    assert (
        visible["ministry"]
        == visible["auditor"]
        == set(Educator.objects.values_list("pk", flat=True))
    )
    teacher = RoleAssignment.objects.get(user__username="teacher.osh").educator
    assert visible["teacher.osh"] == {teacher.pk}
    school = RoleAssignment.objects.get(user__username="principal.osh").organization
    assert (school.type, school.unit.soate) == ("school", OSH_CITY)
    assert teacher.employments.filter(organization=school, end_date=None).exists()
    school_staff = Employment.objects.active().filter(organization=school)
    assert visible["principal.osh"] == set(school_staff.values_list("educator_id", flat=True))
    provider_staff = Employment.objects.active().filter(organization__code="OSH-IE")
    assert visible["provider.osh"] == set(provider_staff.values_list("educator_id", flat=True))


def test_the_demo_users_have_names_flags_and_the_shared_password(demo):
    users = {u.username: u for u in User.objects.all()}
    teacher = RoleAssignment.objects.get(user__username="teacher.osh").educator

    assert sorted(users) == [
        "admin",
        "auditor",
        "institute",
        "methodist.kochkor",
        "ministry",
        "oblast.naryn",
        "principal.osh",
        "provider.osh",
        "teacher.osh",
    ]
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert (users["ministry"].is_staff, users["ministry"].is_superuser) == (True, False)
    assert (users["admin"].is_staff, users["admin"].is_superuser) == (True, True)
    assert (users["teacher.osh"].first_name, users["teacher.osh"].last_name) == (
        teacher.first_name,
        teacher.surname,
    )
    roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles["methodist.kochkor"] == Role.DISTRICT_METHODIST
    assert RoleAssignment.objects.filter(user__username="admin").count() == 0


def test_ensuring_the_demo_users_again_changes_nothing(demo):
    before = list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role"))

    logins = ensure_demo_users()

    assert (
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role")) == before
    )
    assert [login.username for login in logins][-1] == "admin"
    assert User.objects.count() == 9


def test_if_empty_on_a_seeded_database_adds_nothing(demo):
    before = fingerprint()

    output = seed(5, "--if-empty")

    assert fingerprint() == before
    assert output == "The registry already has 791 educators: demo not seeded.\n"


def test_seeding_a_registry_with_educators_is_refused(demo):
    with pytest.raises(CommandError, match="already has 791 educators"):
        seed(5)


def test_seeding_without_reference_data_is_refused(no_reference):
    with pytest.raises(CommandError, match="load_reference"):
        seed(1)


def test_demo_users_says_the_demo_is_not_loaded(reference):
    out = StringIO()

    call_command("demo_users", stdout=out)

    assert out.getvalue().startswith("The demo is not loaded")
    assert User.objects.count() == 0


def test_demo_users_prints_the_log_ins(demo):
    out = StringIO()

    call_command("demo_users", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == f"Demo log-ins (password {DEMO_PASSWORD}):"
    assert [line.split()[0] for line in lines[2:]] == [
        "ministry",
        "institute",
        "auditor",
        "provider.osh",
        "oblast.naryn",
        "methodist.kochkor",
        "principal.osh",
        "teacher.osh",
        "admin",
    ]
