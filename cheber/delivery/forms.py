"""Forms of the participants' pages: applying, nominating, and the steps of a request."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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


class EducatorChoiceField(forms.ModelMultipleChoiceField):
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
