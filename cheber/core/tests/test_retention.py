"""Exports, ZIPs and uploaded imports are deleted after the retention period by the scheduled
`purge_expired_files`; other files (documents, other jobs' results) are kept."""

import datetime as dt
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cheber.core.models import Job, ScheduledRun

BISHKEK = dt.timezone(dt.timedelta(hours=6))
MADE = dt.datetime(2026, 12, 1, 10, 0, tzinfo=BISHKEK)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHEBER_FILE_RETENTION_DAYS = 7


@pytest.fixture
def files(db, time_machine):
    """Made on MADE: a session's ZIP, an import's report, an uploaded import, a document."""
    time_machine.move_to(MADE, tick=False)
    owner = get_user_model().objects.create_user("owner", password="pw-owner")
    zipped = _job(owner, "certificates_zip", "certificates.zip")
    report = _job(owner, "registry_check", "import.json")
    upload = default_storage.save("imports/uploads/staff.xlsx", ContentFile(b"PK"))
    # the clock the test moves is not the file system's: the file is dated as made then
    os.utime(default_storage.path(upload), (MADE.timestamp(), MADE.timestamp()))
    document = default_storage.save("documents/scan.pdf", ContentFile(b"%PDF-"))
    return owner, zipped, report, upload, document


def _job(owner, kind: str, name: str) -> Job:
    job = Job.objects.create(kind=kind, created_by=owner, status=Job.Status.DONE)
    job.result.save(name, ContentFile(b"data"))
    return job


def purge() -> str:
    out = io.StringIO()
    call_command("purge_expired_files", stdout=out)
    return out.getvalue()


def test_files_younger_than_the_retention_period_are_kept(files, time_machine):
    _owner, zipped, _report, upload, _document = files
    time_machine.move_to(MADE + dt.timedelta(days=6, hours=23), tick=False)

    output = purge()

    assert output == "job results deleted: 0, uploads deleted: 0, scheduled runs deleted: 0\n"
    assert default_storage.exists(Job.objects.get(pk=zipped.pk).result.name)
    assert default_storage.exists(upload)


def test_exports_zips_and_uploads_past_the_retention_period_are_deleted(files, time_machine,
                                                                        client):  # fmt: skip
    owner, zipped, report, upload, document = files
    zip_path = zipped.result.name
    time_machine.move_to(MADE + dt.timedelta(days=7, hours=1), tick=False)

    output = purge()

    client.force_login(owner)
    assert output == "job results deleted: 1, uploads deleted: 1, scheduled runs deleted: 0\n"
    assert not default_storage.exists(zip_path) and not default_storage.exists(upload)
    assert Job.objects.get(pk=zipped.pk).result.name == ""
    assert client.get(reverse("core:job_download", args=[zipped.pk])).status_code == 404
    # what is not an export, a ZIP or an upload stays
    assert default_storage.exists(Job.objects.get(pk=report.pk).result.name)
    assert default_storage.exists(document)


def test_the_retention_period_is_a_setting(files, time_machine, settings):
    _owner, _zipped, _report, upload, _document = files
    settings.CHEBER_FILE_RETENTION_DAYS = 2
    time_machine.move_to(MADE + dt.timedelta(days=3), tick=False)

    assert purge() == "job results deleted: 1, uploads deleted: 1, scheduled runs deleted: 0\n"


def test_rows_of_past_scheduled_runs_go_with_the_files(files, time_machine):
    ScheduledRun.objects.create(name="close_overdue_attempts", due_at=MADE, status="done")
    time_machine.move_to(MADE + dt.timedelta(days=7, minutes=5), tick=False)
    ScheduledRun.objects.create(name="close_overdue_attempts", due_at=timezone.now())

    output = purge()

    assert output.endswith("scheduled runs deleted: 1\n")
    assert ScheduledRun.objects.count() == 1
