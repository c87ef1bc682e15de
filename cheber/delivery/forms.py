"""Forms of delivery's pages: the participants' (applying, nominating, the steps of a request)
and, below, the provider's (filters, roster steps, attendance, results)."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cheber.core.forms import DateInput, ModelMultipleChoiceField
from cheber.delivery.models import Enrolment
from cheber.registry.models import Educator

Funding = Enrolment.Funding


class ApplyForm(forms.Form):
    """A budget or a contract place: only the kinds the session has, the price beside contract."""

    funding = forms.ChoiceField(label=_("funding"), widget=forms.RadioSelect)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if session.budget_places:
            choices.append((Funding.BUDGET, Funding.BUDGET.label))
        if session.contract_places:
            price = number_format(session.programme.contract_price, 0, force_grouping=True)
            label = _("contract place, %(price)s som") % {"price": price}
            choices.append((Funding.CONTRACT, label))
        self.fields["funding"].choices = choices
        if len(choices) == 1:
            self.fields["funding"].initial = choices[0][0]


class ReasonForm(forms.Form):
    """Withdrawing (the reason optional) or rejecting (the reason required)."""

    reason = forms.CharField(label=_("reason"), max_length=255, required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class NextForm(forms.Form):
    """A confirmation: nothing to enter, only where to go back to."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)


class EducatorSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or PIN"), required=False, max_length=100)


class EducatorChoiceField(ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("One of the chosen educators is not among those you can see."),
        "invalid_pk_value": _("One of the chosen educators is not among those you can see."),
    }


class NominateForm(forms.Form):
    """The educators (checkboxes of the list) to nominate, among those the user may see."""

    educators = EducatorChoiceField(
        label=_("educators"), queryset=Educator.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["educators"].queryset = educators


# The provider's pages ----------------------------------------------------------------------

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
    modules = ModelMultipleChoiceField(
        label=_("Modules completed"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = modules
