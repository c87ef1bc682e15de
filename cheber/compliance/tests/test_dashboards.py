"""Dashboards: the numbers of hand-built histories at every level, their drill-down links,
the lists behind them, and who may open which level."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.compliance.engine import ensure_fresh, refresh_statuses
from cheber.compliance.models import Policy
from cheber.core.access import Role
from cheber.registry.models import Employment, Organization, Specialization, TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    NARYN_OBLAST,
    OSH_CITY,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC)
STATUS_ORDER = ("compliant", "due", "overdue", "never_trained", "needs_retraining")


@dataclass
class World:
    kochkor_school: Organization
    at_bashy_school: Organization
    osh_school: Organization
    names: dict  # letter → surname


def train(educator, end: dt.date, hours: int = 72) -> None:
    TrainingRecord.objects.create(
        educator=educator, title="Курс", hours=hours, start_date=end - dt.timedelta(days=10),
        end_date=end, form=TrainingRecord.Form.STATIONARY, provider_name="КАО",
    )  # fmt: skip


def person(letter: str, school, trained: dt.date | None, *, pedagogue=True, spec=None):
    educator = EducatorFactory(
        surname=f"Сатыбалдиева-{letter}", has_pedagogical_education=pedagogue
    )
    job = employ(educator, school)
    if spec:
        Employment.objects.filter(pk=job.pk).update(specialization=spec)
    if trained:
        train(educator, trained)
    return educator


def build_world() -> World:
    """Nine educators under a once-in-five-years rule, judged on 10 March 2026:
    Kochkor (5: one of each status), At-Bashy (compliant, overdue since 2020), Osh city
    (compliant, overdue)."""
    Policy.objects.create(
        name_ky="5 жылда бир жолу", name_ru="Раз в 5 лет", effective_from=dt.date(2000, 1, 1),
        mode=Policy.Mode.CYCLE, period_months=60,
    )  # fmt: skip
    maths = Specialization.objects.get(code="mathematics")
    kochkor = OrganizationFactory(unit=unit(KOCHKOR), name_ky="Кочкор мектеби")
    at_bashy = OrganizationFactory(
        unit=unit(AT_BASHY), name_ky="Ат-Башы мектеби", locality="urban", languages=["ru"]
    )
    osh = OrganizationFactory(unit=unit(OSH_CITY), name_ky="Ош мектеби", languages=["uz"])
    person("A", kochkor, dt.date(2024, 5, 1), spec=maths)  # compliant until 2029
    person("B", kochkor, dt.date(2021, 6, 30), spec=maths)  # due 30 June 2026
    person("C", kochkor, dt.date(2018, 1, 15))  # overdue since 2023
    person("D", kochkor, None)  # never trained
    person("E", kochkor, dt.date(2024, 2, 1), pedagogue=False)  # needs retraining
    person("F", at_bashy, dt.date(2023, 4, 1))
    person("G", at_bashy, dt.date(2010, 9, 1))  # overdue since 2020 (hired 2015): the longest
    person("H", osh, dt.date(2019, 1, 10))
    person("I", osh, dt.date(2025, 11, 20))
    names = {letter: f"Сатыбалдиева-{letter}" for letter in "ABCDEFGHI"}
    return World(kochkor, at_bashy, osh, names)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Dashboards keep their figures in the cache until the next refresh; tests start empty."""
    cache.clear()


@pytest.fixture
def today():
    with time_machine.travel(NOW, tick=False):
        yield TODAY


@pytest.fixture
def world(reference, today) -> World:
    return build_world()


@pytest.fixture
def ministry(db):
    return user_with_role("ministry", Role.MINISTRY)


def counts(row) -> tuple[int, ...]:
    return tuple(row.figures.counts[key] for key in STATUS_ORDER)


def test_national_dashboard_counts_the_hand_built_histories(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("compliance:dashboard"))

    head = response.context["head"]
    assert head.total.value == 9
    assert counts(head) == (3, 1, 3, 1, 1)
    assert head.figures.share == round(4 / 9, 4)
    children = {row.label: counts(row) for row in response.context["children"].rows}
    assert children == {"Нарын облусу": (2, 1, 2, 1, 1), "Ош шаары": (1, 0, 1, 0, 0)}


def test_oblast_and_district_dashboards_count_their_own_people(client, world, ministry):
    client.force_login(ministry)
    naryn, kochkor = unit(NARYN_OBLAST), unit(KOCHKOR)

    oblast = client.get(reverse("compliance:region_dashboard", args=[naryn.pk])).context
    district = client.get(reverse("compliance:district_dashboard", args=[kochkor.pk])).context

    assert counts(oblast["head"]) == (2, 1, 2, 1, 1)
    assert {r.label: r.figures.total for r in oblast["children"].rows} == {
        "Ат-Башы району": 2, "Кочкор району": 5
    }  # fmt: skip
    assert counts(district["head"]) == (1, 1, 1, 1, 1)
    assert district["head"].figures.share == 0.4
    assert [r.label for r in district["children"].rows] == ["Кочкор мектеби"]


def test_breakdowns_split_the_same_people_by_each_dimension(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("compliance:dashboard"))

    tables = {
        t.name: {r.key: r.figures.total for r in t.rows} for t in response.context["breakdowns"]
    }
    maths = Specialization.objects.get(code="mathematics")
    assert tables["specialization"] == {"none": 7, str(maths.pk): 2}
    assert tables["organization_type"] == {"school": 9}
    assert tables["locality"] == {"rural": 7, "urban": 2}
    assert tables["language"] == {"ky": 5, "ru": 2, "uz": 2}


def test_trend_reads_the_past_years_and_ends_with_today(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("compliance:district_dashboard", args=[unit(KOCHKOR).pk]))

    trend = {p.year: (p.educators, p.compliant) for p in response.context["trend"]}
    # End of 2025: A and B compliant; C overdue, D never trained, E needs retraining.
    assert trend[2025] == (5, 2)
    assert trend[2026] == (5, 2)
    assert "<polyline" in response.context["trend_chart"]


def test_every_number_links_to_a_list_of_exactly_that_many(client, world, ministry):
    client.force_login(ministry)
    response = client.get(reverse("compliance:region_dashboard", args=[unit(NARYN_OBLAST).pk]))
    rows = [response.context["head"], *response.context["children"].rows]
    rows += [row for table in response.context["breakdowns"] for row in table.rows]

    for row in rows:
        for cell in (row.total, *row.cells):
            listed = client.get(cell.url).context["page"].paginator.count

            assert listed == cell.value, cell.url


def test_numbers_are_links_in_the_page(client, world, ministry):
    client.force_login(ministry)
    naryn = unit(NARYN_OBLAST)

    html = client.get(reverse("compliance:region_dashboard", args=[naryn.pk])).text

    overdue = reverse("compliance:educator_list") + f"?region={naryn.pk}&amp;status=overdue"
    assert f'<a href="{overdue}">2</a>' in html


def test_drill_down_from_the_country_to_an_organization(client, world, ministry):
    client.force_login(ministry)
    naryn, kochkor = unit(NARYN_OBLAST), unit(KOCHKOR)

    national = client.get(reverse("compliance:dashboard")).context["children"]
    oblast = client.get(reverse("compliance:region_dashboard", args=[naryn.pk])).context
    district = client.get(reverse("compliance:district_dashboard", args=[kochkor.pk])).context

    assert {r.label: r.url for r in national.rows}["Нарын облусу"] == reverse(
        "compliance:region_dashboard", args=[naryn.pk]
    )
    assert {r.label: r.url for r in oblast["children"].rows}["Кочкор району"] == reverse(
        "compliance:district_dashboard", args=[kochkor.pk]
    )
    assert district["children"].rows[0].url == reverse(
        "compliance:organization_dashboard", args=[world.kochkor_school.pk]
    )


def test_a_city_without_districts_lists_its_organizations(client, world, ministry):
    client.force_login(ministry)

    response = client.get(reverse("compliance:region_dashboard", args=[unit(OSH_CITY).pk]))

    assert [r.label for r in response.context["children"].rows] == ["Ош мектеби"]


# Scope --------------------------------------------------------------------------------------


def test_methodist_lands_on_their_district_and_sees_only_it(client, world):
    methodist = user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(methodist)

    response = client.get(reverse("compliance:dashboard"), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "compliance:district_dashboard", args=[unit(KOCHKOR).pk]
    )
    assert response.context["head"].total.value == 5
    assert response.context["crumbs"] == []


def test_methodist_of_another_district_gets_404_on_this_one(client, world):
    other = user_with_role("atbashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    client.force_login(other)
    kochkor = unit(KOCHKOR)
    urls = [
        reverse("compliance:district_dashboard", args=[kochkor.pk]),
        reverse("compliance:region_dashboard", args=[unit(NARYN_OBLAST).pk]),
        reverse("compliance:organization_dashboard", args=[world.kochkor_school.pk]),
        reverse("compliance:educator_list") + f"?unit={kochkor.pk}",
        reverse("compliance:educator_list_xlsx") + f"?unit={kochkor.pk}",
        reverse("compliance:breakdown_xlsx") + f"?unit={kochkor.pk}",
        reverse("compliance:breakdown_xlsx"),  # national
    ]

    for url in urls:
        assert client.get(url).status_code == 404, url


def test_methodist_map_leaves_the_neighbours_grey(client, world):
    methodist = user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(methodist)

    svg = client.get(reverse("compliance:district_dashboard", args=[unit(KOCHKOR).pk])).context[
        "map_svg"
    ]

    assert 'class="m-shape m-q2 m-highlight" fill="#ffffbf"' in svg  # Kochkor: 40 %
    assert f'data-soate="{AT_BASHY}"' in svg
    at_bashy = svg.split(f'data-soate="{AT_BASHY}"')[0].rsplit("<path", 1)[1]
    assert "m-none" in at_bashy
    assert reverse("compliance:district_dashboard", args=[unit(AT_BASHY).pk]) not in svg


def test_principal_sees_only_their_school(client, world):
    principal = user_with_role("director", Role.PRINCIPAL, organization=world.at_bashy_school)
    client.force_login(principal)

    landing = client.get(reverse("compliance:dashboard"), follow=True)
    people = client.get(reverse("compliance:educator_list")).context["page"]
    other = client.get(reverse("compliance:organization_dashboard", args=[world.kochkor_school.pk]))

    assert landing.context["level"].pk == world.at_bashy_school.pk
    assert counts(landing.context["head"]) == (1, 0, 1, 0, 0)
    assert landing.context["map_svg"] == ""
    assert [s.educator.surname for s in people] == [world.names["G"], world.names["F"]]
    assert other.status_code == 404


def test_teacher_has_their_own_status_instead_of_a_dashboard(client, world):
    educator = EducatorFactory()
    teacher = user_with_role("teacher", Role.TEACHER, educator=educator)
    client.force_login(teacher)

    response = client.get(reverse("compliance:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("compliance:my_status")
    assert client.get(reverse("compliance:educator_list")).status_code == 404


def test_user_with_several_districts_chooses_one(client, world):
    methodist = user_with_role("two", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    methodist.role_assignments.create(role=Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    client.force_login(methodist)

    response = client.get(reverse("compliance:dashboard"))

    assert [name for name, _url in response.context["places"]] == [
        "Ат-Башы району",
        "Кочкор району",
    ]


# Queries -----------------------------------------------------------------------------------


@pytest.fixture
def no_cache(settings):
    """The queries of a dashboard's figures, not of the cache that keeps them."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _queries(client, url) -> int:
    client.get(url)  # the first request may refresh the statuses
    with CaptureQueriesContext(connection) as fresh:
        ensure_fresh()
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    return len(page) - len(fresh)


@pytest.mark.parametrize("level", ["national", "region", "district"])
def test_dashboard_queries_do_not_grow_with_organizations(client, world, ministry, no_cache, level):
    client.force_login(ministry)
    url = {
        "national": reverse("compliance:dashboard"),
        "region": reverse("compliance:region_dashboard", args=[unit(NARYN_OBLAST).pk]),
        "district": reverse("compliance:district_dashboard", args=[unit(KOCHKOR).pk]),
    }[level]
    one = _queries(client, url)

    for n in range(2):
        school = OrganizationFactory(unit=unit(KOCHKOR))
        person(f"X{n}", school, dt.date(2024, 1, 1))
        person(f"Y{n}", school, None)

    assert _queries(client, url) == one


def test_list_queries_do_not_grow_with_rows(client, world, ministry):
    client.force_login(ministry)
    url = reverse("compliance:educator_list") + f"?unit={unit(AT_BASHY).pk}"
    one = _queries(client, url + "&status=compliant")  # F only

    three = _queries(client, url)  # F, G… and their organizations, specializations

    assert one == three


def test_unknown_levels_and_bad_filters_are_404_or_explained(client, world, ministry):
    client.force_login(ministry)

    missing = client.get(reverse("compliance:district_dashboard", args=[unit(NARYN_OBLAST).pk]))
    bad = client.get(reverse("compliance:educator_list") + "?overdue_years=many&status=late")

    assert missing.status_code == 404
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"overdue_years", "status"}
    assert bad.context["page"].paginator.count == 0


def test_links_carry_the_level(world):
    from cheber.compliance.dashboard import Level, list_url

    url = list_url(Level("district", 7, params={"unit": "7"}), "overdue", specialization="none")

    assert parse_qs(urlsplit(url).query) == {
        "unit": ["7"], "specialization": ["none"], "status": ["overdue"]
    }  # fmt: skip


def test_figures_are_kept_until_the_statuses_are_refreshed(client, world, ministry):
    client.force_login(ministry)
    url = reverse("compliance:district_dashboard", args=[unit(KOCHKOR).pk])
    first = _queries(client, url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    educator = EducatorFactory(surname="Жаңы")
    employ(educator, world.kochkor_school)
    refresh_statuses(today=TODAY)

    response = client.get(url)

    assert len(cached) < first
    assert response.context["head"].total.value == 6
