"""The teacher's own certificates: the list with PDFs, all of them in one ZIP, and recording
one earned outside Cheber."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.certificates.actions import issue_certificate, revoke_certificate
from cheber.certificates.models import Certificate
from cheber.certificates.tests.conftest import complete
from cheber.core.access import Role
from cheber.registry.actions import verify_training
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import OSH_CITY, EducatorFactory, scan, unit, user_with_role
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("today", "english")
MINE = reverse("certificates:my_certificates")


@pytest.fixture
def teacher(client, teacher_user):
    client.force_login(teacher_user)
    return teacher_user


def another_certificate(provider, educator, provider_user, start: dt.date) -> Certificate:
    session = factories.session(provider_org=provider, start=start, unit_soate=OSH_CITY)
    return issue_certificate(actor=provider_user, enrolment=complete(session, educator))


def body(response) -> str:
    return response.content.decode()


def test_my_certificates_lists_only_my_own_with_pdf_links(
    client, teacher, certificate, provider, provider_user, finished_session
):
    someone_else = issue_certificate(actor=provider_user, enrolment=complete(finished_session))

    response = client.get(MINE)

    html = body(response)
    assert [c.pk for c in response.context["certificates"]] == [certificate.pk]
    assert someone_else.number not in html
    pdf = reverse("certificates:certificate_pdf", args=[certificate.pk])
    assert f"{pdf}?language=ky" in html
    assert f"{pdf}?language=ru" in html
    assert reverse("certificates:my_certificates_zip") in html


def test_my_certificates_is_not_for_those_who_teach_nowhere(client, provider_user):
    client.force_login(provider_user)

    assert client.get(MINE).status_code == 404
    assert client.get(reverse("certificates:my_certificates_zip")).status_code == 404


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_certificates_take_the_same_queries_for_1_and_3(
    client, teacher, certificate, provider, provider_user, django_assert_num_queries
):
    one = queries_of(client, MINE)
    educator = certificate.educator
    replaced = another_certificate(provider, educator, provider_user, dt.date(2025, 4, 1))
    revoke_certificate(actor=provider_user, certificate=replaced, reason="Ката")

    with django_assert_num_queries(one):
        response = client.get(MINE)
    assert len(response.context["certificates"]) == 2
    another_certificate(provider, educator, provider_user, dt.date(2024, 4, 1))
    with django_assert_num_queries(one):
        response = client.get(MINE)
    assert len(response.context["certificates"]) == 3


def test_download_all_zips_my_valid_certificates(
    client, teacher, certificate, provider, provider_user
):
    revoked = another_certificate(provider, certificate.educator, provider_user,
                                  dt.date(2025, 4, 1))  # fmt: skip
    revoke_certificate(actor=provider_user, certificate=revoked, reason="Ката")
    kept = another_certificate(provider, certificate.educator, provider_user, dt.date(2024, 4, 1))

    response = client.get(reverse("certificates:my_certificates_zip"))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="certificates.zip"'
    assert sorted(archive.namelist()) == sorted([f"{certificate.number}.pdf", f"{kept.number}.pdf"])
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_download_all_without_certificates_says_so(client, teacher):
    response = client.get(reverse("certificates:my_certificates_zip"), follow=True)

    assert "You have no certificates to download yet." in body(response)


def test_the_holder_sees_the_detail_but_no_revoke_form(client, teacher, certificate):
    url = reverse("certificates:certificate_detail", args=[certificate.pk])

    page = client.get(url)
    revoke = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"})

    assert page.status_code == 200
    assert "Revoke the certificate" not in body(page)
    assert revoke.status_code == 403


# Certificates earned outside Cheber ----------------------------------------------------------

EXTERNAL = {
    "number": "КР-2019/0457",
    "title": "Заманбап сабак: окутуунун активдүү ыкмалары",
    "provider_name": "Ош мамлекеттик университети",
    "hours": "72",
    "start_date": "2024-02-05",
    "end_date": "2024-02-16",
    "form": "stationary",
    "kind": "qualification",
    "issue_date": "2024-02-16",
}


def external_url(educator_id: int) -> str:
    return reverse("certificates:record_external", args=[educator_id])


def with_scan(**changes) -> dict:
    """The form as posted, with the scan a teacher must attach."""
    return EXTERNAL | {"document": scan()} | changes


def test_recorded_external_certificate_is_listed_as_external(client, teacher, certificate):
    educator = certificate.educator

    response = client.post(external_url(educator.pk), with_scan())

    assert response["Location"] == MINE
    external = Certificate.objects.get(external=True)
    assert (external.number, external.hours, external.signature) == ("КР-2019/0457", 72, "")
    training = external.training_record
    assert (training.source, training.verification) == ("external", "pending")
    assert training.document.read().startswith(b"%PDF")
    page = client.get(MINE)
    assert "It counts once the district methodical cabinet (or the provider)" in body(page)
    assert "external, unsigned" in body(page)
    assert "self-declared: waiting for verification" in body(page)
    assert reverse("registry:training_document", args=[training.pk]) in body(page)
    assert [c.pk for c in page.context["certificates"]] == [certificate.pk, external.pk]


def test_a_teacher_may_name_a_provider_of_cheber_instead_of_typing_it(
    client, teacher, completed_enrolment, provider
):
    data = with_scan(provider=str(provider.pk), provider_name="")

    client.post(external_url(completed_enrolment.educator_id), data)

    training = TrainingRecord.objects.get(verification="pending")
    assert (training.provider, training.provider_name) == (provider, "")
    assert Certificate.objects.get(external=True).provider_name_ky == provider.name_ky


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"hours": "0"}, {"hours": ["Ensure this value is greater than or equal to 1."]}),
        ({"hours": "сорок"}, {"hours": ["Enter a whole number."]}),
        ({"end_date": "2024-02-01"}, {"end_date": ["The end date is before the start date."]}),
        ({"end_date": "2027-01-01", "issue_date": "2027-01-01"},
         {"end_date": ["The end date is in the future."],
          "issue_date": ["The issue date is in the future."]}),
        ({"issue_date": "2024-02-10"},
         {"issue_date": ["The issue date is before the end of the course."]}),
        ({"start_date": "05.02.2024", "number": ""},
         {"start_date": ["Enter a valid date."], "number": ["This field is required."]}),
        ({"provider_name": ""},
         {"provider_name": ["Choose the provider from the list, or name the organization."]}),
        ({"provider": "99999999999999999999"},
         {"provider": ["Select a valid choice. That choice is not one of the available choices."]}),
        ({"document": ""}, {"document": ["This field is required."]}),
        ({"document": scan("certificate.txt", b"I did the course")},
         {"document": ["Attach a PDF or an image (JPEG or PNG) of the certificate."]}),
        ({"document": scan("certificate.pdf", b"<html>not a PDF</html>")},
         {"document": ["The file is not a PDF."]}),
        ({"document": scan("certificate.jpg", b"\xff\xd8 broken")},
         {"document": ["The file is not an image."]}),
    ],
)  # fmt: skip
def test_invalid_external_certificate_shows_field_errors_and_saves_nothing(
    client, teacher, completed_enrolment, changes, errors
):
    records = TrainingRecord.objects.count()

    response = client.post(external_url(completed_enrolment.educator_id), with_scan(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not Certificate.objects.exists()
    assert TrainingRecord.objects.count() == records


def test_a_teacher_may_not_record_for_someone_else(client, teacher, reference):
    stranger = EducatorFactory()

    response = client.post(external_url(stranger.pk), with_scan())

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_a_provider_may_not_record_for_its_participant(client, provider_user, completed_enrolment):
    client.force_login(provider_user)

    response = client.post(external_url(completed_enrolment.educator_id), with_scan())

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_the_principal_records_for_their_teacher(client, completed_enrolment):
    principal = user_with_role(
        "principal", Role.PRINCIPAL, organization=completed_enrolment.organization
    )
    client.force_login(principal)
    educator_id = completed_enrolment.educator_id

    response = client.post(external_url(educator_id), EXTERNAL)

    assert response["Location"] == reverse("certificates:educator_certificates", args=[educator_id])
    assert Certificate.objects.get().external is True
    # a keeper of the registry enters it: it counts as entered, with or without a scan
    assert TrainingRecord.objects.get(source="external").verification == "not_needed"


def test_the_attestation_total_counts_a_declared_certificate_once_verified(
    client, teacher, certificate
):
    educator = certificate.educator
    client.post(external_url(educator.pk), with_scan())
    url = reverse("certificates:educator_certificates", args=[educator.pk])
    waiting = client.get(url).context["total_hours"]
    methodist = user_with_role("osh", Role.DISTRICT_METHODIST, unit=unit(OSH_CITY))  # theirs

    verify_training(actor=methodist, training=TrainingRecord.objects.get(verification="pending"))

    assert (waiting, client.get(url).context["total_hours"]) == (72, 144)
