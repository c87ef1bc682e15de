"""Form pieces shared by every app, and the filters of the auditors' pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cheber.core.models import PersonalDataAccess


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_action_errors(error: ValidationError, *forms_: forms.Form) -> None:
    """Put the errors an action raised beside the field they name, in whichever form has it;
    errors naming no field of any form go on top of the first form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            forms_[0].add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        target = next((f for f in forms_ if field in f.fields), forms_[0])
        for message in messages:
            target.add_error(field if field in target.fields else None, message)


# The auditors' pages ------------------------------------------------------------------------


class _Period(forms.Form):
    since = forms.DateField(label=_("from"), required=False, widget=DateInput())
    until = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"until": _("The end of the period is before its start.")})
        return data


class AuditFilterForm(_Period):
    q = forms.CharField(
        label=_("User, object id or command"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    # Text, not choices: listing the values in use would read the whole trail on every page.
    verb = forms.CharField(label=_("Action"), required=False, max_length=64)
    object_type = forms.CharField(label=_("Object"), required=False, max_length=64)
    field_order = ["q", "verb", "object_type", "since", "until"]


class AccessFilterForm(_Period):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("all")), *PersonalDataAccess.Kind.choices],
    )  # fmt: skip
    educator = forms.IntegerField(label=_("Educator (record number)"), required=False, min_value=1)
    field_order = ["user", "kind", "educator", "since", "until"]
