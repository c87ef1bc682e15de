"""Imports through the API (upload, poll the check, read its report, commit) and the
compliance statuses with the dashboards' filters."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cheber.api.tests.conftest import bearer, token_for
from cheber.core.models import Job
from cheber.imports.tests.files import PIN_F, educator, rows_of, workbook
from cheber.registry.models import Educator
from cheber.registry.tests.factories import KOCHKOR, OrganizationFactory, unit


def test_a_methodist_uploads_checks_reads_the_report_and_commits(
    client, place, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    OrganizationFactory(code="SCH-KOCH-1", unit=unit(KOCHKOR))
    headers = bearer(token_for(place.methodist), HTTP_ACCEPT_LANGUAGE="en")
    bad = educator(pin="20103197500042", surname="Токтогулов", name="Бакыт",
                   organization="SCH-NOWHERE")  # fmt: skip
    content = workbook({"Educators": rows_of([educator(), bad])})

    uploaded = client.post("/api/v1/imports", {"file": SimpleUploadedFile("staff.xlsx", content)},
                           **headers)  # fmt: skip
    assert uploaded.status_code == 202, uploaded.content
    job = client.get(f"/api/v1/imports/{uploaded.json()['id']}", **headers).json()
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(f"/api/v1/imports/{job['id']}/commit", **headers)
    final = client.get(f"/api/v1/imports/{committed.json()['id']}", **headers).json()

    assert (job["kind"], job["status"]) == ("registry_check", "done")
    assert job["report"]["errors"] == 1
    assert committed.status_code == 202
    assert (final["kind"], final["status"]) == ("registry_import", "done")
    assert Educator.objects.filter(pin=PIN_F).exists()


def test_an_upload_without_a_file_names_the_field(client, place):
    answer = client.post("/api/v1/imports", **bearer(token_for(place.methodist)))

    assert answer.status_code == 422
    assert list(answer.json()["fields"]) == ["file"]


def test_someone_elses_import_job_is_not_found(client, place, settings, tmp_path):
    job = Job.objects.create(kind="registry_check", created_by=place.institute, status="done")

    answer = client.get(f"/api/v1/imports/{job.pk}", **bearer(token_for(place.methodist)))

    assert answer.status_code == 404


def test_statuses_by_territory_hold_only_the_callers_and_filter_as_the_dashboards(client, place):
    headers = bearer(token_for(place.methodist))

    mine = client.get("/api/v1/compliance/statuses", **headers).json()["items"]
    theirs = client.get(f"/api/v1/compliance/statuses?unit={place.their_school.unit_id}",
                        **headers)  # fmt: skip
    bad = client.get("/api/v1/compliance/statuses?status=nonsense", **headers)

    assert [s["educator_id"] for s in mine] == [place.educator.pk]
    assert theirs.status_code == 404
    assert bad.status_code == 422 and list(bad.json()["fields"]) == ["status"]


def test_a_teacher_reads_their_own_status_only(client, place):
    headers = bearer(token_for(place.teacher))

    own = client.get(f"/api/v1/compliance/educators/{place.educator.pk}", **headers)
    other = client.get(f"/api/v1/compliance/educators/{place.their_educator.pk}", **headers)

    assert own.status_code == 200 and own.json()["educator_id"] == place.educator.pk
    assert other.status_code == 404


def test_the_upload_route_takes_files_up_to_the_registry_import_limit():
    from django.urls import resolve

    assert resolve("/api/v1/imports").func.upload_limit == "registry_import"
