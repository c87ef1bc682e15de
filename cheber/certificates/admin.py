"""Read-only admin: certificates, keys and sequences change only through the actions. A key's
private half is never shown (nor its encrypted bytes)."""

from django.contrib import admin

from cheber.certificates.models import Certificate, CertificateSequence, SigningKey
from cheber.core.admin import ReadOnlyAdminMixin
from cheber.registry.admin import ScopedAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ["number", "full_name", "provider_name_ky", "issue_date", "external",
                    "revoked_at"]  # fmt: skip
    list_filter = ["external", "year", "language"]
    list_select_related = ["provider"]
    search_fields = ["number", "full_name", "educator__pin"]
    raw_id_fields = ["educator", "enrolment", "training_record", "provider", "signing_key",
                     "replaced_by", "revoked_by", "issued_by"]  # fmt: skip
    date_hierarchy = "issue_date"
    show_full_result_count = False
    exclude = ["token"]  # the token is the holder's: whoever has it can show the certificate


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["key_id", "provider", "signer_name", "created_at", "retired_at"]
    list_select_related = ["provider"]
    search_fields = ["key_id", "provider__code"]
    fields = ["key_id", "provider", "public_key", "signer_name", "signer_position",
              "created_at", "retired_at"]  # fmt: skip
    readonly_fields = fields


@admin.register(CertificateSequence)
class CertificateSequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["provider", "year", "last"]
    list_select_related = ["provider"]
    list_filter = ["year"]
