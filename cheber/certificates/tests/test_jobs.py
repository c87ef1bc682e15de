"""A session's certificates as one ZIP, made in the background: the provider starts it, the
job page shows the progress and then the download; nobody else sees the job or the file."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cheber.certificates import actions, jobs
from cheber.certificates.actions import issue_session_certificates, revoke_certificate, set_signer
from cheber.certificates.models import Certificate
from cheber.certificates.pdf import render_many
from cheber.certificates.tests.conftest import SIGNER_NAME, SIGNER_POSITION, complete
from cheber.core.models import AuditEvent, Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def issued(finished_session, completed_enrolment, provider_user):
    """Four certificates of the session, the second one revoked: three valid."""
    for surname in ("Асанова", "Токтогулова", "Иманалиева"):
        complete(finished_session, surname=surname)
    set_signer(actor=provider_user, provider=finished_session.provider, name=SIGNER_NAME,
               position=SIGNER_POSITION)  # fmt: skip
    certificates = issue_session_certificates(actor=provider_user, session=finished_session)
    revoke_certificate(actor=provider_user, certificate=certificates[1], reason="Ката")
    return [c for i, c in enumerate(certificates) if i != 1]


def zip_names(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())
        return archive.namelist()


def test_provider_downloads_the_session_zip_through_the_pages(
    client, provider_user, finished_session, issued, english
):
    client.force_login(provider_user)

    started = client.post(reverse("certificates:session_zip", args=[finished_session.pk]))

    job = Job.objects.get()
    assert started.status_code == 302
    assert started.url == reverse("core:job_detail", args=[job.pk])
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    assert job.params == {"session": finished_session.pk}
    page = client.get(started.url)
    assert "Ready: 3 documents." in page.text
    assert reverse("core:job_download", args=[job.pk]) in page.text
    assert 'hx-trigger="every 1s"' not in page.text
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download["Content-Disposition"] == (
        f'attachment; filename="certificates-session-{finished_session.pk}.zip"'
    )
    assert download["Cache-Control"] == "no-store"
    assert zip_names(b"".join(download.streaming_content)) == [f"{c.number}.pdf" for c in issued]


def test_another_user_gets_404_on_the_job_page_and_the_download(
    client, provider_user, other_provider_user, institute_user, finished_session, issued
):
    job = actions.start_session_zip(actor=provider_user, session=finished_session)

    for user in (other_provider_user, institute_user):
        client.force_login(user)
        assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_staff_of_another_provider_may_not_start_it(other_provider_user, finished_session, issued):
    with pytest.raises(PermissionDenied):
        actions.start_session_zip(actor=other_provider_user, session=finished_session)

    assert not Job.objects.exists()


def test_the_national_institute_may_start_it(institute_user, finished_session, issued):
    job = actions.start_session_zip(actor=institute_user, session=finished_session)

    job.refresh_from_db()
    assert (job.status, job.done, job.created_by) == ("done", 3, institute_user)
    assert AuditEvent.objects.filter(
        verb="start_session_zip", object_id=str(job.pk), actor=institute_user
    ).exists()


def test_a_session_without_valid_certificates_is_refused(provider_user, finished_session):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.start_session_zip(actor=provider_user, session=finished_session)

    assert error.value.messages == ["The session has no valid certificates to download yet."]
    assert not Job.objects.exists()


def test_an_unfinished_job_of_the_same_user_is_returned_not_doubled(
    provider_user, finished_session, issued
):
    queued = Job.objects.create(kind=jobs.SESSION_ZIP, params={"session": finished_session.pk},
                                created_by=provider_user)  # fmt: skip

    job = actions.start_session_zip(actor=provider_user, session=finished_session)

    assert job == queued
    assert Job.objects.count() == 1


def test_a_failing_job_is_marked_failed_and_leaves_no_file(
    client, settings, provider_user, finished_session, issued, english
):
    # A language the renderer does not know makes rendering fail half-way through.
    Certificate.objects.filter(pk=issued[1].pk).update(language="xx")
    client.force_login(provider_user)

    job = actions.start_session_zip(actor=provider_user, session=finished_session)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message == "ValueError: Unknown certificate language: 'xx'"
    assert not job.result
    assert list(settings.MEDIA_ROOT.rglob("*")) == []
    page = client.get(reverse("core:job_detail", args=[job.pk]))
    assert "The file could not be made." in page.text
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_zip_certificates_holds_one_pdf_per_certificate(issued):
    content = jobs.zip_certificates(Certificate.objects.filter(pk__in=[c.pk for c in issued]))

    assert sorted(zip_names(content)) == sorted(f"{c.number}.pdf" for c in issued)


# The worker closes connections it finds inside a transaction: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_database_queue_runs_the_job_in_the_worker(settings, provider_user, finished_session,
                                                   issued):  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    job = actions.start_session_zip(actor=provider_user, session=finished_session)
    job.refresh_from_db()
    assert job.status == "queued"

    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert zip_names(job.result.read()) == [f"{c.number}.pdf" for c in issued]


def test_a_batch_rendered_in_forked_processes_keeps_its_order(finished_session, issued):
    rendered = list(render_many(jobs.session_certificates(finished_session.pk), processes=2))

    assert [name for name, _ in rendered] == [f"{c.number}.pdf" for c in issued]
    assert all(content.startswith(b"%PDF-") for _, content in rendered)
    # The children left the database connection they inherited alone: it still works here.
    assert Certificate.objects.filter(enrolment__session=finished_session).count() == 4


def test_a_job_stuck_for_over_an_hour_does_not_block_a_new_one(
    provider_user, finished_session, issued, time_machine
):
    stuck = Job.objects.create(kind=jobs.SESSION_ZIP, params={"session": finished_session.pk},
                               created_by=provider_user, status=Job.Status.RUNNING)  # fmt: skip
    time_machine.shift(dt.timedelta(hours=1, minutes=1))

    job = actions.start_session_zip(actor=provider_user, session=finished_session)

    assert job != stuck
    job.refresh_from_db()
    assert job.status == "done"
