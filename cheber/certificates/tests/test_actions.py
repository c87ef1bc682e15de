"""Issuing, revoking, re-issuing and recording certificates; who may; the numbers; the scope;
the figures for `cheber stats`."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from cheber.certificates.access import can_manage, get_certificate_for_user
from cheber.certificates.actions import (
    issue_certificate,
    issue_session_certificates,
    record_external_certificate,
    reissue_certificate,
    revoke_certificate,
    set_signer,
)
from cheber.certificates.models import Certificate, CertificateSequence
from cheber.certificates.stats import collect
from cheber.certificates.tests.conftest import (
    FULL_NAME,
    PROGRAMME_KY,
    PROGRAMME_RU,
    SIGNER_NAME,
    SIGNER_POSITION,
    complete,
)
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.delivery.models import Enrolment
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import (
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    scan,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference", "today")


# Issuing ------------------------------------------------------------------------------------


def test_issued_certificate_snapshots_the_data_and_is_signed(certificate, completed_enrolment):
    cert = Certificate.objects.get(pk=certificate.pk)

    assert cert.number == "OSH-IE-2026-000001"
    assert (cert.provider.code, cert.year, cert.sequence) == ("OSH-IE", 2026, 1)
    assert cert.full_name == FULL_NAME
    assert (cert.programme_title_ky, cert.programme_title_ru) == (PROGRAMME_KY, PROGRAMME_RU)
    assert (cert.hours, cert.form) == (72, "stationary")
    assert (cert.start_date, cert.end_date) == (dt.date(2026, 10, 1), dt.date(2026, 10, 12))
    assert cert.provider_name_ky == "Ош облустук билим берүү институту"
    assert cert.provider_name_ru == "Ошский областной институт образования"
    assert (cert.signer_name, cert.signer_position) == (SIGNER_NAME, SIGNER_POSITION)
    assert cert.issue_date == dt.date(2026, 11, 22)
    assert cert.language == "ky+ru"
    assert len(cert.token) == 43  # 256 bits, base64url
    assert len(cert.signature) == 86  # 64 bytes, base64url
    assert cert.enrolment == completed_enrolment
    assert cert.training_record == completed_enrolment.training_record
    completed_enrolment.training_record.refresh_from_db()
    assert completed_enrolment.training_record.certificate_number == "OSH-IE-2026-000001"
    event = AuditEvent.objects.get(verb="issue_certificate")
    assert (event.object_id, event.data) == (str(cert.pk), {"number": cert.number})


def test_later_edits_do_not_change_the_certificate(certificate, completed_enrolment):
    educator = completed_enrolment.educator
    educator.surname = "Асанова"
    educator.save()
    programme = completed_enrolment.session.programme
    programme.title_ky = "Башка"
    programme.save()

    certificate.refresh_from_db()
    assert certificate.full_name == FULL_NAME
    assert certificate.programme_title_ky == PROGRAMME_KY


def test_issuing_again_returns_the_same_certificate(
    certificate, completed_enrolment, provider_user
):
    again = issue_certificate(actor=provider_user, enrolment=completed_enrolment)

    assert again == certificate
    assert Certificate.objects.count() == 1
    assert CertificateSequence.objects.get().last == 1


@pytest.mark.parametrize(
    "state", [Enrolment.State.ENROLLED, Enrolment.State.NOT_COMPLETED, Enrolment.State.WITHDRAWN]
)
def test_issuing_for_someone_who_did_not_complete_is_refused(
    completed_enrolment, provider_user, state
):
    Enrolment.objects.filter(pk=completed_enrolment.pk).update(state=state, training_record=None)
    completed_enrolment.refresh_from_db()

    with pytest.raises(ValidationError) as error, translation.override("en"):
        issue_certificate(actor=provider_user, enrolment=completed_enrolment)

    assert error.value.message_dict == {
        "enrolment": ["Only an educator who completed the session gets a certificate."]
    }
    assert not Certificate.objects.exists()
    assert not CertificateSequence.objects.filter(last__gt=0).exists()


def test_issuing_without_a_training_record_is_refused(completed_enrolment, provider_user):
    Enrolment.objects.filter(pk=completed_enrolment.pk).update(training_record=None)
    completed_enrolment.refresh_from_db()

    with pytest.raises(ValidationError):
        issue_certificate(actor=provider_user, enrolment=completed_enrolment)
    assert not Certificate.objects.exists()


def test_issuing_by_another_providers_staff_is_refused(completed_enrolment, other_provider_user):
    with pytest.raises(PermissionDenied):
        issue_certificate(actor=other_provider_user, enrolment=completed_enrolment)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.AUDITOR])
def test_issuing_by_other_national_roles_is_refused(completed_enrolment, role):
    with pytest.raises(PermissionDenied):
        issue_certificate(actor=user_with_role("n", role), enrolment=completed_enrolment)


def test_issuing_by_the_educator_is_refused(completed_enrolment, teacher_user):
    with pytest.raises(PermissionDenied):
        issue_certificate(actor=teacher_user, enrolment=completed_enrolment)


def test_institute_may_issue(completed_enrolment, institute_user):
    cert = issue_certificate(actor=institute_user, enrolment=completed_enrolment, language="ru")

    assert (cert.number, cert.language, cert.issued_by) == (
        "OSH-IE-2026-000001",
        "ru",
        institute_user,
    )


def test_unknown_language_is_refused(completed_enrolment, provider_user):
    with pytest.raises(ValidationError) as error:
        issue_certificate(actor=provider_user, enrolment=completed_enrolment, language="en")
    assert list(error.value.message_dict) == ["language"]
    assert not CertificateSequence.objects.filter(last__gt=0).exists()


def test_session_issue_numbers_in_order_and_skips_those_done(
    certificate, finished_session, provider_user
):
    others = [complete(finished_session, surname=f"Үсөнова{i}") for i in range(3)]
    Enrolment.objects.create(
        session=finished_session, educator=EducatorFactory(), organization=others[0].organization,
        unit=others[0].unit, funding="budget", origin="application", state="not_completed",
    )  # fmt: skip

    issued = issue_session_certificates(actor=provider_user, session=finished_session)

    assert [c.number for c in issued] == [f"OSH-IE-2026-00000{n}" for n in (2, 3, 4)]
    assert [c.enrolment for c in issued] == others
    assert issue_session_certificates(actor=provider_user, session=finished_session) == []
    assert Certificate.objects.count() == 4


def test_session_issue_by_another_provider_is_refused(finished_session, other_provider_user):
    with pytest.raises(PermissionDenied):
        issue_session_certificates(actor=other_provider_user, session=finished_session)


def test_numbers_are_per_provider_and_year(certificate, provider_user, time_machine):
    naryn = factories.provider("NRN-MC")
    naryn_staff = user_with_role("nrn", Role.PROVIDER_STAFF, organization=naryn)
    naryn_session = factories.session(provider_org=naryn, start=dt.date(2026, 9, 1))
    theirs = issue_certificate(actor=naryn_staff, enrolment=complete(naryn_session))
    time_machine.move_to(dt.datetime(2027, 1, 10, 10, tzinfo=dt.UTC))
    next_year = issue_certificate(
        actor=provider_user, enrolment=complete(certificate.enrolment.session)
    )

    assert theirs.number == "NRN-MC-2026-000001"
    assert next_year.number == "OSH-IE-2027-000001"
    assert next_year.issue_date == dt.date(2027, 1, 10)


# Revocation and re-issue ------------------------------------------------------------------


def test_revoke_records_date_reason_and_who(certificate, provider_user, today):
    revoke_certificate(actor=provider_user, certificate=certificate, reason="Документ жоголду")

    certificate.refresh_from_db()
    assert certificate.revoked_at.date() == today
    assert certificate.revoked_by == provider_user
    assert certificate.revocation_reason == "Документ жоголду"
    assert AuditEvent.objects.filter(verb="revoke_certificate").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoke_needs_a_reason(certificate, provider_user, reason):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        revoke_certificate(actor=provider_user, certificate=certificate, reason=reason)
    assert error.value.message_dict == {"reason": ["Give the reason."]}
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_revoke_twice_is_refused(certificate, provider_user):
    revoke_certificate(actor=provider_user, certificate=certificate, reason="Ката")
    with pytest.raises(ValidationError):
        revoke_certificate(actor=provider_user, certificate=certificate, reason="Ката")


def test_revoke_by_institute_allowed_by_other_provider_refused(
    certificate, institute_user, other_provider_user, teacher_user
):
    for user in (other_provider_user, teacher_user):
        assert not can_manage(user, certificate)
        with pytest.raises(PermissionDenied):
            revoke_certificate(actor=user, certificate=certificate, reason="Ката")
    assert can_manage(institute_user, certificate)
    revoke_certificate(actor=institute_user, certificate=certificate, reason="Ката")


def test_reissue_links_old_to_new_and_revokes_the_old(certificate, provider_user):
    new = reissue_certificate(
        actor=provider_user, certificate=certificate, reason="Аты туура эмес жазылган",
        full_name="Өмүрбекова Жаңылай Сагынбаевна", hours=80,
    )  # fmt: skip

    certificate.refresh_from_db()
    assert certificate.replaced_by == new
    assert certificate.is_revoked
    assert certificate.revocation_reason == "Аты туура эмес жазылган"
    assert new.number == "OSH-IE-2026-000002"
    assert (new.full_name, new.hours) == ("Өмүрбекова Жаңылай Сагынбаевна", 80)
    assert new.programme_title_ky == PROGRAMME_KY
    assert new.enrolment == certificate.enrolment and new.token != certificate.token
    assert new.replaces == certificate
    assert TrainingRecord.objects.get(pk=new.training_record_id).certificate_number == new.number
    # the enrolment holds a valid certificate again: issuing returns the new one
    assert issue_certificate(actor=provider_user, enrolment=certificate.enrolment) == new


def test_reissue_with_bad_corrections_changes_nothing(certificate, provider_user):
    with pytest.raises(ValidationError) as error:
        reissue_certificate(
            actor=provider_user, certificate=certificate, reason="Ката", full_name=" ",
            hours=0, end_date=dt.date(2026, 9, 1), form="correspondence",
        )  # fmt: skip

    assert set(error.value.message_dict) == {"full_name", "hours", "end_date", "form"}
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    assert Certificate.objects.count() == 1
    assert CertificateSequence.objects.get().last == 1


def test_reissue_by_another_provider_is_refused(certificate, other_provider_user):
    with pytest.raises(PermissionDenied):
        reissue_certificate(actor=other_provider_user, certificate=certificate, reason="Ката")


# External certificates --------------------------------------------------------------------


def external(actor, educator, **changes):
    values = {
        "number": "№ 0042", "title": "Инклюзивдүү билим берүү", "provider_name": "Goethe-Institut",
        "hours": 36, "start_date": dt.date(2019, 3, 1), "end_date": dt.date(2019, 3, 5),
        "form": "seminar", "kind": "seminar", "issue_date": dt.date(2019, 3, 5),
        "document": scan(),
    }  # fmt: skip
    values.update(changes)
    return record_external_certificate(actor=actor, educator=educator, **values)


def test_external_certificate_is_recorded_unsigned_and_counted(
    completed_enrolment, teacher_user, certificate
):
    cert = external(teacher_user, completed_enrolment.educator)

    assert cert.external and cert.provider is None and cert.signing_key is None
    assert (cert.signature, cert.token) == ("", "")
    assert cert.full_name == FULL_NAME
    training = cert.training_record
    assert (training.source, training.kind, training.provider_name) == (
        "external",
        "seminar",
        "Goethe-Institut",
    )
    assert (training.certificate_number, training.hours) == ("№ 0042", 36)
    assert (training.title_ru, cert.programme_title_ru) == ("", "")
    assert collect() == {"certificates": {"issued": 1, "revoked": 0, "external": 1}}


def test_external_certificate_keeps_both_titles_in_the_history_and_on_the_certificate(
    completed_enrolment, teacher_user
):
    cert = external(teacher_user, completed_enrolment.educator,
                    title_ru="Инклюзивное образование")  # fmt: skip

    training = cert.training_record
    assert (training.title, training.title_ru) == (
        "Инклюзивдүү билим берүү", "Инклюзивное образование"
    )  # fmt: skip
    assert cert.programme_title_ru == "Инклюзивное образование"


def test_external_certificate_by_staff_who_see_the_educator(completed_enrolment):
    principal = user_with_role(
        "principal", Role.PRINCIPAL,
        organization=completed_enrolment.educator.employments.get().organization,
    )  # fmt: skip
    assert external(principal, completed_enrolment.educator).external


def test_external_certificate_for_an_educator_out_of_scope_is_refused(completed_enrolment):
    methodist = user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

    with pytest.raises(PermissionDenied):
        external(methodist, completed_enrolment.educator)
    assert not TrainingRecord.objects.filter(source="external").exists()


def test_external_certificate_with_bad_input_names_the_fields(completed_enrolment, teacher_user):
    with pytest.raises(ValidationError) as error:
        external(
            teacher_user, completed_enrolment.educator, number="", provider_name="",
            hours=0, form="by-post", kind="other", issue_date=dt.date(2030, 1, 1),
        )  # fmt: skip

    assert set(error.value.message_dict) == {
        "number", "provider_name", "hours", "form", "kind", "issue_date",
    }  # fmt: skip
    assert not TrainingRecord.objects.filter(source="external").exists()


# Scope and figures ----------------------------------------------------------------------


def test_visible_to(certificate, teacher_user, provider_user, other_provider_user, institute_user):
    stranger = EducatorFactory()
    employ(stranger, OrganizationFactory(unit=unit(KOCHKOR)))
    other_teacher = user_with_role("other", Role.TEACHER, educator=stranger)
    kochkor = user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    principal = user_with_role(
        "principal",
        Role.PRINCIPAL,
        organization=certificate.educator.employments.get().organization,
    )

    for user in (teacher_user, provider_user, institute_user, principal):
        assert list(Certificate.objects.visible_to(user)) == [certificate], user
        assert get_certificate_for_user(user, certificate.pk) == certificate
    for user in (other_provider_user, other_teacher, kochkor):
        assert not Certificate.objects.visible_to(user).exists(), user
        with pytest.raises(Http404):
            get_certificate_for_user(user, certificate.pk)


def test_stats_count_issued_revoked_and_external(certificate, provider_user, teacher_user):
    reissue_certificate(actor=provider_user, certificate=certificate, reason="Ката")
    external(teacher_user, certificate.educator)

    assert collect() == {"certificates": {"issued": 2, "revoked": 1, "external": 1}}


def test_stats_command_includes_certificates(certificate):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("stats", "--json", stdout=out)

    assert json.loads(out.getvalue())["certificates"] == {"issued": 1, "revoked": 0, "external": 0}


def test_set_signer_needs_name_and_position(provider, provider_user):
    with pytest.raises(ValidationError) as error:
        set_signer(actor=provider_user, provider=provider, name="", position=" ")
    assert set(error.value.message_dict) == {"name", "position"}


def test_tokens_are_256_bits_and_never_look_like_an_option():
    from cheber.certificates.signing import new_token

    tokens = {new_token() for _ in range(2_000)}

    assert len(tokens) == 2_000
    assert {len(t) for t in tokens} == {43}
    assert not any(t.startswith("-") for t in tokens)


def test_external_certificate_number_too_long_is_named_number(completed_enrolment, teacher_user):
    with pytest.raises(ValidationError) as error:
        external(teacher_user, completed_enrolment.educator, number="№" * 65)

    assert list(error.value.message_dict) == ["number"]
