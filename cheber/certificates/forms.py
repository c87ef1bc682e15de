"""Forms of the certificate pages. Each returns clean, typed values for one action."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cheber.certificates.models import Certificate
from cheber.core.forms import DateInput, ModelChoiceField
from cheber.registry.documents import MAX_BYTES
from cheber.registry.models import Organization, TrainingRecord

# Base64url or hex, as tokens, signatures and key ids are written; anything else is a typo.
_CODE = RegexValidator(r"^[A-Za-z0-9_-]+=*$", _("Use only the letters, digits, - and _ printed."))
_NUMBER = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/._-]*$", _("Use only the letters, digits, -, / and . printed.")
)
MAX_HOURS = 2000
# Codes, not words: no spelling help, no autofill from other sites (the code is case-sensitive).
_TYPED = {"autocomplete": "off", "autocorrect": "off", "spellcheck": "false"}


class VerifyForm(forms.Form):
    """What the certificate prints (number and token), and what its QR code adds (the
    signature and the key that made it). Field names are short: they travel in the QR."""

    n = forms.CharField(
        label=_("Certificate number"), max_length=64, validators=[_NUMBER],
        widget=forms.TextInput(attrs={"autocapitalize": "characters", **_TYPED}),
    )  # fmt: skip
    t = forms.CharField(
        label=_("Verification code"), min_length=8, max_length=64, validators=[_CODE],
        widget=forms.TextInput(attrs={"autocapitalize": "none", **_TYPED}),
    )  # fmt: skip
    s = forms.CharField(required=False, max_length=200, validators=[_CODE],
                        widget=forms.HiddenInput, label=_("Signature"))  # fmt: skip
    k = forms.CharField(required=False, max_length=32, validators=[_CODE],
                        widget=forms.HiddenInput, label=_("Key"))  # fmt: skip

    def clean_n(self) -> str:
        return self.cleaned_data["n"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("s")) != bool(cleaned.get("k")):
            raise ValidationError(_("The link is incomplete: scan the QR code again."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the certificates"), choices=Certificate.Language.choices,
        initial=Certificate.Language.BOTH,
    )  # fmt: skip


class _Dates(forms.Form):
    """Start and end dates, the end not before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


CORRECTABLE = (
    "full_name", "programme_title_ky", "programme_title_ru", "hours", "start_date", "end_date",
)  # fmt: skip


class ReissueForm(_Dates):
    """The corrected data of a certificate, with the reason; only what changed is corrected."""

    full_name = forms.CharField(label=_("Full name"), max_length=255)
    programme_title_ky = forms.CharField(label=_("Programme (Kyrgyz)"), max_length=255)
    programme_title_ru = forms.CharField(
        label=_("Programme (Russian)"), max_length=255, required=False
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=MAX_HOURS)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, certificate: Certificate, **kwargs):
        self.certificate = certificate
        initial = {name: getattr(certificate, name) for name in CORRECTABLE}
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.corrections():
            raise ValidationError(_("Nothing is corrected: change at least one field."))
        return cleaned

    def corrections(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in CORRECTABLE
            if name in self.cleaned_data
            and self.cleaned_data[name] != getattr(self.certificate, name)
        }


class ExternalCertificateForm(_Dates):
    """A certificate earned outside Cheber, as printed on it; the scan of it, which a
    self-declared one (`declared`: entered by the educator themself) must have."""

    number = forms.CharField(label=_("Certificate number"), max_length=64)
    title = forms.CharField(label=_("Title of the course (Kyrgyz)"), max_length=255)
    title_ru = forms.CharField(
        label=_("Title of the course (Russian)"), max_length=255, required=False
    )
    provider = ModelChoiceField(
        label=_("Issued by a provider in Cheber"), required=False,
        queryset=Organization.objects.providers().filter(is_active=True).order_by("name_ky"),
        help_text=_("Choose it if it is in the list: its staff may then verify the certificate."),
    )  # fmt: skip
    provider_name = forms.CharField(
        label=_("Issued by (another organization)"), max_length=255, required=False
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=MAX_HOURS)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    form = forms.ChoiceField(label=_("Form"), choices=TrainingRecord.Form.choices)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=TrainingRecord.Kind.choices,
        initial=TrainingRecord.Kind.QUALIFICATION,
    )  # fmt: skip
    issue_date = forms.DateField(label=_("Issue date"), widget=DateInput)
    document = forms.FileField(
        label=_("Scan or photo of the certificate"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )  # fmt: skip

    def __init__(self, *args, declared: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = declared
        self.fields["document"].help_text = gettext("PDF, JPEG or PNG, at most %(mb)s MB.") % {
            "mb": MAX_BYTES >> 20
        }

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("provider") or cleaned.get("provider_name", "").strip()
        if not named and "provider_name" not in self.errors and "provider" not in self.errors:
            message = _("Choose the provider from the list, or name the organization.")
            self.add_error("provider_name", message)
        today = timezone.localdate()
        _not_after(self, "end_date", today, _("The end date is in the future."))
        _not_after(self, "issue_date", today, _("The issue date is in the future."))
        end, issued = cleaned.get("end_date"), cleaned.get("issue_date")
        if end and issued and issued < end and "issue_date" not in self.errors:
            self.add_error("issue_date", _("The issue date is before the end of the course."))
        return cleaned


def _not_after(form: forms.Form, name: str, limit: dt.date, message) -> None:
    value = form.cleaned_data.get(name)
    if value and value > limit and name not in form.errors:
        form.add_error(name, message)
