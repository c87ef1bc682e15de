"""The plan builder's forms: build a plan, a what-if, move one placement. Percentages and
kilometres come back as the typed settings the actions take."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Programme
from cheber.core.forms import DateInput, ModelChoiceField
from cheber.registry.models import AdminUnit, Organization
from cheber.schedule.models import Session

DISTRICT_LEVELS = ("district", "town", "city")


class SettingsFields(forms.Form):
    release_percent = forms.IntegerField(
        label=_("Share of a school's staff away at once (%)"), min_value=1, max_value=100,
        initial=20, help_text=_("At least one teacher may always go."),
    )  # fmt: skip
    max_km = forms.IntegerField(
        label=_("Farthest travel to a session held in person (km)"), min_value=10,
        max_value=1500, initial=300,
    )  # fmt: skip

    def settings(self) -> dict:
        data = self.cleaned_data
        return {"release_share": data["release_percent"] / 100, "max_km": float(data["max_km"])}


class BuildForm(SettingsFields):
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if not this_year <= year <= this_year + 5:
            raise forms.ValidationError(
                _("Plan a year from %(first)s to %(last)s.")
                % {"first": this_year, "last": this_year + 5}
            )
        return year


class WhatIfForm(SettingsFields):
    """Settings, and any of three changes: a session's budget places, a district quota, a
    mobile course added."""

    capacity_session = forms.IntegerField(label=_("Session number"), required=False, min_value=1)
    capacity_places = forms.IntegerField(label=_("Budget places"), required=False, min_value=0,
                                         max_value=500)  # fmt: skip
    quota_session = forms.IntegerField(label=_("Session number"), required=False, min_value=1)
    quota_district = ModelChoiceField(
        label=_("District"), required=False,
        queryset=AdminUnit.objects.filter(level__in=DISTRICT_LEVELS).order_by("soate"),
    )  # fmt: skip
    quota_places = forms.IntegerField(label=_("Quota places"), required=False, min_value=0,
                                      max_value=500)  # fmt: skip
    mobile_programme = ModelChoiceField(
        label=_("Programme"), required=False,
        queryset=Programme.objects.filter(status="approved").order_by("code"),
    )  # fmt: skip
    mobile_district = ModelChoiceField(
        label=_("District it travels to"), required=False,
        queryset=AdminUnit.objects.filter(level__in=DISTRICT_LEVELS).order_by("soate"),
    )  # fmt: skip
    mobile_language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *Organization.Language.choices]
    )
    mobile_places = forms.IntegerField(label=_("Places"), required=False, min_value=1,
                                       max_value=100, initial=20)  # fmt: skip
    mobile_start = forms.DateField(label=_("Start date"), required=False, widget=DateInput)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def _session(self, field: str):
        pk = self.cleaned_data.get(field)
        if pk and not Session.objects.filter(pk=pk, plan__year=self.year).exists():
            self.add_error(field, _("There is no session %(pk)s in %(year)s.")
                           % {"pk": pk, "year": self.year})  # fmt: skip
        return pk

    def clean(self):
        data = super().clean()
        groups = {
            "capacity": ("capacity_session", "capacity_places"),
            "quota": ("quota_session", "quota_district", "quota_places"),
            "mobile": ("mobile_programme", "mobile_district", "mobile_language",
                       "mobile_places", "mobile_start"),
        }  # fmt: skip
        for fields in groups.values():
            given = [f for f in fields if data.get(f) not in (None, "")]
            if given and len(given) < len(fields):
                for f in fields:
                    if f not in given and f not in self.errors:
                        self.add_error(f, _("Fill this in too, or leave the whole change empty."))
        self._session("capacity_session")
        self._session("quota_session")
        self._check_mobile(data)
        return data

    def _check_mobile(self, data) -> None:
        start, programme = data.get("mobile_start"), data.get("mobile_programme")
        if start and start.year != self.year:
            self.add_error("mobile_start", _("The course must start in %(year)s.")
                           % {"year": self.year})  # fmt: skip
        language = data.get("mobile_language")
        if programme and language and language not in programme.languages:
            self.add_error("mobile_language", _("The programme is not taught in this language."))

    def changes(self) -> list[dict]:
        data, found = self.cleaned_data, []
        if data.get("capacity_session"):
            found.append({"kind": "capacity", "session": data["capacity_session"],
                          "places": data["capacity_places"]})  # fmt: skip
        if data.get("quota_session"):
            found.append({
                "kind": "quota", "session": data["quota_session"],
                "unit": data["quota_district"].pk, "places": data["quota_places"],
            })  # fmt: skip
        if data.get("mobile_programme"):
            found.append({
                "kind": "mobile", "programme": data["mobile_programme"].pk,
                "unit": data["mobile_district"].pk, "language": data["mobile_language"],
                "places": data["mobile_places"], "start": data["mobile_start"].isoformat(),
            })  # fmt: skip
        return found


class MoveForm(forms.Form):
    session = ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False,
        empty_label=_("— take out of the plan —"),
    )  # fmt: skip

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
