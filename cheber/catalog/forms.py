"""Forms of the programme catalogue: the programme with its modules, and the catalogue filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Form, Module, Programme, Theme
from cheber.core.forms import ModelForm
from cheber.registry.models import Organization, Position, Specialization


class ProgrammeForm(ModelForm):
    # Not required here: the model says "name at least one language", once.
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=Organization.Language.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    themes = forms.MultipleChoiceField(
        label=_("themes"), choices=Theme.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Programme
        fields = [
            "provider", "code", "title_ky", "title_ru", "title_en", "description_ky",
            "description_ru", "description_en", "kind", "hours", "form", "assessment",
            "languages", "themes", "specializations", "positions", "contract_price",
        ]  # fmt: skip
        widgets = {
            "specializations": forms.CheckboxSelectMultiple(),
            "positions": forms.CheckboxSelectMultiple(),
            "description_ky": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is None:  # editing: the provider stays
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = providers
            self.fields["provider"].empty_label = None
        self.fields["specializations"].queryset = Specialization.objects.all()
        self.fields["positions"].queryset = Position.objects.filter(is_pedagogical=True)


class ModuleForm(ModelForm):
    class Meta:
        model = Module
        fields = ["title_ky", "title_ru", "title_en", "hours", "is_online"]


class BaseModuleFormSet(forms.BaseFormSet):
    def modules(self) -> list[Module]:
        """The modules in the order given, without the emptied or deleted rows."""
        kept = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        return [Module(**{k: f.cleaned_data[k] for k in ModuleForm.Meta.fields}) for f in kept]

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.modules():
            raise forms.ValidationError(_("Add at least one module."))


ModuleFormSet = forms.formset_factory(
    ModuleForm,
    formset=BaseModuleFormSet,
    extra=2,
    can_delete=True,
    max_num=40,
    absolute_max=40,
)


def module_initial(programme: Programme) -> list[dict]:
    return [{k: getattr(m, k) for k in ModuleForm.Meta.fields} for m in programme.modules.all()]


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("all types"))] + Programme.Kind.choices
    )
    theme = forms.ChoiceField(
        label=_("theme"), required=False, choices=[("", _("all themes"))] + Theme.choices
    )
    form = forms.ChoiceField(
        label=_("form"), required=False, choices=[("", _("all forms"))] + Form.choices
    )
    status = forms.ChoiceField(
        label=_("status"), required=False,
        choices=[("", _("all statuses"))] + Programme.Status.choices,
    )  # fmt: skip
