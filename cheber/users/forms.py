"""The form that invites a user with one role over one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.core.access import ORGANIZATION_ROLES, UNIT_ROLES, Role
from cheber.registry.models import AdminUnit, Organization
from cheber.users.access import educators_for_teacher_account, grantable_roles


class InviteForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and . @ + - _ only, without spaces.")},
    )  # fmt: skip
    email = forms.EmailField(label=_("E-mail"))
    last_name = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Oblast, city or district"), queryset=None,
                                  required=False)  # fmt: skip
    organization = forms.CharField(label=_("Organization code"), max_length=32, required=False)
    educator_pin = forms.CharField(label=_("Educator's PIN"), max_length=14, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        labels = dict(Role.choices)
        self.fields["role"].choices = [(r, labels[r]) for r in grantable_roles(actor)]
        self.fields["unit"].queryset = AdminUnit.objects.order_by("level", "soate")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", _("Choose the oblast, city or district of this role."))
        if role in ORGANIZATION_ROLES:
            code = data.get("organization", "").strip()
            data["organization_obj"] = Organization.objects.filter(code=code).first()
            if data["organization_obj"] is None:
                self.add_error("organization", _("No organization has this code."))
        if role == Role.TEACHER:
            data["educator_obj"] = self._educator(data.get("educator_pin", "").strip())
        return data

    def _educator(self, pin: str):
        """The educator of this whole PIN among those the actor may make an account for: a PIN
        elsewhere in the country and one nobody has get the same answer."""
        found = educators_for_teacher_account(self.actor).filter(pin=pin).first() if pin else None
        if found is None:
            self.add_error("educator_pin", _("No educator with this PIN works in your territory."))
        return found

    def assignment_fields(self) -> dict:
        data, role = self.cleaned_data, self.cleaned_data["role"]
        return {
            "role": role,
            "unit": data.get("unit") if role in UNIT_ROLES else None,
            "organization": data.get("organization_obj") if role in ORGANIZATION_ROLES else None,
            "educator": data.get("educator_obj") if role == Role.TEACHER else None,
        }
