"""Form pieces shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


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
