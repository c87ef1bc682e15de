"""A list of educators by status longer than settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS is
exported in the background: the job's page, then the workbook the request would have made."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cheber.compliance.tests.test_dashboards import NOW, _fresh_cache, build_world  # noqa: F401
from cheber.core.access import Role
from cheber.core.models import AuditEvent, Job, PersonalDataAccess
from cheber.registry.tests.factories import NARYN_OBLAST, unit, user_with_role


@pytest.fixture
def world(reference, settings, tmp_path):
    """The nine educators of test_dashboards, judged on 10 March 2026."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield build_world()


@pytest.fixture
def ministry(client, db):
    user = user_with_role("ministry", Role.MINISTRY)
    client.force_login(user)
    return user


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_long_list_is_made_in_the_background_as_the_request_would_have(
    client, world, ministry, settings
):
    params = {"region": unit(NARYN_OBLAST).pk, "status": "overdue"}
    at_once = rows_of(client.get(reverse("compliance:educator_list_xlsx"), params).content)
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 1

    response = client.get(reverse("compliance:educator_list_xlsx"), params)

    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.total, job.done) == ("compliance_list", "done", 2, 2)
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert rows_of(b"".join(download.streaming_content)) == at_once
    assert [a.rows for a in PersonalDataAccess.objects.order_by("pk")] == [2, 2]
    assert AuditEvent.objects.get(verb="start_status_list_export").actor == ministry


def test_asking_twice_while_it_runs_gives_the_same_job(client, world, ministry, settings):
    settings.CHEBER_EXPORT_IN_REQUEST_MAX_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    first = client.get(reverse("compliance:educator_list_xlsx"), {"status": "overdue"})
    second = client.get(reverse("compliance:educator_list_xlsx"), {"status": "overdue"})

    assert first.url == second.url
    assert Job.objects.get().status == "queued"
