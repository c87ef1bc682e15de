"""The registry of an oblast or a large district (more staff rows than
settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS) is exported in the background: the job's page, then
the workbook, the same as the page would have made, logged once; another territory stays 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cheber.core.models import AuditEvent, Job, PersonalDataAccess
from cheber.registry.tests.factories import AT_BASHY, KOCHKOR, EducatorFactory, employ


@pytest.fixture
def staff(kochkor_school, at_bashy_school):
    for surname in ("Асанова", "Бакирова", "Жумабаева"):
        employ(EducatorFactory(surname=surname), kochkor_school)
    employ(EducatorFactory(surname="Токтогулова"), at_bashy_school)


def staff_pins(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return sorted(row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True))


def test_a_large_district_is_exported_in_the_background(client, methodist, staff, settings):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 2
    client.force_login(methodist)

    response = client.get(reverse("imports:export"), {"unit": KOCHKOR, "language": "ru"})

    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.total, job.done) == ("registry_export", "done", 3, 3)
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert len(staff_pins(b"".join(download.streaming_content))) == 3
    access = PersonalDataAccess.objects.get()
    assert (access.what, access.rows, access.filters) == ("imports:export", 3, {"unit": KOCHKOR})
    assert AuditEvent.objects.get(verb="start_registry_export").actor == methodist


def test_the_background_workbook_holds_what_the_page_would_have_given(
    client, methodist, staff, settings
):
    client.force_login(methodist)
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 3
    at_once = client.get(reverse("imports:export"), {"unit": KOCHKOR})
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 1

    client.get(reverse("imports:export"), {"unit": KOCHKOR})

    job = Job.objects.get()
    assert staff_pins(job.result.read()) == staff_pins(b"".join(at_once.streaming_content))


def test_another_territory_is_refused_before_any_job(client, methodist, staff, settings):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 0
    client.force_login(methodist)

    response = client.get(reverse("imports:export"), {"unit": AT_BASHY})

    assert response.status_code == 404
    assert not Job.objects.exists()
