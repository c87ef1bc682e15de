"""Pages of certificates: the public verification page and the published keys; the teacher's
own certificates; one certificate with its PDF, revocation and re-issue; an educator's
certificates for the attestation commission; a session's certificates for its provider.

Every page fetches through an access helper (404 out of scope); every change is one action,
posted with CSRF and followed by a redirect.
"""

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from cheber.certificates import access, actions, credentials, jobs, pdf, qr, ratelimit, signing
from cheber.certificates.forms import (
    ExternalCertificateForm,
    LanguageForm,
    ReissueForm,
    RevokeForm,
    VerifyForm,
)
from cheber.certificates.models import Certificate
from cheber.certificates.verification import verify as verify_certificate
from cheber.core.access import access_for
from cheber.core.access_log import log_record
from cheber.core.forms import add_action_errors
from cheber.core.uploads import upload_limit
from cheber.delivery.models import Enrolment
from cheber.registry.access import can_edit_registry, declares_own, get_educator_for_user
from cheber.registry.models import TrainingRecord
from cheber.schedule.access import get_managed_session_for_user

ATTESTATION_YEARS = 5

# Public: verification and keys ---------------------------------------------------------------


@never_cache
@require_safe
def verify(request):
    """By number and token typed from the paper, or by the QR code's link (which adds the
    signature and key id). "Not found" says nothing more than that."""
    context = {"form": VerifyForm(), "verdict": None}
    if any(request.GET.get(name) for name in ("n", "t", "s", "k")):
        if not ratelimit.hit("verify", request):
            context["limited"] = True
            response = render(request, "certificates/verify.html", context, status=429)
            response["Retry-After"] = str(ratelimit.limits()[1])
            return _public(response)
        form = context["form"] = VerifyForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            verdict = verify_certificate(
                data["n"], data["t"], signature=data["s"] or None, key_id=data["k"] or None
            )
            context |= {"verdict": verdict, "data": _shown(verdict.data)}
    return _public(render(request, "certificates/verify.html", context))


def _shown(data: dict) -> dict:
    """The data as issued, with its dates as dates and its form in words."""
    shown = dict(data)
    for name in ("start_date", "end_date", "issue_date"):
        if isinstance(shown.get(name), str):
            shown[name] = dt.date.fromisoformat(shown[name])
    shown["form_label"] = _form_label(shown.get("form", ""))
    return shown


def _form_label(code: str) -> str:
    return str(dict(TrainingRecord.Form.choices).get(code, code))


def _public(response):
    # The token travels in the address: no search engine should keep it.
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def public_keys(request):
    """The providers' public keys, old ones included, for verifiers (also offline ones)."""
    document = signing.public_keys_document()
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=3600)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _published(document: dict, *, max_age: int = 3600) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def jwks(request):
    """Every provider's public keys as a JWK set (kid = the key's DID URL)."""
    return _published(credentials.jwks())


@require_safe
def site_did(request):
    """/.well-known/did.json: the host's DID document, listing every provider's keys."""
    return _published(credentials.site_did_document())


def _issuer(code: str):
    provider = credentials.provider_by_code(code)
    if provider is None:
        raise Http404
    return provider


@require_safe
def issuer_did(request, code: str):
    """The DID document of one provider (did:web:<host>:certificates:issuers:<code>)."""
    return _published(credentials.did_document(_issuer(code)))


@require_safe
def status_list(request, code: str, number: int):
    """The provider's Bitstring Status List credential (revocation), signed, as a JWT."""
    token = credentials.signed_status_list(_issuer(code), number)
    if token is None:
        raise Http404
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    # A revocation should reach verifiers within minutes, not an hour.
    patch_cache_control(response, public=True, max_age=300)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The teacher's own ---------------------------------------------------------------------------


def _own_certificates(user):
    roles = access_for(user)
    if not roles.is_teacher:
        raise Http404
    return Certificate.objects.visible_to(user).filter(educator_id__in=roles.educator_ids)


@login_required
def my_certificates(request):
    certificates = _own_certificates(request.user).select_related("replaced_by", "training_record")
    context = {
        "certificates": list(certificates.order_by("-end_date", "-pk")),
        "educator_id": access_for(request.user).educator_id,
    }
    return render(request, "certificates/my_certificates.html", context)


@login_required
def my_certificates_zip(request):
    """All the teacher's own valid certificates in one ZIP, made in the request (a few)."""
    valid = _own_certificates(request.user).filter(external=False, revoked_at=None)
    certificates = list(valid.order_by("-end_date", "-pk"))
    if not certificates:
        messages.info(request, _("You have no certificates to download yet."))
        return redirect("certificates:my_certificates")
    content = jobs.zip_certificates(certificates)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename="certificates.zip",
        content_type="application/zip",
    )  # fmt: skip


# One certificate ---------------------------------------------------------------------------


def _render_detail(request, certificate, *, revoke_form=None, reissue_form=None, status=200):
    can_revoke = not certificate.is_revoked and access.can_manage(request.user, certificate)
    context = {
        "certificate": certificate,
        "form_label": _form_label(certificate.form),
        # the certificate this one replaced, if any (reached from this one, so in scope)
        "replaces": getattr(certificate, "replaces", None),
        "verification_url": None if certificate.external else qr.verification_url(certificate),
        "can_revoke": can_revoke,
        "can_reissue": can_revoke and not certificate.external,
        "revoke_form": revoke_form or RevokeForm(),
        "reissue_form": reissue_form or ReissueForm(certificate=certificate),
        "pdf_languages": Certificate.Language.choices,
    }
    return render(request, "certificates/certificate_detail.html", context, status=status)


@login_required
def certificate_detail(request, pk: int):
    certificate = access.get_certificate_for_user(request.user, pk)
    return _render_detail(request, certificate)


@login_required
@require_safe
def certificate_pdf(request, pk: int):
    certificate = access.get_certificate_for_user(request.user, pk)
    if certificate.external:
        raise Http404  # recorded from a paper: Cheber has no document of its own to print
    language = request.GET.get("language") or certificate.language
    if language not in Certificate.Language.values:
        return HttpResponseBadRequest(_("Unknown language of the certificate."))
    content = pdf.render_certificate(certificate, language=language)
    filename = pdf.filename(certificate).removesuffix(".pdf") + f"-{language.replace('+', '-')}.pdf"
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename,
        content_type="application/pdf",
    )  # fmt: skip


def _credential_certificate(user, pk: int) -> Certificate:
    """Whoever may download the PDF may download the credential; an external certificate
    has neither."""
    certificate = access.get_certificate_for_user(user, pk)
    if certificate.external:
        raise Http404
    return certificate


@login_required
@require_safe
def certificate_credential(request, pk: int):
    """The certificate as an Open Badges 3.0 credential, signed (VC-JOSE JWT)."""
    certificate = _credential_certificate(request.user, pk)
    token = credentials.signed_credential(certificate)
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    name = credentials.filename(certificate, "jwt")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_safe
def certificate_credential_json(request, pk: int):
    """The same credential unsigned, to read (a verifier needs the JWT)."""
    certificate = _credential_certificate(request.user, pk)
    return JsonResponse(
        credentials.credential(certificate),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def _managed_certificate(user, pk: int) -> Certificate:
    certificate = access.get_certificate_for_user(user, pk)
    if not access.can_manage(user, certificate):
        raise PermissionDenied
    return certificate


@login_required
@require_POST
def revoke(request, pk: int):
    certificate = _managed_certificate(request.user, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.revoke_certificate(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("Certificate %(number)s is revoked.") % {
                "number": certificate.number})  # fmt: skip
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    return _render_detail(request, certificate, revoke_form=form)


@login_required
@require_POST
def reissue(request, pk: int):
    certificate = _managed_certificate(request.user, pk)
    form = ReissueForm(request.POST, certificate=certificate)
    if form.is_valid():
        try:
            new = actions.reissue_certificate(
                actor=request.user, certificate=certificate,
                reason=form.cleaned_data["reason"], **form.corrections(),
            )  # fmt: skip
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(
                request,
                _("Certificate %(old)s is revoked and replaced by %(new)s.")
                % {"old": certificate.number, "new": new.number},
            )
            return redirect("certificates:certificate_detail", pk=new.pk)
    return _render_detail(request, certificate, reissue_form=form)


# An educator's certificates ----------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@login_required
def educator_certificates(request, pk: int):
    """What an attestation commission prints: the educator's certificates of the last five
    years (by the end of the course), Cheber's and external ones, with their hours."""
    educator = get_educator_for_user(request.user, pk)
    own = educator.pk in access_for(request.user).educator_ids
    log_record(request.user, educator, what="certificates:educator_certificates", own=own)
    today = timezone.localdate()
    since = _years_before(today, ATTESTATION_YEARS)
    certificates = list(
        Certificate.objects.visible_to(request.user)
        .filter(educator=educator, end_date__gte=since)
        .select_related("replaced_by", "training_record")
        .order_by("-end_date", "-pk")
    )
    context = {
        "educator": educator,
        "certificates": certificates,
        "since": since,
        "today": today,
        "total_hours": sum(c.hours for c in certificates if _stands(c)),
        "can_record": _may_record_external(request.user, educator),
    }
    return render(request, "certificates/educator_certificates.html", context)


def _stands(certificate: Certificate) -> bool:
    """Counts in the commission's total: not revoked; a self-declared one, verified."""
    training = certificate.training_record
    return not certificate.is_revoked and (training is None or training.stands)


def _may_record_external(user, educator) -> bool:
    return educator.pk in access_for(user).educator_ids or can_edit_registry(user)


@upload_limit("document")
@login_required
def record_external(request, pk: int):
    """The educator themself, or whoever keeps the registry for them, records a certificate
    earned outside Cheber: in the history, marked external and unsigned. The educator's own
    comes with its scan and counts once the district cabinet has verified it."""
    educator = get_educator_for_user(request.user, pk)
    if not _may_record_external(request.user, educator):
        raise Http404
    declared = declares_own(request.user, educator)
    posted = request.method == "POST"
    form = ExternalCertificateForm(
        request.POST if posted else None, request.FILES if posted else None, declared=declared
    )
    if posted and form.is_valid():
        try:
            actions.record_external_certificate(
                actor=request.user, educator=educator, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _recorded_message(declared))
            return _after_external(request, educator)
    context = {"educator": educator, "form": form, "declared": declared}
    return render(request, "certificates/record_external.html", context)


def _recorded_message(declared: bool) -> str:
    if declared:
        return _(
            "The certificate is recorded. It counts once the district methodical cabinet (or "
            "the provider) has verified it against the scan; you will be told."
        )
    return _("The certificate is recorded as external.")


def _after_external(request, educator):
    if educator.pk in access_for(request.user).educator_ids:
        return redirect("certificates:my_certificates")
    return redirect("certificates:educator_certificates", pk=educator.pk)


# A session's certificates (its provider) ---------------------------------------------------


def _completed(session):
    current = Prefetch(
        "certificates",
        queryset=Certificate.objects.filter(revoked_at=None).order_by("-pk"),
        to_attr="current",
    )
    return (
        session.enrolments.filter(state=Enrolment.State.COMPLETED)
        .select_related("educator")
        .prefetch_related(current)
        .order_by("educator__surname", "educator__first_name", "pk")
    )


def _render_session(request, session, *, form=None, status=200):
    enrolments = list(_completed(session))
    for enrolment in enrolments:
        enrolment.certificate = enrolment.current[0] if enrolment.current else None
    context = {
        "session": session,
        "enrolments": enrolments,
        "missing": sum(1 for e in enrolments if e.certificate is None),
        "issued": sum(1 for e in enrolments if e.certificate is not None),
        "form": form or LanguageForm(initial={"language": _session_language(session)}),
        "can_act": access.can_issue_for(request.user, session.provider_id),
    }
    return render(request, "certificates/session_certificates.html", context, status=status)


def _session_language(session) -> str:
    return session.language if session.language in Certificate.Language.values else "ky+ru"


@login_required
def session_certificates(request, pk: int):
    session = get_managed_session_for_user(request.user, pk, read=True)
    return _render_session(request, session)


@login_required
@require_POST
def issue_session(request, pk: int):
    session = get_managed_session_for_user(request.user, pk)
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            issued = actions.issue_session_certificates(
                actor=request.user, session=session, language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            add_action_errors(error, form)
        else:
            messages.success(request, _("Certificates issued: %(count)d.") % {
                "count": len(issued)})  # fmt: skip
            return redirect("certificates:session_certificates", pk=session.pk)
    return _render_session(request, session, form=form)


@login_required
@require_POST
def session_zip(request, pk: int):
    session = get_managed_session_for_user(request.user, pk)
    try:
        job = actions.start_session_zip(actor=request.user, session=session)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("certificates:session_certificates", pk=session.pk)
    return redirect("core:job_detail", pk=job.pk)
