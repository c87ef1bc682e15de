"""The pages of providers, the national institute and the educator's superiors: one
certificate with its PDF, revocation and re-issue; an educator's certificates of five years;
a session's certificates."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.certificates.actions import issue_certificate, record_external_certificate
from cheber.certificates.models import Certificate
from cheber.certificates.tests.conftest import FULL_NAME, complete
from cheber.core.access import Role
from cheber.core.models import Job
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import KOCHKOR, OSH_CITY, EducatorFactory, unit
from cheber.registry.tests.factories import user_with_role as make_user
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("today", "english")


def as_user(client, user):
    client.force_login(user)
    return client


def detail_url(certificate) -> str:
    return reverse("certificates:certificate_detail", args=[certificate.pk])


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def school(completed_enrolment):
    return completed_enrolment.organization


@pytest.fixture
def principal(school):
    return make_user("principal", Role.PRINCIPAL, organization=school)


@pytest.fixture
def kochkor_methodist(reference):
    return make_user("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def other_teacher(reference):
    return make_user("other.teacher", Role.TEACHER, educator=EducatorFactory())


# Scope ---------------------------------------------------------------------------------------


def out_of_scope_requests(client, certificate):
    pk, educator = certificate.pk, certificate.educator_id
    return [
        client.get(detail_url(certificate)),
        client.get(reverse("certificates:certificate_pdf", args=[pk]), {"language": "ky"}),
        client.post(reverse("certificates:revoke", args=[pk]), {"reason": "Жок"}),
        client.post(reverse("certificates:reissue", args=[pk]), {"reason": "Жок"}),
        client.get(reverse("certificates:educator_certificates", args=[educator])),
        client.get(reverse("certificates:record_external", args=[educator])),
    ]


@pytest.mark.parametrize("who", ["other_provider_user", "kochkor_methodist", "other_teacher"])
def test_out_of_scope_users_get_404_everywhere(client, request, certificate, who):
    user = request.getfixturevalue(who)

    responses = out_of_scope_requests(as_user(client, user), certificate)

    assert [r.status_code for r in responses] == [404] * 6
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_principal_sees_the_certificate_but_may_not_revoke_it(client, principal, certificate):
    as_user(client, principal)

    page = client.get(detail_url(certificate))
    revoke = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"})

    assert page.status_code == 200
    assert FULL_NAME in body(page)
    assert page.context["can_revoke"] is False
    assert "Revoke the certificate" not in body(page)
    assert revoke.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_detail_shows_the_data_the_verification_link_and_the_pdfs(
    client, provider_user, certificate
):
    response = as_user(client, provider_user).get(detail_url(certificate))

    html = body(response)
    assert response.context["can_revoke"] and response.context["can_reissue"]
    assert f"?n={certificate.number}&amp;t={certificate.token}" in html
    for language in ("ky", "ru", "ky%2Bru"):
        pdf = reverse("certificates:certificate_pdf", args=[certificate.pk])
        assert f"{pdf}?language={language}" in html
    assert "stationary" in html


@pytest.mark.parametrize("language", ["ky", "ru", "ky+ru"])
def test_pdf_is_downloaded_as_an_attachment(client, provider_user, certificate, language):
    url = reverse("certificates:certificate_pdf", args=[certificate.pk])

    response = as_user(client, provider_user).get(url, {"language": language})

    content = b"".join(response.streaming_content)
    suffix = language.replace("+", "-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate.number}-{suffix}.pdf"'
    )
    assert content.startswith(b"%PDF")


def test_pdf_in_an_unknown_language_is_a_bad_request(client, provider_user, certificate):
    url = reverse("certificates:certificate_pdf", args=[certificate.pk])

    response = as_user(client, provider_user).get(url, {"language": "en"})

    assert response.status_code == 400


# Revoke and re-issue -------------------------------------------------------------------------


def test_provider_revokes_with_a_reason(client, provider_user, certificate):
    url = reverse("certificates:revoke", args=[certificate.pk])

    response = as_user(client, provider_user).post(url, {"reason": "Документтер жасалма"})

    certificate.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == detail_url(certificate)
    assert certificate.revocation_reason == "Документтер жасалма"
    assert certificate.revoked_by == provider_user
    page = client.get(response["Location"])
    assert f"Certificate {certificate.number} is revoked." in body(page)
    assert "Revoked on 22.11.2026." in body(page)
    assert page.context["can_revoke"] is False


def test_revoking_without_a_reason_is_a_field_error(client, provider_user, certificate):
    url = reverse("certificates:revoke", args=[certificate.pk])

    response = as_user(client, provider_user).post(url, {"reason": "  "})

    certificate.refresh_from_db()
    assert response.status_code == 200
    assert response.context["revoke_form"].errors == {"reason": ["This field is required."]}
    assert certificate.revoked_at is None


def test_revoking_twice_shows_the_action_error(client, institute_user, certificate):
    url = reverse("certificates:revoke", args=[certificate.pk])
    as_user(client, institute_user).post(url, {"reason": "Биринчи"})

    response = client.post(url, {"reason": "Экинчи"})

    certificate.refresh_from_db()
    assert response.context["revoke_form"].non_field_errors() == [
        "The certificate is already revoked."
    ]
    assert certificate.revocation_reason == "Биринчи"


def reissue_data(certificate, **changes) -> dict:
    data = {
        "full_name": certificate.full_name,
        "programme_title_ky": certificate.programme_title_ky,
        "programme_title_ru": certificate.programme_title_ru,
        "hours": certificate.hours,
        "start_date": certificate.start_date.isoformat(),
        "end_date": certificate.end_date.isoformat(),
        "reason": "Саат туура эмес жазылган",
    }
    return data | changes


def test_reissue_revokes_the_old_and_links_the_new(client, provider_user, certificate):
    url = reverse("certificates:reissue", args=[certificate.pk])

    response = as_user(client, provider_user).post(url, reissue_data(certificate, hours="80"))

    certificate.refresh_from_db()
    new = certificate.replaced_by
    assert response["Location"] == detail_url(new)
    assert (new.hours, new.full_name, new.number) == (80, FULL_NAME, "OSH-IE-2026-000002")
    assert certificate.revocation_reason == "Саат туура эмес жазылган"
    new_page = body(client.get(detail_url(new)))
    assert f"Certificate {certificate.number} is revoked and replaced by {new.number}." in new_page
    assert f'<a href="{detail_url(certificate)}">{certificate.number}</a>' in new_page
    old_page = body(client.get(detail_url(certificate)))
    assert f'<a href="{detail_url(new)}">{new.number}</a>' in old_page


def test_reissue_with_bad_dates_is_a_field_error_and_changes_nothing(
    client, provider_user, certificate
):
    url = reverse("certificates:reissue", args=[certificate.pk])
    data = reissue_data(certificate, end_date="2026-09-30")

    response = as_user(client, provider_user).post(url, data)

    assert response.context["reissue_form"].errors == {
        "end_date": ["The end date is before the start date."]
    }
    assert Certificate.objects.count() == 1
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_reissue_without_a_correction_is_refused(client, provider_user, certificate):
    url = reverse("certificates:reissue", args=[certificate.pk])

    response = as_user(client, provider_user).post(url, reissue_data(certificate))

    assert response.context["reissue_form"].non_field_errors() == [
        "Nothing is corrected: change at least one field."
    ]
    assert Certificate.objects.count() == 1


# An educator's certificates ------------------------------------------------------------------


def older_certificate(provider, educator, provider_user, start: dt.date) -> Certificate:
    session = factories.session(provider_org=provider, start=start, unit_soate=OSH_CITY)
    return issue_certificate(actor=provider_user, enrolment=complete(session, educator))


def test_educator_page_lists_five_years_with_external_ones_marked(
    client, principal, provider, provider_user, certificate
):
    educator = certificate.educator
    too_old = older_certificate(provider, educator, provider_user, dt.date(2021, 11, 1))
    in_time = older_certificate(provider, educator, provider_user, dt.date(2021, 11, 25))
    external = record_external_certificate(
        actor=principal, educator=educator, number="№ 1234", title="Инклюзивдик билим берүү",
        provider_name="Бишкек гуманитардык университети", hours=36,
        start_date=dt.date(2024, 3, 4), end_date=dt.date(2024, 3, 9),
        form=TrainingRecord.Form.SEMINAR, kind=TrainingRecord.Kind.SEMINAR,
        issue_date=dt.date(2024, 3, 9),
    )  # fmt: skip
    url = reverse("certificates:educator_certificates", args=[educator.pk])

    response = as_user(client, principal).get(url)

    html = body(response)
    assert [c.pk for c in response.context["certificates"]] == [
        certificate.pk, external.pk, in_time.pk,
    ]  # fmt: skip
    assert too_old.number not in html
    assert "external, unsigned" in html
    assert response.context["total_hours"] == 72 + 36 + 72
    assert "Courses that ended from 22.11.2021 to 22.11.2026" in html


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_educator_page_takes_the_same_queries_for_1_and_3_certificates(
    client, principal, provider, provider_user, certificate, django_assert_num_queries
):
    url = reverse("certificates:educator_certificates", args=[certificate.educator_id])
    as_user(client, principal)
    one = queries_of(client, url)
    for start in (dt.date(2025, 3, 3), dt.date(2025, 5, 5)):
        older_certificate(provider, certificate.educator, provider_user, start)

    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["certificates"]) == 3


# A session's certificates --------------------------------------------------------------------


def session_url(name: str, session) -> str:
    return reverse(f"certificates:{name}", args=[session.pk])


def test_provider_issues_the_sessions_certificates(
    client, provider_user, completed_enrolment, finished_session
):
    second = complete(finished_session, surname="Асанова")
    as_user(client, provider_user)
    before = client.get(session_url("session_certificates", finished_session))

    response = client.post(session_url("issue_session", finished_session), {"language": "ky+ru"})

    assert (before.context["missing"], before.context["issued"]) == (2, 0)
    assert response["Location"] == session_url("session_certificates", finished_session)
    numbers = dict(Certificate.objects.values_list("enrolment_id", "number"))
    assert sorted(numbers.values()) == ["OSH-IE-2026-000001", "OSH-IE-2026-000002"]
    assert set(numbers) == {completed_enrolment.pk, second.pk}
    after = client.get(response["Location"])
    assert "Certificates issued: 2." in body(after)
    assert (after.context["missing"], after.context["issued"]) == (0, 2)


def test_issuing_in_an_unknown_language_is_a_field_error(
    client, provider_user, completed_enrolment, finished_session
):
    url = session_url("issue_session", finished_session)

    response = as_user(client, provider_user).post(url, {"language": "en"})

    assert list(response.context["form"].errors) == ["language"]
    assert not Certificate.objects.exists()


def test_session_zip_starts_a_job_and_goes_to_its_page(
    client, provider_user, certificate, finished_session
):
    response = as_user(client, provider_user).post(session_url("session_zip", finished_session))

    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.params == {"session": finished_session.pk}


def test_session_zip_without_certificates_says_so(
    client, provider_user, completed_enrolment, finished_session
):
    url = session_url("session_zip", finished_session)

    response = as_user(client, provider_user).post(url, follow=True)

    assert "The session has no valid certificates to download yet." in body(response)
    assert not Job.objects.exists()


@pytest.mark.parametrize("name", ["session_certificates", "issue_session", "session_zip"])
def test_another_provider_gets_404_on_the_session_pages(
    client, other_provider_user, completed_enrolment, finished_session, name
):
    as_user(client, other_provider_user)
    url = session_url(name, finished_session)

    response = client.get(url) if name == "session_certificates" else client.post(url)

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_the_institute_sees_and_issues_any_session(
    client, institute_user, completed_enrolment, finished_session
):
    as_user(client, institute_user)

    page = client.get(session_url("session_certificates", finished_session))
    client.post(session_url("issue_session", finished_session), {"language": "ky"})

    assert page.status_code == 200
    assert Certificate.objects.get().language == "ky"


def test_session_page_takes_the_same_queries_for_1_and_3_participants(
    client, provider_user, certificate, finished_session, django_assert_num_queries
):
    url = session_url("session_certificates", finished_session)
    as_user(client, provider_user)
    one = queries_of(client, url)
    issue_certificate(actor=provider_user, enrolment=complete(finished_session))
    complete(finished_session)

    with django_assert_num_queries(one):
        response = client.get(url)
    assert (response.context["issued"], response.context["missing"]) == (2, 1)


def test_the_session_and_educator_pages_link_to_certificates(
    client, provider_user, principal, certificate, finished_session
):
    session_page = as_user(client, provider_user).get(
        reverse("delivery:session_detail", args=[finished_session.pk])
    )
    educator_page = as_user(client, principal).get(
        reverse("registry:educator_detail", args=[certificate.educator_id])
    )

    assert session_url("session_certificates", finished_session) in body(session_page)
    educator_certificates = reverse(
        "certificates:educator_certificates", args=[certificate.educator_id]
    )
    assert educator_certificates in body(educator_page)
