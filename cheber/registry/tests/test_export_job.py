"""An export of more educators than a request makes (settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS)
runs as a background job: its page shows the progress, then the download holds what the list
would have streamed, and the export is logged once; a short one is still streamed at once."""

import csv
import io

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.models import AuditEvent, Job, PersonalDataAccess
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district():
    """Three educators in Kochkor, one in At-Bashy."""
    school, other = (
        OrganizationFactory(unit=unit(KOCHKOR)),
        OrganizationFactory(unit=unit(AT_BASHY)),
    )
    for surname in ("Асанова", "Бакирова", "Жумабаева"):
        employ(EducatorFactory(surname=surname), school)
    employ(EducatorFactory(surname="Токтогулова"), other)
    return school


@pytest.fixture
def methodist(client, district):
    user = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(user)
    return user


def surnames(text: str) -> list[str]:
    return [row[1] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")))][1:]


def test_a_list_over_the_limit_is_made_in_the_background_and_downloaded(client, methodist,
                                                                        settings):  # fmt: skip
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 2

    response = client.get(reverse("registry:educator_export"))

    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.done, job.total) == ("educators_export", "done", 3, 3)
    page = client.get(response.url)
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert reverse("core:job_download", args=[job.pk]) in page.text
    content = b"".join(download.streaming_content).decode("utf-8")
    assert surnames(content) == ["Асанова", "Бакирова", "Жумабаева"]
    assert PersonalDataAccess.objects.get().rows == 3
    assert AuditEvent.objects.get(verb="start_educator_export").actor == methodist


def test_the_background_file_is_what_the_request_would_have_streamed(
    client, methodist, settings, district
):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 3
    streamed = b"".join(
        client.get(
            reverse("registry:educator_export"), {"organization": district.code}
        ).streaming_content
    )
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 1

    client.get(reverse("registry:educator_export"), {"organization": district.code})

    job = Job.objects.get()
    assert job.params == {"filters": {"q": "", "organization": district.code}, "language": "ky"}
    assert job.result.read() == streamed


def test_a_short_list_is_streamed_in_the_request(client, methodist, settings):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 3

    response = client.get(reverse("registry:educator_export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(surnames(b"".join(response.streaming_content).decode("utf-8"))) == 3
    assert not Job.objects.exists()


def test_another_user_gets_404_for_the_exports_page_and_file(client, methodist, settings):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 2
    client.get(reverse("registry:educator_export"))
    job = Job.objects.get()
    other = user_with_role("other", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(other)

    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
