from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.core.forms import DateInput
from cheber.registry.models import Organization


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What will use the token, e.g. the school's system."),
    )  # fmt: skip
    read_only = forms.BooleanField(label=_("Read only"), required=False, initial=True)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())


class MachineTokenForm(TokenForm):
    organization = forms.CharField(label=_("Organization code"), max_length=32)

    def clean_organization(self):
        code = self.cleaned_data["organization"].strip()
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            raise forms.ValidationError(_("No organization has this code."))
        return organization
