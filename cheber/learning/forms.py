"""Every form of learning's pages: course content (a lesson, a material of a lesson, the stamp
of a lesson's opening), then assessment (answers read from an attempt page, a bank question
per kind, GIFT import, a test and its blueprint, an assignment and its rubric, a submission,
a grading)."""

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from cheber.catalog.models import Module
from cheber.core.forms import DateInput, ModelChoiceField, ModelForm
from cheber.core.ids import MAX_INTEGER, parse_id
from cheber.learning import questions as q
from cheber.learning import rules
from cheber.learning.models import Assignment, Attachment, Question, Test

OPENED_SALT = "cheber.learning.opened"


class LessonForm(forms.Form):
    module = ModelChoiceField(Module.objects.none(), label=_("module"))
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
    certificate_on_completion = forms.BooleanField(
        label=_("certificate on completion"), required=False,
        help_text=_("A learner who completes the course gets the certificate at once; "
                    "otherwise the provider issues it from the session's certificates page."),
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


# Assessment -------------------------------------------------------------------------------------
MAX_GIFT_BYTES = 2 * 1024 * 1024

# Answers on the attempt page ---------------------------------------------------------------


def response_from_post(view: dict, data, prefix: str) -> dict | None:
    """The response the grader reads, from the fields of one slot (`prefix` "s3-");
    None when the slot's fields are not in the data at all."""
    kind = view["kind"]
    if kind in (q.Kind.SINGLE, q.Kind.TRUE_FALSE):
        value = data.get(prefix + "choice")
        return None if value is None else {"choice": value}
    if kind == q.Kind.MULTIPLE:
        if prefix + "seq" not in data:
            return None
        return {"choices": data.getlist(prefix + "choices")}
    if kind == q.Kind.MATCHING:
        values = [data.get(f"{prefix}match-{p['id']}") for p in view["prompts"]]
        if all(v is None for v in values):
            return None
        return {"matches": [v or None for v in values]}
    if kind == q.Kind.ORDERING:
        return _ordering(view, data, prefix)
    if kind in (q.Kind.NUMERIC, q.Kind.SHORT):
        value = data.get(prefix + "answer")
        return None if value is None else {"answer": value[:1000]}
    return None


def _ordering(view: dict, data, prefix: str) -> dict | None:
    """Each item has a rank (1…n) chosen beside it; the order is the items by rank."""
    ranks = {}
    for item in view["items"]:
        rank = parse_id(data.get(f"{prefix}rank-{item['id']}", ""), minimum=0, maximum=MAX_INTEGER)
        if rank is None:
            return None
        ranks[item["id"]] = rank
    return {"order": sorted(ranks, key=lambda item_id: (ranks[item_id], item_id))}


# A bank question ---------------------------------------------------------------------------

RIGHT_MARK = "*"


class QuestionForm(forms.Form):
    """One question; the answers as lines, the right ones marked with a star (choices), as
    "question -> answer" (matching), in the right order (ordering)."""

    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Question.Kind.choices)
    category = forms.CharField(label=gettext_lazy("Category"), max_length=255)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    text = forms.CharField(label=gettext_lazy("Question"), widget=forms.Textarea(attrs={"rows": 4}))
    answers = forms.CharField(
        label=gettext_lazy("Answers"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One a line. Choices: mark right ones with * at the start. Matching: "
            "question -> answer. Ordering: the items in the right order. Short answer: every "
            "accepted answer. True/false: true or false. Numeric: the value."
        ),
    )  # fmt: skip
    tolerance = forms.DecimalField(
        label=gettext_lazy("Tolerance (numeric)"), required=False, min_value=0, initial=0
    )
    general_feedback = forms.CharField(
        label=gettext_lazy("General feedback"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Question.Status.choices, initial="ready"
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["question"] = self._build(data)
        except ValueError as error:
            raise ValidationError({"answers": str(error)}) from None
        problems = data["question"].validate()
        if problems:
            raise ValidationError(problems)
        return data

    def _build(self, data) -> q.Question:
        kind = q.Kind(data["kind"])
        lines = [line.strip() for line in data["answers"].splitlines() if line.strip()]
        common = {"category": q.category_path(data["category"]),
                  "general_feedback": data["general_feedback"]}  # fmt: skip
        if kind == q.Kind.DESCRIPTION:
            return q.Question(kind, data["name"], data["text"], default_mark=Decimal(0), **common)
        if kind == q.Kind.TRUE_FALSE:
            value = (lines or [""])[0].lower()
            if value not in ("true", "false"):
                raise ValueError(gettext("Write true or false."))
            return q.true_false(data["name"], data["text"], value == "true", **common)
        return q.Question(kind, data["name"], data["text"], **_answers(kind, lines, data), **common)


def _answers(kind: q.Kind, lines: list[str], data) -> dict:
    if kind in (q.Kind.SINGLE, q.Kind.MULTIPLE):
        right = [line.startswith(RIGHT_MARK) for line in lines]
        share = q.ONE / max(1, sum(right)) if kind == q.Kind.MULTIPLE else q.ONE
        return {"choices": tuple(
            q.Choice(line.removeprefix(RIGHT_MARK).strip(), share if ok else q.ZERO)
            for line, ok in zip(lines, right, strict=True)
        )}  # fmt: skip
    if kind == q.Kind.MATCHING:
        pairs = [line.split("->", 1) for line in lines]
        if any(len(p) != 2 for p in pairs):
            raise ValueError(gettext("Write each pair as: question -> answer."))
        return {"pairs": tuple(q.Pair(a.strip(), b.strip()) for a, b in pairs)}
    if kind == q.Kind.ORDERING:
        return {"items": tuple(lines)}
    if kind == q.Kind.SHORT:
        return {"accepted": tuple(q.ShortAnswer(line, q.ONE) for line in lines)}
    value = q.parse_number((lines or [""])[0])
    if value is None:
        raise ValueError(gettext("Write the value as a number."))
    tolerance = data.get("tolerance") or q.ZERO
    return {"numeric": (q.NumericAnswer(value, tolerance, q.ONE),)}


def question_initial(question: Question, body: dict) -> dict:
    """The form's fields for a bank question's current version."""
    parsed = q.Question.from_json(body)
    initial = {"kind": question.kind, "category": question.category, "name": parsed.name,
               "text": parsed.text, "general_feedback": parsed.general_feedback,
               "status": question.status}  # fmt: skip
    kind = parsed.kind
    if kind in (q.Kind.SINGLE, q.Kind.MULTIPLE):
        lines = [(RIGHT_MARK if c.fraction > 0 else "") + c.text for c in parsed.choices]
    elif kind == q.Kind.TRUE_FALSE:
        lines = ["true" if parsed.choices[0].fraction == q.ONE else "false"]
    elif kind == q.Kind.MATCHING:
        lines = [f"{p.prompt} -> {p.answer}" for p in parsed.pairs]
    elif kind == q.Kind.ORDERING:
        lines = list(parsed.items)
    elif kind == q.Kind.SHORT:
        lines = [a.text for a in parsed.accepted]
    elif kind == q.Kind.NUMERIC and parsed.numeric:
        lines = [q.plain_number(parsed.numeric[0].value)]
        initial["tolerance"] = parsed.numeric[0].tolerance
    else:
        lines = []
    initial["answers"] = "\n".join(lines)
    return initial


class GiftImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("GIFT text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(label=gettext_lazy("or a GIFT file (.gift, .txt)"), required=False)
    category = forms.CharField(
        label=gettext_lazy("Category for questions without one"), required=False, max_length=255
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_GIFT_BYTES:
                raise ValidationError({"file": gettext("The file is larger than 2 MB.")})
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError({"file": gettext("The file is not UTF-8 text.")}) from None
        if not (data.get("text") or "").strip():
            raise ValidationError(gettext("Paste the GIFT text or choose a file."))
        return data


# A test and its blueprint ------------------------------------------------------------------

DRAW_LINE = re.compile(r"^(?P<category>.+?)\s*:\s*(?P<count>\d+)$")


class TestForm(ModelForm):
    __test__ = False  # (not a pytest class)

    draws = forms.CharField(
        label=gettext_lazy("Blueprint"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One line per category: category: number of questions."),
    )  # fmt: skip

    class Meta:
        model = Test
        fields = [
            "purpose", "module", "title", "instructions", "shuffle", "attempts_allowed",
            "time_limit", "passing_percent", "feedback", "is_open", "same_blueprint_as",
        ]  # fmt: skip

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = programme.modules.all()
        self.fields["same_blueprint_as"].queryset = programme.tests.exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.initial["draws"] = "\n".join(
                f"{d.category}: {d.count}" for d in self.instance.draws.all()
            )

    def clean_draws(self) -> list[tuple[str, int]]:
        draws = []
        for number, line in enumerate(self.cleaned_data["draws"].splitlines(), 1):
            if not line.strip():
                continue
            match = DRAW_LINE.match(line.strip())
            if not match or int(match["count"]) < 1:
                raise ValidationError(
                    gettext("Line %(n)s: write “category: number”.") % {"n": number}
                )
            draws.append((match["category"], int(match["count"])))
        return draws

    def clean(self):
        data = super().clean()
        if not data.get("draws") and not data.get("same_blueprint_as"):
            self.add_error("draws", gettext("Say what to draw, or use another test's blueprint."))
        return data


# Assignments -------------------------------------------------------------------------------

CRITERION_LINE = re.compile(r"^(?P<title>.+?)\s*:\s*(?P<points>\d+)$")


class AssignmentForm(ModelForm):
    criteria = forms.CharField(
        label=gettext_lazy("Rubric"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One line per criterion: criterion: points."),
    )  # fmt: skip

    class Meta:
        model = Assignment
        fields = ["kind", "title", "instructions", "file_types", "max_file_mb", "passing_points"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria"] = "\n".join(
                f"{c.title}: {c.max_points}" for c in self.instance.criteria.all()
            )

    def clean_criteria(self) -> list[tuple[str, int]]:
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), 1):
            if not line.strip():
                continue
            match = CRITERION_LINE.match(line.strip())
            if not match or int(match["points"]) < 1:
                raise ValidationError(
                    gettext("Line %(n)s: write “criterion: points”.") % {"n": number}
                )
            criteria.append((match["title"], int(match["points"])))
        return criteria


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.fields["file"].help_text = gettext("%(types)s, up to %(mb)s MB.") % {
            "types": ", ".join(assignment.extensions), "mb": assignment.max_file_mb,
        }  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("file"):
            rules.check_file(self.assignment, data["file"])
        return data


class GradingForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.title} (0–{criterion.max_points})",
                min_value=0, max_value=criterion.max_points,
            )  # fmt: skip
        self.order_fields([f"c{c.pk}" for c in self.criteria] + ["comment"])

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
