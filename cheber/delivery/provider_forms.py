"""Forms of the provider's pages: filters, roster steps, attendance, results."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.core.forms import DateInput

MONTHS = [
    (1, _("January")), (2, _("February")), (3, _("March")), (4, _("April")), (5, _("May")),
    (6, _("June")), (7, _("July")), (8, _("August")), (9, _("September")), (10, _("October")),
    (11, _("November")), (12, _("December")),
]  # fmt: skip


class SessionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"), required=False, coerce=int, empty_value=None,
        choices=[("", _("any month"))] + MONTHS,
    )  # fmt: skip


class IdListField(forms.Field):
    """Several ids sent under one name (hidden inputs or checkboxes), as integers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Unknown participant."), code="invalid") from None


class EnrolmentField(forms.IntegerField):
    widget = forms.HiddenInput


class PaymentForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment document number"), max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip


class RejectForm(forms.Form):
    enrolment = EnrolmentField(label=_("participant"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class AttendanceForm(forms.Form):
    """One day's marks: every participant listed on the sheet, present if ticked."""

    day = forms.DateField(label=_("Day"), widget=DateInput())
    enrolment = IdListField(label=_("Participants"))
    present = IdListField(label=_("Present"), required=False)
    all_present = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def marks(self) -> dict[tuple[int, object], bool]:
        data = self.cleaned_data
        present = set(data["present"])
        return {(pk, data["day"]): data["all_present"] or pk in present for pk in data["enrolment"]}


class ResultForm(forms.Form):
    """The final assessment of one participant and the modules they have completed."""

    PASSED, FAILED = "passed", "failed"

    enrolment = EnrolmentField(label=_("participant"))
    outcome = forms.ChoiceField(
        label=_("Final assessment"), widget=forms.RadioSelect,
        choices=[(PASSED, _("passed")), (FAILED, _("failed"))],
    )  # fmt: skip
    score = forms.IntegerField(label=_("Score"), required=False, min_value=0, max_value=100)
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules completed"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = modules
