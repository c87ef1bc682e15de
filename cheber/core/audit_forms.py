"""Filters of the auditors' pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cheber.core.forms import DateInput
from cheber.core.models import AuditEvent, PersonalDataAccess


class _Period(forms.Form):
    since = forms.DateField(label=_("from"), required=False, widget=DateInput())
    until = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"until": _("The end of the period is before its start.")})
        return data


def _choices(field: str) -> list[tuple[str, str]]:
    values = AuditEvent.objects.order_by(field).values_list(field, flat=True).distinct()
    return [("", _("all")), *((v, v) for v in values)]


class AuditFilterForm(_Period):
    q = forms.CharField(
        label=_("User, object id or command"), required=False, max_length=150,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    verb = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object"), required=False)
    field_order = ["q", "verb", "object_type", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = _choices("verb")
        self.fields["object_type"].choices = _choices("object_type")


class AccessFilterForm(_Period):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("all")), *PersonalDataAccess.Kind.choices],
    )  # fmt: skip
    educator = forms.IntegerField(label=_("Educator (record number)"), required=False, min_value=1)
    field_order = ["user", "kind", "educator", "since", "until"]
