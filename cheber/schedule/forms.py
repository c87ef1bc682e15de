"""Forms of the plan-schedule: sessions with their district quotas, plans, and the course search."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Form, Programme
from cheber.core.forms import DateInput, ModelChoiceField, ModelForm
from cheber.registry.models import AdminUnit, Educator, Employment, Organization, Specialization
from cheber.schedule.models import PlanSchedule, Session

# A session takes place in a city or district; an oblast is too wide, a city district too narrow.
PLACE_LEVELS = (AdminUnit.Level.CITY, AdminUnit.Level.DISTRICT, AdminUnit.Level.TOWN)


def places():
    return AdminUnit.objects.filter(level__in=PLACE_LEVELS).order_by("soate")


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class SessionForm(ModelForm):
    language = forms.ChoiceField(label=_("language"), choices=Organization.Language.choices)

    class Meta:
        model = Session
        fields = [
            "programme", "start_date", "end_date", "form", "unit", "venue", "language",
            "budget_places", "contract_places", "quota_release_date", "trainers",
        ]  # fmt: skip
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "quota_release_date": DateInput(),
            "trainers": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provider_id = self.instance.plan.provider_id
        # The provider's approved programmes, and the session's own even if archived since.
        programmes = Q(status=Programme.Status.APPROVED) | Q(pk=self.instance.programme_id)
        self.fields["programme"].queryset = Programme.objects.filter(
            programmes, provider_id=provider_id
        )
        self.fields["unit"].queryset = places()
        staff = Employment.objects.active().filter(organization_id=provider_id)
        self.fields["trainers"].queryset = Educator.objects.filter(
            pk__in=staff.values("educator_id")
        )


class QuotaForm(forms.Form):
    unit = UnitChoiceField(label=_("district"), queryset=AdminUnit.objects.none())
    places = forms.IntegerField(label=_("places"), min_value=1, max_value=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = places()


class BaseQuotaFormSet(forms.BaseFormSet):
    def quotas(self) -> dict:
        """{district unit: places} of the filled rows."""
        kept = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        return {f.cleaned_data["unit"]: f.cleaned_data["places"] for f in kept}

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            unit = form.cleaned_data["unit"]
            if unit in seen:
                raise forms.ValidationError(
                    _("%(district)s is listed twice.") % {"district": unit.name}
                )
            seen.add(unit)


QuotaFormSet = forms.formset_factory(
    QuotaForm,
    formset=BaseQuotaFormSet,
    extra=3,
    can_delete=True,
    max_num=80,
    absolute_max=80,
)


def quota_initial(session: Session) -> list[dict]:
    return [{"unit": q.unit, "places": q.places} for q in session.quotas.select_related("unit")]


class PlanForm(forms.Form):
    provider = ModelChoiceField(
        label=_("provider"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("year"), min_value=2020, max_value=2100)

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class ReturnPlanForm(forms.Form):
    note = forms.CharField(
        label=_("what to change"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("status"), required=False,
        choices=[("", _("all statuses"))] + PlanSchedule.Status.choices,
    )  # fmt: skip


class MonthField(forms.CharField):
    """A month written YYYY-MM (what <input type=month> sends); cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    default_error_messages = {"invalid": _("Write the month as YYYY-MM, e.g. 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class SessionFilterForm(forms.Form):
    q = forms.CharField(label=_("Programme title or code"), required=False, max_length=100)
    specialization = ModelChoiceField(
        label=_("specialization"), required=False, queryset=Specialization.objects.all(),
        empty_label=_("all specializations"),
    )  # fmt: skip
    oblast = UnitChoiceField(
        label=_("oblast or city"), required=False, empty_label=_("all oblasts"),
        queryset=AdminUnit.objects.filter(level__in=AdminUnit.TOP_LEVELS).order_by("soate"),
    )  # fmt: skip
    district = UnitChoiceField(
        label=_("district"), required=False, empty_label=_("all districts"),
        queryset=AdminUnit.objects.none(),
    )  # fmt: skip
    month = MonthField(label=_("month"), required=False)
    form = forms.ChoiceField(
        label=_("form"), required=False, choices=[("", _("all forms"))] + Form.choices
    )
    language = forms.ChoiceField(
        label=_("language"), required=False,
        choices=[("", _("all languages"))] + Organization.Language.choices,
    )  # fmt: skip
    provider = ModelChoiceField(
        label=_("provider"), required=False, empty_label=_("all providers"),
        queryset=Organization.objects.none(),
    )  # fmt: skip
    free = forms.BooleanField(label=_("only with free places"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = places()
        self.fields["provider"].queryset = Organization.objects.providers().order_by("code")
