"""Forms of the compliance pages: the forecast filter, the report request and the policy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cheber.compliance.models import Policy
from cheber.core.forms import DateInput, ModelChoiceField, ModelForm
from cheber.registry.models import AdminUnit, Leave, Specialization, TrainingRecord


class NamedChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ForecastFilterForm(forms.Form):
    """Oblast, district and specialization, offered within the territory the user sees."""

    oblast = NamedChoiceField(
        label=_("oblast or city"), queryset=AdminUnit.objects.none(), required=False
    )
    district = NamedChoiceField(
        label=_("district"), queryset=AdminUnit.objects.none(), required=False
    )
    specialization = NamedChoiceField(
        label=_("specialization"), queryset=Specialization.objects.all(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        """`units`: the ids of the districts the user sees (None: the whole country)."""
        super().__init__(*args, **kwargs)
        inside = (
            AdminUnit.objects.all() if units is None else AdminUnit.objects.filter(pk__in=units)
        )
        regions = inside.values("region_id")
        self.fields["oblast"].queryset = AdminUnit.objects.filter(
            pk__in=regions, level__in=AdminUnit.TOP_LEVELS
        ).order_by("soate")
        self.fields["district"].queryset = inside.exclude(level__in=AdminUnit.TOP_LEVELS).order_by(
            "soate"
        )


class ReportForm(forms.Form):
    unit = ModelChoiceField(label=_("district or oblast"), queryset=AdminUnit.objects.all())
    language = forms.ChoiceField(
        label=_("language"), choices=[("ky", _("Kyrgyz")), ("ru", _("Russian"))], required=False
    )


def _checkboxes(label, choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class PolicyForm(ModelForm):
    counted_kinds = _checkboxes(_("kinds of training that count"), TrainingRecord.Kind.choices)
    counted_forms = _checkboxes(_("forms of training that count"), TrainingRecord.Form.choices)
    pausing_leave_kinds = _checkboxes(_("leave that pauses the period"), Leave.Kind.choices)

    class Meta:
        model = Policy
        fields = [
            "name_ky", "name_ru", "name_en", "effective_from", "mode", "period_months",
            "required_hours", "counted_kinds", "counted_forms", "min_course_hours",
            "sum_short_courses", "grace_months", "pausing_leave_kinds", "retraining_required",
            "retraining_grace_months", "self_declared", "planning_priority", "basis",
        ]  # fmt: skip
        widgets = {"effective_from": DateInput()}
        error_messages = {
            "effective_from": {
                "unique": _("Another policy already comes into force on this date."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_months"].min_value = 1
        self.fields["period_months"].widget.attrs["min"] = 1
        # left out of a form (an older client, the API), the rule stays strict
        self.fields["planning_priority"].required = False

    def clean_planning_priority(self):
        return self.cleaned_data["planning_priority"] or Policy.PlanningPriority.STRICT

    def clean_period_months(self):
        months = self.cleaned_data["period_months"]
        if months is not None and months < 1:
            raise forms.ValidationError(_("The period must be at least one month."))
        return months

    def clean(self):
        data = super().clean()
        if data.get("mode") == Policy.Mode.HOURS and not data.get("required_hours"):
            self.add_error(
                "required_hours", _("A rule of hours needs the number of hours in the period.")
            )
        if data.get("mode") == Policy.Mode.CYCLE:
            data["required_hours"] = data.get("required_hours") or None
        return data

    def fields_for_action(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
