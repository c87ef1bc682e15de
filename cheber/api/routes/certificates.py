"""Certificates: the caller's list and one certificate, its PDF, the session's issue by its
provider, and the public verification by number and token (the verification page's verdict
and its rate limit per client address)."""

import datetime as dt
import io

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from cheber.api.errors import ApiError
from cheber.api.pagination import answer, page
from cheber.api.routes.common import ERRORS, Page
from cheber.certificates import actions, credentials, pdf, ratelimit
from cheber.certificates.access import get_certificate_for_user
from cheber.certificates.models import Certificate
from cheber.certificates.verification import verify
from cheber.schedule.access import get_managed_session_for_user

router = Router()


class CertificateOut(Schema):
    id: int
    number: str
    token: str
    external: bool
    educator_id: int
    enrolment_id: int | None
    provider_id: int | None
    full_name: str
    programme_title_ky: str
    programme_title_ru: str
    hours: int
    start_date: dt.date
    end_date: dt.date
    issue_date: dt.date
    language: str
    revoked_at: dt.datetime | None


class CertificateFilter(Schema):
    educator: int | None = None
    provider: int | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("", response={200: Page[CertificateOut], **ERRORS})
def certificate_list(request, filters: Query[CertificateFilter]):
    certificates = Certificate.objects.visible_to(request.user)
    for name in ("educator", "provider"):
        if value := getattr(filters, name):
            certificates = certificates.filter(**{f"{name}_id": value})
    rows, after = page(certificates, cursor=filters.cursor, limit=filters.limit, descending=True)
    return answer(rows, after, CertificateOut)


@router.get("/{int:pk}", response={200: CertificateOut, **ERRORS})
def certificate_detail(request, pk: int):
    return get_certificate_for_user(request.user, pk)


class PdfQuery(Schema):
    language: Certificate.Language | None = None


PDF = {
    "200": {
        "description": "The certificate's PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/{int:pk}/pdf", response=ERRORS, openapi_extra={"responses": PDF})
def certificate_pdf(request, pk: int, query: Query[PdfQuery]):
    """The certificate as the PDF the pages give (`application/pdf`)."""
    certificate = get_certificate_for_user(request.user, pk)
    if certificate.external:
        raise ApiError(404, "not_found", _("A certificate recorded from outside has no PDF."))
    language = query.language or certificate.language
    content = pdf.render_certificate(certificate, language=language)
    return FileResponse(io.BytesIO(content), as_attachment=True, content_type="application/pdf",
                        filename=pdf.filename(certificate))  # fmt: skip


JWT = {
    "200": {
        "description": "The Open Badges 3.0 credential, signed (VC-JOSE JWT)",
        "content": {credentials.MEDIA_TYPE: {"schema": {"type": "string"}}},
    }
}


def _issued_here(request, pk: int) -> Certificate:
    certificate = get_certificate_for_user(request.user, pk)
    if certificate.external:
        raise ApiError(
            404, "not_found", _("A certificate recorded from outside has no credential.")
        )
    return certificate


@router.get("/{int:pk}/credential", response=ERRORS, openapi_extra={"responses": JWT})
def certificate_credential(request, pk: int):
    """The certificate as a portable credential (the certificates app's, as its page gives it),
    verifiable with the provider's published key (`/.well-known/did.json`, docs/credentials.md)."""
    token = credentials.signed_credential(_issued_here(request, pk))
    return HttpResponse(token, content_type=credentials.MEDIA_TYPE)


@router.get("/{int:pk}/credential.json", response={200: dict, **ERRORS})
def certificate_credential_json(request, pk: int):
    """The same credential unsigned, to read (a verifier needs the signed one)."""
    return credentials.credential(_issued_here(request, pk))


class IssueIn(Schema):
    language: Certificate.Language = Certificate.Language.BOTH


@router.post("/sessions/{int:pk}/issue", response={200: list[CertificateOut], **ERRORS})
def session_issue(request, pk: int, data: IssueIn):
    """The provider issues the certificates of a completed session (those not yet issued)."""
    session = get_managed_session_for_user(request.user, pk)
    return actions.issue_session_certificates(actor=request.user, session=session,
                                              language=data.language)  # fmt: skip


class VerifyQuery(Schema):
    number: str
    token: str


class VerdictOut(Schema):
    status: str
    certificate: dict | None = None
    signature: str | None = None
    revoked_at: str | None = None
    reason: str | None = None
    replaced_by: str | None = None


@router.get("/verify", auth=None, response={200: VerdictOut, **ERRORS})
def certificate_verify(request, query: Query[VerifyQuery]):
    """Public: the verdict on a certificate by its number and token (valid, revoked, invalid,
    not_found), as the verification page gives it; limited per client address."""
    if not ratelimit.hit("verify", request):
        wait = ratelimit.limits()[1]
        raise ApiError(429, "rate_limited", _("Too many checks: try again later."),
                       headers={"Retry-After": str(wait)})  # fmt: skip
    return verify(query.number, query.token).as_json()
