"""Forms of course content: a lesson, a material of a lesson, the stamp of a lesson's opening."""

import datetime as dt

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Module
from cheber.core.forms import DateInput
from cheber.learning.models import Attachment

OPENED_SALT = "cheber.learning.opened"


class LessonForm(forms.Form):
    module = forms.ModelChoiceField(Module.objects.none(), label=_("module"))
    title_ky = forms.CharField(label=_("title (Kyrgyz)"), max_length=255)
    title_ru = forms.CharField(label=_("title (Russian)"), max_length=255, required=False)
    body_ky = forms.CharField(
        label=_("text (Kyrgyz)"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: # heading, **bold**, *italic*, - list, [link](https://…)."),
    )  # fmt: skip
    body_ru = forms.CharField(
        label=_("text (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    minutes = forms.IntegerField(label=_("minutes of study"), min_value=1, max_value=600,
                                 initial=15)  # fmt: skip

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(programme=programme)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Attachment.Kind.choices)
    title_ky = forms.CharField(label=_("title (Kyrgyz)"), max_length=255)
    title_ru = forms.CharField(label=_("title (Russian)"), max_length=255, required=False)
    file = forms.FileField(label=_("file"), required=False)
    url = forms.URLField(label=_("address (video link or resource)"), required=False,
                         assume_scheme="https")  # fmt: skip
    licence = forms.CharField(
        label=_("licence"), max_length=100, required=False,
        help_text=_("For an open educational resource, e.g. CC BY 4.0."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in Attachment.FILE_KINDS and not data.get("file"):
            self.add_error("file", _("Choose a file to upload."))
        if kind and kind not in Attachment.FILE_KINDS and not data.get("url"):
            self.add_error("url", _("Enter the address of the video or resource."))
        if kind == Attachment.Kind.OER and not data.get("licence"):
            self.add_error("licence", _("Name the resource's licence."))
        return data


class TermsForm(forms.Form):
    enrol_from = forms.DateField(label=_("enrolment opens"), widget=DateInput())
    enrol_until = forms.DateField(label=_("enrolment closes"), widget=DateInput())
    learners_per_trainer = forms.IntegerField(label=_("learners per tutor"), min_value=1,
                                              max_value=1000)  # fmt: skip
    weekly_pacing = forms.BooleanField(
        label=_("a module a week"), required=False,
        help_text=_("Each module opens a week after the one before, from the learner's start."),
    )  # fmt: skip


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("what to change"), max_length=500)


def opened_stamp() -> str:
    """A signed moment the lesson page was sent; its "done" form returns it."""
    return signing.dumps(timezone.now().timestamp(), salt=OPENED_SALT)


class SeenForm(forms.Form):
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_opened(self) -> dt.datetime | None:
        try:
            stamp = signing.loads(self.cleaned_data["opened"], salt=OPENED_SALT, max_age=86400)
        except signing.BadSignature:
            return None
        return dt.datetime.fromtimestamp(float(stamp), tz=dt.UTC)
