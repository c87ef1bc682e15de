import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.core.forms import DateInput, ModelChoiceField, ModelForm
from cheber.core.text import is_cyrillic_name, normalise_name
from cheber.registry.models import (
    Educator,
    Employment,
    Organization,
    Position,
    Specialization,
    TrainingRecord,
)

EMPLOYING_TYPES = [t for t in Organization.Type if t != Organization.Type.MINISTRY] + [
    Organization.Type.MINISTRY
]


def normalise_phone(value: str) -> str:
    """+996 and nine digits, from the ways people write Kyrgyz numbers."""
    digits = re.sub(r"[\s()\-.]", "", value or "")
    if not digits:
        return ""
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0") and len(digits) == 10:
        digits = "996" + digits[1:]
    if not (digits.isdigit() and digits.startswith("996") and len(digits) == 12):
        raise forms.ValidationError(
            _("Write the phone as +996 and nine digits, e.g. +996 555 123 456."), code="phone"
        )
    return "+" + digits


class EducatorForm(ModelForm):
    class Meta:
        model = Educator
        fields = [
            "pin", "surname", "first_name", "patronymic", "sex", "birth_date",
            "education_level", "has_pedagogical_education", "specializations", "category",
            "phone", "email",
        ]  # fmt: skip
        widgets = {
            "birth_date": DateInput(),
            "specializations": forms.CheckboxSelectMultiple(),
            "pin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "placeholder": "+996 555 123 456"}),
        }

    def __init__(self, *args, personal_data: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not personal_data:
            # Masked for this user: not shown, so not editable either (the model keeps them).
            del self.fields["pin"], self.fields["birth_date"]

    def _clean_name(self, field: str) -> str:
        value = normalise_name(self.cleaned_data.get(field, ""))
        if value and not is_cyrillic_name(value):
            raise forms.ValidationError(
                _("Write the name in Cyrillic letters (Kyrgyz ң ө ү are welcome)."),
                code="not_cyrillic",
            )
        return value

    def clean_pin(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data.get("pin", ""))

    def clean_surname(self) -> str:
        return self._clean_name("surname")

    def clean_first_name(self) -> str:
        return self._clean_name("first_name")

    def clean_patronymic(self) -> str:
        return self._clean_name("patronymic")

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))


class OrganizationCodeField(ModelChoiceField):
    """An organization chosen by its code, among those the user may see."""

    widget = forms.TextInput(attrs={"list": "organization-codes", "autocomplete": "off"})
    default_error_messages = {
        "invalid_choice": _("No organization with this code among those you can see."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Organization.objects.none(), to_field_name="code", **kwargs)


class EmploymentForm(ModelForm):
    organization = OrganizationCodeField(label=_("organization code"))

    class Meta:
        model = Employment
        fields = ["organization", "position", "specialization", "start_date", "workload"]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["position"].queryset = Position.objects.all()
        self.fields["specialization"].queryset = Specialization.objects.all()


class EndEmploymentForm(forms.Form):
    end_date = forms.DateField(label=_("end date"), widget=DateInput())


class TrainingRecordForm(ModelForm):
    class Meta:
        model = TrainingRecord
        fields = [
            "title", "title_ru", "provider", "provider_name", "hours", "start_date", "end_date",
            "form", "certificate_number",
        ]  # fmt: skip
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organization.objects.filter(
            type=Organization.Type.PROVIDER
        )


class EducatorFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or PIN"), required=False, max_length=100)
    organization = forms.CharField(label=_("organization code"), required=False, max_length=32)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("all types"))] + Organization.Type.choices
    )


class RejectTrainingForm(forms.Form):
    """Why a declared training is not verified: the educator reads it."""

    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The educator is told it, e.g. that the document does not show the hours."),
    )  # fmt: skip
