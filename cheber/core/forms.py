"""Form pieces shared by every app, and the filters of the auditors' pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from cheber.core.ids import parse_id
from cheber.core.models import PersonalDataAccess


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Choosing rows: Django's fields, refusing before the database an id no row could have ----


def _possible(field: forms.ModelChoiceField, value) -> bool:
    """Whether a row could hold `value` in the field the choice is made by: a plain integer
    within range for an integer key ("²", "-1" and twenty digits are not), any text else."""
    model = field.queryset.model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    if isinstance(key, models.IntegerField):
        return parse_id(value, minimum=0 if field.to_field_name else 1) is not None
    return True


class ModelChoiceField(forms.ModelChoiceField):
    """One row of a queryset; what could be no row's id is an invalid choice (SQLite cannot
    even be asked about a twenty-digit number)."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, models.Model):
            if not _possible(self, value):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows of a queryset; a value that could be no row's id is refused like one not among
    the choices."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for each in value:
                if not isinstance(each, models.Model) and not _possible(self, each):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": each},
                    )
        return super()._check_values(value)


def choice_field_of(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model form's field for `db_field`: Cheber's choice fields for relations."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)


class _ModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(choice_field_of)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_ModelFormMetaclass):
    """Django's model form whose relations are chosen with the fields above."""


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
