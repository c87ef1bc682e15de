"""The printable PDF report of a district or an oblast, in Kyrgyz and in Russian: a valid PDF
whose text carries the unit's name (with its Kyrgyz letters) and the headline figures."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cheber.core.access import Role
from cheber.registry.models import Employment, Position, Specialization, TrainingRecord
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    unit,
    user_with_role,
)

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
JETI_OGUZ = "41702210000000"
ISSYK_KUL = "41702000000000"
AK_SUU = "41702205000000"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
pytestmark = pytest.mark.usefixtures("reference")
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))


def teacher(school, trained_on: dt.date | None):
    educator = EducatorFactory()
    Employment.objects.create(
        educator=educator, organization=school, position=Position.objects.get(code="teacher"),
        specialization=Specialization.objects.get(code="mathematics"),
        start_date=dt.date(2010, 9, 1),
    )  # fmt: skip
    if trained_on:
        TrainingRecord.objects.create(
            educator=educator, provider_name="ЫКБИ", title="Курс", hours=72,
            start_date=trained_on - dt.timedelta(days=11), end_date=trained_on,
            form="stationary", kind="qualification",
        )  # fmt: skip


@pytest.fixture
def district():
    """Seven maths teachers in Jeti-Oguz: four compliant, two overdue, one never trained; and
    one in Kochkor that the report of Jeti-Oguz must not count."""
    school = OrganizationFactory(unit=unit(JETI_OGUZ))
    for year in (2022, 2023, 2024, 2025):
        teacher(school, dt.date(year, 4, 1))
    teacher(school, dt.date(2019, 4, 1))
    teacher(school, dt.date(2018, 4, 1))
    teacher(school, None)
    teacher(OrganizationFactory(unit=unit(KOCHKOR)), None)
    return unit(JETI_OGUZ)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def label(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@needs_pdftotext
@pytest.mark.parametrize(
    ("language", "name"), [("ky", "Жети-Өгүз району"), ("ru", "Жети-Огузский район")]
)
def test_district_report_in_kyrgyz_and_russian(client, district, tmp_path, language, name):
    client.force_login(user_with_role("ministry", Role.MINISTRY))

    response = client.get(
        reverse("compliance:report_pdf"), {"unit": district.pk, "language": language}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content, tmp_path)
    assert name in text
    assert re.search(re.escape(label(language, "Educators")) + r"\s+7\b", text)
    assert re.search(re.escape(label(language, "Overdue")) + r"\s+2\b", text)
    assert re.search(re.escape(label(language, "Never trained")) + r"\s+1\b", text)
    assert "57.1 %" in text  # four of seven meet the rule
    assert label(language, "Share of educators compliant") in text  # the map's legend


@needs_pdftotext
def test_oblast_report_lists_its_districts(client, district, tmp_path):
    oblast = unit(ISSYK_KUL)
    client.force_login(user_with_role("oblast", Role.OBLAST_COORDINATOR, unit=oblast))

    response = client.get(reverse("compliance:report_pdf"), {"unit": oblast.pk, "language": "ky"})

    text = pdf_text(response.content, tmp_path)
    assert "Ысык-Көл облусу" in text
    assert "Жети-Өгүз району" in text  # a row of the districts' table
    assert "Кочкор" not in text


def test_report_outside_the_users_territory_is_404(client, district):
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))

    response = client.get(reverse("compliance:report_pdf"), {"unit": district.pk})

    assert response.status_code == 404


def test_methodist_gets_the_report_of_their_district(client, district):
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=district))

    response = client.get(reverse("compliance:report_pdf"), {"unit": district.pk, "language": "ru"})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("query", [{}, {"unit": "x"}, {"unit": "999999"}, {"language": "en"}])
def test_bad_requests_are_404(client, district, query):
    client.force_login(user_with_role("ministry", Role.MINISTRY))
    query = {"unit": district.pk, **query} if "language" in query else query

    assert client.get(reverse("compliance:report_pdf"), query).status_code == 404


def test_teacher_gets_404(client, district):
    educator = EducatorFactory()
    client.force_login(user_with_role("t", Role.TEACHER, educator=educator))

    response = client.get(reverse("compliance:report_pdf"), {"unit": district.pk})

    assert response.status_code == 404


def test_methodists_map_leaves_the_neighbours_grey(district):
    from cheber.compliance import report
    from cheber.compliance.engine import ensure_fresh

    teacher(OrganizationFactory(unit=unit(AK_SUU)), dt.date(2025, 4, 1))  # same oblast
    ensure_fresh()
    methodist = user_with_role("m", Role.DISTRICT_METHODIST, unit=district)
    ministry = user_with_role("ministry", Role.MINISTRY)

    seen = report.report_figures(methodist, district, dt.date(2026, 11, 22)).map_svg
    everything = report.report_figures(ministry, district, dt.date(2026, 11, 22)).map_svg

    assert fill_of(seen, AK_SUU) == "#e0e0e0"  # no data
    assert fill_of(everything, AK_SUU) == "#2c7bb6"  # 100 % compliant
    assert fill_of(seen, JETI_OGUZ) == "#ffffbf"  # 57 %


def fill_of(svg: str, soate: str) -> str:
    return re.search(r'fill="(#[0-9a-f]+)"[^>]*data-soate="' + soate + '"', svg).group(1)
