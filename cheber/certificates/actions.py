"""Every change to certificates: issue, revoke, re-issue, record one earned outside Cheber,
set the signer, rotate a provider's key. Each is atomic, checks who acts, and is audited.

Issuing is idempotent: asking again for an enrolment that already holds a certificate that is
not revoked returns that certificate (no new number, nothing recorded).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.certificates import jobs
from cheber.certificates.access import (
    can_issue_for,
    can_manage,
    can_manage_keys,
    can_record_external,
)
from cheber.certificates.models import Certificate, SigningKey
from cheber.certificates.numbering import take_numbers
from cheber.certificates.signing import (
    active_key,
    canonical_payload,
    new_key,
    new_token,
    reencrypted,
    retire,
    sign,
)
from cheber.core.actors import SYSTEM, user_or_none
from cheber.core.audit import record, record_many, via_of
from cheber.core.jobs import start_job
from cheber.core.models import AuditEvent, Job
from cheber.delivery.models import Enrolment
from cheber.registry.access import declares_own
from cheber.registry.documents import checked_document
from cheber.registry.models import Educator, Organization, TrainingRecord
from cheber.schedule.models import Session

LANGUAGES = Certificate.Language.values


# Issuing -----------------------------------------------------------------------------------


@transaction.atomic
def issue_certificate(*, actor: Any, enrolment: Enrolment, language: str = "ky+ru") -> Certificate:
    """The certificate of a completed enrolment, issued now by the session's provider (or the
    national institute); the existing one if it already has one that is not revoked."""
    session = Session.objects.select_related("provider").get(pk=enrolment.session_id)
    if not can_issue_for(actor, session.provider_id):
        raise PermissionDenied
    locked = _lock_enrolments(Enrolment.objects.filter(pk=enrolment.pk))
    existing = Certificate.objects.filter(enrolment=enrolment, revoked_at=None).first()
    if existing is not None:
        return existing
    _require_completed(locked[0])
    return _issue_many(actor=actor, provider=session.provider, enrolments=locked,
                      language=language)[0]  # fmt: skip


@transaction.atomic
def issue_session_certificates(
    *, actor: Any, session: Session, language: str = "ky+ru"
) -> list[Certificate]:
    """Certificates for every completed enrolment of the session that has none valid yet."""
    if not can_issue_for(actor, session.provider_id):
        raise PermissionDenied
    pending = (
        Enrolment.objects.filter(session=session, state=Enrolment.State.COMPLETED)
        .exclude(training_record=None)
        .exclude(
            pk__in=Certificate.objects.valid()
            .filter(enrolment__session=session)
            .values("enrolment_id")
        )
    )
    locked = _lock_enrolments(pending)
    # Read again once locked: a simultaneous issue may have certified some meanwhile.
    done = set(
        Certificate.objects.valid()
        .filter(enrolment__in=[e.pk for e in locked])
        .values_list("enrolment_id", flat=True)
    )
    enrolments = [e for e in locked if e.pk not in done]
    if not enrolments:
        return []
    provider = Organization.objects.get(pk=session.provider_id)
    return _issue_many(actor=actor, provider=provider, enrolments=enrolments, language=language)


def _lock_enrolments(enrolments) -> list[Enrolment]:
    # Locked so two simultaneous issues for one enrolment cannot both make a certificate.
    return list(
        enrolments.select_for_update(of=("self",))
        .select_related("educator", "training_record", "session__programme")
        .order_by("pk")
    )


def _require_completed(enrolment: Enrolment) -> None:
    if enrolment.state != Enrolment.State.COMPLETED or enrolment.training_record is None:
        raise ValidationError(
            {"enrolment": _("Only an educator who completed the session gets a certificate.")}
        )


def _issue_many(
    *, actor: Any, provider: Organization, enrolments: list[Enrolment], language: str = "ky+ru"
) -> list[Certificate]:
    """Issue, number and sign certificates for completed enrolments of one provider, in bulk,
    dated today. The caller holds the enrolments' locks."""
    day = timezone.localdate()
    return issue_dated(
        actor=actor, provider=provider, dated=[(e, day) for e in enrolments], language=language
    )


def issue_dated(
    *, actor: Any, provider: Organization, dated: list[tuple[Enrolment, dt.date]],
    language: str = "ky+ru",
) -> list[Certificate]:  # fmt: skip
    """Certificates for completed enrolments of one provider, each with its own issue date
    (the demo dates them in the past): numbered in the order given, one block of numbers per
    year, one insert. The caller holds the enrolments' locks (or, seeding, is alone)."""
    if not can_issue_for(actor, provider.pk):
        raise PermissionDenied
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose Kyrgyz, Russian or both.")})
    key = active_key(provider)
    years = sorted({day.year for _, day in dated})
    counts = {year: sum(day.year == year for _, day in dated) for year in years}
    numbers = {year: iter(take_numbers(provider, year, counts[year])) for year in years}
    user = user_or_none(actor)
    certificates = []
    for enrolment, day in dated:
        sequence, number = next(numbers[day.year])
        cert = Certificate(
            **_snapshot(enrolment, provider), number=number, provider=provider, year=day.year,
            sequence=sequence, issue_date=day, language=language, signer_name=key.signer_name,
            signer_position=key.signer_position, issued_by=user,
        )  # fmt: skip
        certificates.append(_seal(cert, key))
    certificates = Certificate.objects.bulk_create(certificates, batch_size=500)
    _write_numbers_into_history([e.training_record_id for e, _ in dated])
    _audit_many(actor, "issue_certificate", certificates)
    return certificates


def _write_numbers_into_history(training_record_ids: list[int]) -> None:
    """Each training record gets the number of its valid certificate (one UPDATE)."""
    number = Certificate.objects.valid().filter(training_record=OuterRef("pk")).values("number")
    TrainingRecord.objects.filter(pk__in=training_record_ids).update(
        certificate_number=Subquery(number[:1])
    )


def _snapshot(enrolment: Enrolment, provider: Organization) -> dict[str, Any]:
    """The data as it stands today; later edits to the educator or programme change nothing."""
    training, programme = enrolment.training_record, enrolment.session.programme
    return {
        "educator": enrolment.educator, "enrolment": enrolment, "training_record": training,
        "full_name": enrolment.educator.full_name, "programme_title_ky": programme.title_ky,
        "programme_title_ru": programme.title_ru, "hours": training.hours,
        "start_date": training.start_date, "end_date": training.end_date, "form": training.form,
        "provider_name_ky": provider.name_ky, "provider_name_ru": provider.name_ru,
    }  # fmt: skip


def _seal(cert: Certificate, key: SigningKey) -> Certificate:
    cert.token = new_token()
    cert.signing_key = key
    cert.signature = sign(canonical_payload(cert, key.key_id), key)
    return cert


def _audit_many(actor: Any, verb: str, certificates: list[Certificate]) -> None:
    events = [
        AuditEvent(
            actor=user_or_none(actor),
            via=via_of(actor),
            verb=verb,
            object_type="certificates.certificate",
            object_id=str(cert.pk),
            data={"number": cert.number},
        )  # fmt: skip
        for cert in certificates
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)


# Revocation and re-issue -----------------------------------------------------------------


def _locked_for_change(actor: Any, certificate: Certificate, reason: str) -> Certificate:
    if not can_manage(actor, certificate):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise ValidationError(_("The certificate is already revoked."))
    return locked


@transaction.atomic
def revoke_certificate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: it then verifies as revoked, with the date and the reason."""
    cert = _locked_for_change(actor, certificate, reason)
    _revoke(actor, cert, reason.strip())
    cert.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record(actor=actor, verb="revoke_certificate", obj=cert, number=cert.number, reason=reason)
    return cert


def _revoke(actor: Any, cert: Certificate, reason: str) -> None:
    cert.revoked_at = timezone.now()
    cert.revoked_by = user_or_none(actor)
    cert.revocation_reason = reason


CORRECTABLE = ("full_name", "programme_title_ky", "programme_title_ru", "hours", "start_date",
               "end_date", "form", "language")  # fmt: skip


@transaction.atomic
def reissue_certificate(
    *, actor: Any, certificate: Certificate, reason: str, full_name: str | None = None,
    programme_title_ky: str | None = None, programme_title_ru: str | None = None,
    hours: int | None = None, start_date: dt.date | None = None, end_date: dt.date | None = None,
    form: str | None = None, language: str | None = None,
) -> Certificate:  # fmt: skip
    """Issue a corrected certificate with a new number; the old one is revoked (for `reason`)
    and points to the new one."""
    old = _locked_for_change(actor, certificate, reason)
    if old.external:
        raise ValidationError(_("A certificate recorded from outside is not re-issued."))
    given = {
        "full_name": full_name, "programme_title_ky": programme_title_ky,
        "programme_title_ru": programme_title_ru, "hours": hours, "start_date": start_date,
        "end_date": end_date, "form": form, "language": language,
    }  # fmt: skip
    data = {name: getattr(old, name) for name in CORRECTABLE}
    data.update({name: value for name, value in given.items() if value is not None})
    _check_corrections(data)
    # Revoked before the new one exists: an enrolment holds one valid certificate at a time.
    _revoke(actor, old, reason.strip())
    old.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    new = _issue_copy(actor, old, data)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    if old.training_record_id:
        TrainingRecord.objects.filter(pk=old.training_record_id).update(
            certificate_number=new.number
        )
    record(actor=actor, verb="reissue_certificate", obj=old, number=old.number,
           new_number=new.number, reason=reason)  # fmt: skip
    return new


def _issue_copy(actor: Any, old: Certificate, data: dict[str, Any]) -> Certificate:
    provider = Organization.objects.get(pk=old.provider_id)
    today = timezone.localdate()
    key = active_key(provider)
    [(sequence, number)] = take_numbers(provider, today.year, 1)
    new = Certificate(
        **data, number=number, educator_id=old.educator_id, enrolment_id=old.enrolment_id,
        training_record_id=old.training_record_id, provider=provider, year=today.year,
        sequence=sequence, provider_name_ky=provider.name_ky, provider_name_ru=provider.name_ru,
        signer_name=key.signer_name, signer_position=key.signer_position, issue_date=today,
        issued_by=user_or_none(actor),
    )  # fmt: skip
    _seal(new, key).save()
    return new


def _check_corrections(data: dict[str, Any]) -> None:
    errors = {}
    if not str(data["full_name"]).strip():
        errors["full_name"] = _("Give the full name.")
    if not str(data["programme_title_ky"]).strip():
        errors["programme_title_ky"] = _("Give the programme's title in Kyrgyz.")
    if not isinstance(data["hours"], int) or not 0 < data["hours"] < 32768:
        errors["hours"] = _("Hours must be a whole number above zero.")
    if data["end_date"] < data["start_date"]:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if data["form"] not in TrainingRecord.Form.values:
        errors["form"] = _("Choose a form of training.")
    if data["language"] not in LANGUAGES:
        errors["language"] = _("Choose Kyrgyz, Russian or both.")
    if errors:
        raise ValidationError(errors)


# Certificates earned outside Cheber ----------------------------------------------------------


@transaction.atomic
def record_external_certificate(
    *, actor: Any, educator: Educator, number: str, title: str, provider_name: str, hours: int,
    start_date: dt.date, end_date: dt.date, form: str, kind: str, issue_date: dt.date,
    provider: Organization | None = None, document: UploadedFile | None = None,
    title_ru: str = "",
) -> Certificate:  # fmt: skip
    """Record a certificate earned outside Cheber (a historic paper one, a foreign course) in
    the educator's history: marked external, unsigned, not publicly verifiable. Entered by the
    educator themself (or anyone but the registry's keepers), it is self-declared: its scan is
    required, and the training counts only once the district cabinet (or the provider named)
    has verified it, as the policy says."""
    if not can_record_external(actor, educator):
        raise PermissionDenied
    declared = declares_own(actor, educator)
    training = TrainingRecord(
        educator=educator, provider=provider, provider_name=(provider_name or "").strip(),
        title=(title or "").strip(), title_ru=(title_ru or "").strip(), hours=hours,
        start_date=start_date, end_date=end_date, form=form, kind=kind,
        certificate_number=(number or "").strip(),
        source=TrainingRecord.Source.EXTERNAL, recorded_by=user_or_none(actor),
        verification=TrainingRecord.Verification.PENDING if declared
        else TrainingRecord.Verification.NOT_NEEDED,
    )  # fmt: skip
    scan = _check_external(training, issue_date, document, required=declared)
    if scan is not None:
        training.document.save(scan.name, scan, save=False)
    training.save()
    cert = Certificate.objects.create(
        number=training.certificate_number, external=True, educator=educator,
        training_record=training, full_name=educator.full_name, programme_title_ky=training.title,
        programme_title_ru=training.title_ru, hours=hours, start_date=start_date,
        end_date=end_date, form=form,
        provider_name_ky=provider.name_ky if provider else training.provider_name,
        provider_name_ru=provider.name_ru if provider else "",
        issue_date=issue_date, language="ky", issued_by=training.recorded_by,
    )  # fmt: skip
    record(actor=actor, verb="record_external_certificate", obj=cert, educator=educator.pk,
           number=cert.number, declared=declared)  # fmt: skip
    return cert


def _check_external(
    training: TrainingRecord, issue_date: dt.date | None, document: UploadedFile | None,
    *, required: bool,
) -> ContentFile | None:  # fmt: skip
    """Every error of the data at once (nothing is saved with any); the scan to store."""
    errors: dict[str, list] = {}
    try:
        training.full_clean(exclude=["educator", "recorded_by", "document"],
                            validate_constraints=False)  # fmt: skip
    except ValidationError as error:
        errors.update(error.message_dict)
    if "certificate_number" in errors:  # the action's (and the form's) name for it
        errors["number"] = errors.pop("certificate_number")
    if training.provider_id and training.provider.type != Organization.Type.PROVIDER:
        errors["provider"] = [_("Choose a provider of training.")]
    if not isinstance(training.hours, int) or training.hours < 1:
        errors["hours"] = [_("Hours must be a whole number above zero.")]
    if not training.certificate_number:
        errors.setdefault("number", []).append(_("Give the certificate's number."))
    if issue_date is None or issue_date > timezone.localdate():
        errors.setdefault("issue_date", []).append(_("The issue date cannot be in the future."))
    elif training.end_date and issue_date < training.end_date:
        errors.setdefault("issue_date", []).append(
            _("The issue date cannot be before the end of the training.")
        )
    scan = None
    if document is not None or required:
        try:
            scan = checked_document(document)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return scan


# Keys --------------------------------------------------------------------------------------


def _require_key_manager(actor: Any, provider: Organization) -> None:
    """Staff of the provider or the institute; the server's operator acts as `SYSTEM`."""
    if provider.type != Organization.Type.PROVIDER:
        raise ValidationError({"provider": _("Only a provider signs certificates.")})
    if not can_manage_keys(actor, provider):
        raise PermissionDenied


@transaction.atomic
def set_signer(*, actor: Any, provider: Organization, name: str, position: str) -> SigningKey:
    """Who signs the provider's certificates from now on (the active key carries it)."""
    _require_key_manager(actor, provider)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the signer's name.")
    if not (position or "").strip():
        errors["position"] = _("Give the signer's position.")
    if errors:
        raise ValidationError(errors)
    key = SigningKey.objects.select_for_update().get(pk=active_key(provider).pk)
    key.signer_name, key.signer_position = name.strip(), position.strip()
    key.save(update_fields=["signer_name", "signer_position"])
    record(actor=actor, verb="set_signer", obj=key, name=key.signer_name,
           position=key.signer_position)  # fmt: skip
    return key


@transaction.atomic
def rotate_signing_key(*, actor: Any, provider: Organization) -> SigningKey:
    """Retire the provider's active key and make a new one (same signer). Certificates signed
    with the old key still verify: its public half stays published."""
    _require_key_manager(actor, provider)
    old = SigningKey.objects.select_for_update().filter(provider=provider, retired_at=None).first()
    signer = {}
    if old is not None:
        retire(old)
        signer = {"signer_name": old.signer_name, "signer_position": old.signer_position}
    key = new_key(provider, **signer)
    key.save()
    record(actor=actor, verb="rotate_signing_key", obj=key, provider=provider.code,
           retired=old.key_id if old else None)  # fmt: skip
    return key


@transaction.atomic
def reencrypt_signing_keys(*, actor: Any) -> int:
    """Every provider's private signing keys, retired ones too, encrypted again with the
    key-encryption key now in force (see `signing`); how many. Only the server's operator
    does it: it follows a change of the server's environment."""
    if actor is not SYSTEM:
        raise PermissionDenied
    keys = list(SigningKey.objects.select_for_update().select_related("provider").order_by("pk"))
    for key in keys:
        key.private_key = reencrypted(bytes(key.private_key))
    SigningKey.objects.bulk_update(keys, ["private_key"], batch_size=500)
    events = ((key, {"provider": key.provider.code}) for key in keys)
    record_many(actor=actor, verb="reencrypt_signing_key", events=events)
    return len(keys)


# A session's certificates in one ZIP, made in the background ------------------------------


@transaction.atomic
def start_session_zip(*, actor: Any, session: Session) -> Job:
    """Start making the ZIP of a session's valid certificates in the background; the same
    user's unfinished job for the session is returned instead of starting a second one."""
    if not can_issue_for(actor, session.provider_id):
        raise PermissionDenied
    if not jobs.session_certificates(session.pk).exists():
        raise ValidationError(_("The session has no valid certificates to download yet."))
    params = {"session": session.pk}
    return start_job(actor=actor, kind=jobs.SESSION_ZIP, params=params, verb="start_session_zip",
                     task=jobs.build_session_zip, session=session.pk)  # fmt: skip
