"""The page of a background job and its download, whatever the job makes: only its creator
sees them; the page polls itself while the job runs and offers the file when it is done."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cheber.accounts.models import User
from cheber.core.models import Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def owner(db):
    return User.objects.create_user(username="owner", password="pw-owner")


@pytest.fixture
def stranger(db):
    return User.objects.create_user(username="stranger", password="pw-stranger")


@pytest.fixture
def english(client):
    client.cookies["cheber_language"] = "en"


def job_of(user, **fields) -> Job:
    return Job.objects.create(kind="certificates_zip", params={"session": 1}, created_by=user,
                              **fields)  # fmt: skip


def done_job(user) -> Job:
    job = job_of(user, status=Job.Status.DONE, total=2, done=2)
    job.result.save("certificates-session-1.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return job


def test_running_job_page_shows_progress_and_polls_itself(client, owner, english):
    job = job_of(owner, status=Job.Status.RUNNING, total=10, done=4)
    client.force_login(owner)

    page = client.get(reverse("core:job_detail", args=[job.pk]))

    assert page.status_code == 200
    assert "<h1>Certificates of a session, in one ZIP file</h1>" in page.text
    assert "4 of 10 done (40 %)." in page.text
    assert '<progress value="40" max="100">' in page.text
    assert f'hx-get="{reverse("core:job_detail", args=[job.pk])}" hx-trigger="every 1s"' in (
        page.text
    )
    assert "no-store" in page["Cache-Control"]


def test_polling_gets_only_the_progress_fragment(client, owner, english):
    job = job_of(owner)
    client.force_login(owner)

    fragment = client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"})

    assert fragment.text.strip().startswith('<section id="job-progress"')
    assert "<html" not in fragment.text
    assert "Waiting to start…" in fragment.text
    assert 'hx-trigger="every 1s"' in fragment.text


def test_finished_job_stops_polling_and_offers_the_download(client, owner, english):
    job = done_job(owner)
    client.force_login(owner)

    fragment = client.get(reverse("core:job_detail", args=[job.pk]), headers={"HX-Request": "true"})

    assert "hx-trigger" not in fragment.text
    assert "Ready: 2 documents." in fragment.text
    assert f'href="{reverse("core:job_download", args=[job.pk])}"' in fragment.text


def test_failed_job_says_so_without_the_technical_message(client, owner, english):
    job = job_of(owner, status=Job.Status.FAILED, message="OSError: disk full")
    client.force_login(owner)

    page = client.get(reverse("core:job_detail", args=[job.pk]))

    assert "The file could not be made. Try again" in page.text
    assert "disk full" not in page.text
    assert "hx-trigger" not in page.text


def test_download_streams_the_file_as_an_attachment_not_cached(client, owner):
    job = done_job(owner)
    client.force_login(owner)

    response = client.get(reverse("core:job_download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="certificates-session-1.zip"'
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == b"PK\x05\x06" + bytes(18)


@pytest.mark.parametrize("status", [Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.FAILED])
def test_unfinished_or_failed_job_has_nothing_to_download(client, owner, status):
    job = job_of(owner, status=status)
    client.force_login(owner)

    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_another_user_gets_404_for_the_page_and_the_file(client, owner, stranger):
    job = done_job(owner)
    client.force_login(stranger)

    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, owner):
    job = done_job(owner)

    for name in ("core:job_detail", "core:job_download"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
