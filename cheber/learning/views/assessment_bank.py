"""The provider's question bank of a programme: its questions by category, a question per kind,
GIFT (or Moodle XML) import all-or-nothing, export, the tests and their item statistics."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cheber.core.forms import add_action_errors
from cheber.core.uploads import upload_limit
from cheber.learning import gift, itemstats, moodle_xml
from cheber.learning import questions as q
from cheber.learning.access import (
    can_manage_bank,
    get_bank_programme_for_user,
    get_managed_question_for_user,
    get_managed_test_for_user,
)
from cheber.learning.actions import assessment as actions
from cheber.learning.forms import (
    GiftImportForm,
    QuestionForm,
    TestForm,
    question_initial,
)
from cheber.learning.models import QuestionVersion


@login_required
def bank(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk, read=True)
    questions = list(programme.questions.order_by("category", "pk"))
    tests = programme.tests.annotate(
        finished=Count("attempts", filter=Q(attempts__state="finished"))
    ).select_related("module")  # fmt: skip
    return render(request, "learning/assessment/bank.html", {
        "programme": programme, "questions": questions, "tests": tests,
        "assignments": programme.assignments.all(),
        "can_edit": can_manage_bank(request.user, programme),
        "categories": sorted({question.category for question in questions}),
    })  # fmt: skip


def _save_question(request, form, programme, question=None):
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if question is None:
            actions.add_question(actor=request.user, programme=programme,
                                 question=data["question"], category=data["category"],
                                 status=data["status"])  # fmt: skip
        else:
            actions.edit_question(actor=request.user, question=question, body=data["question"],
                                  category=data["category"], status=data["status"])  # fmt: skip
    except ValidationError as error:
        add_action_errors(error, form)
        return False
    return True


@login_required
def question_add(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk)
    initial = {"kind": request.GET.get("kind", "single"), "status": "ready"}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save_question(request, form, programme):
        messages.success(request, _("The question is in the bank."))
        return redirect("learning:bank", programme.pk)
    return render(request, "learning/assessment/question_form.html",
                  {"form": form, "programme": programme})  # fmt: skip


@login_required
def question_edit(request, pk: int):
    question = get_managed_question_for_user(request.user, pk)
    body = question.versions.get(number=question.version).body
    form = QuestionForm(request.POST or None, initial=question_initial(question, body))
    if request.method == "POST" and _save_question(request, form, question.programme, question):
        messages.success(request, _("The question is saved."))
        return redirect("learning:bank", question.programme_id)
    return render(request, "learning/assessment/question_form.html", {
        "form": form, "programme": question.programme, "question": question,
    })  # fmt: skip


@upload_limit("question_bank")
@login_required
def gift_import(request, pk: int):
    """Paste or upload a bank; any error refuses all of it, each error with its line."""
    programme = get_bank_programme_for_user(request.user, pk)
    form = GiftImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        fmt = "xml" if upload and upload.name.lower().endswith(".xml") else "gift"
        try:
            rows = actions.import_questions(
                actor=request.user, programme=programme, text=form.cleaned_data["text"],
                fmt=fmt, category=form.cleaned_data["category"],
            )  # fmt: skip
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(n)s questions imported.") % {"n": len(rows)})
            return redirect("learning:bank", programme.pk)
    return render(request, "learning/assessment/gift_import.html",
                  {"form": form, "programme": programme, "errors": errors})  # fmt: skip


def _bank_questions(programme) -> list[q.Question]:
    """The current version of each question of the bank, in the category the bank keeps."""
    versions = (
        QuestionVersion.objects.of_programme(programme)
        .current()
        .select_related("question")
        .order_by("question__category", "question_id")
    )
    return [replace(q.Question.from_json(v.body), category=v.question.category) for v in versions]


@login_required
def export_gift(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk, read=True)
    response = HttpResponse(gift.to_gift(_bank_questions(programme)),
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{programme.code}.gift.txt"'
    return response


@login_required
def export_xml(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk, read=True)
    response = HttpResponse(moodle_xml.to_moodle_xml(_bank_questions(programme)),
                            content_type="application/xml")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{programme.code}.xml"'
    return response


def _save_test(request, form, programme):
    if not form.is_valid():
        return None
    values = {name: form.cleaned_data[name] for name in TestForm.Meta.fields}
    try:
        return actions.save_test(actor=request.user, programme=programme, values=values,
                                 draws=form.cleaned_data["draws"],
                                 test=form.instance if form.instance.pk else None)  # fmt: skip
    except ValidationError as error:
        add_action_errors(error, form)
        return None


@login_required
def test_add(request, pk: int):
    programme = get_bank_programme_for_user(request.user, pk)
    form = TestForm(request.POST or None, programme=programme)
    if request.method == "POST" and _save_test(request, form, programme):
        messages.success(request, _("The test is saved."))
        return redirect("learning:bank", programme.pk)
    return render(request, "learning/assessment/test_form.html",
                  {"form": form, "programme": programme})  # fmt: skip


@login_required
def test_edit(request, pk: int):
    test = get_managed_test_for_user(request.user, pk)
    form = TestForm(request.POST or None, instance=test, programme=test.programme)
    if request.method == "POST" and _save_test(request, form, test.programme):
        messages.success(request, _("The test is saved."))
        return redirect("learning:bank", test.programme_id)
    return render(request, "learning/assessment/test_form.html",
                  {"form": form, "programme": test.programme, "test": test})  # fmt: skip


@login_required
def test_statistics(request, pk: int):
    """Facility and discrimination of each question over the finished attempts (the first
    of each learner with `?first=1`), the items to review flagged."""
    test = get_managed_test_for_user(request.user, pk, read=True)
    attempts = test.attempts.finished()
    first_only = request.GET.get("first") == "1"
    if first_only:
        attempts = attempts.filter(number=1)
    marks: dict[int, dict] = {}
    rows = attempts.values_list("pk", "slots__version__question_id", "slots__fraction",
                                "slots__max_mark")  # fmt: skip
    for attempt_id, question_id, fraction, max_mark in rows:
        if question_id is not None and fraction is not None:
            marks.setdefault(attempt_id, {})[question_id] = (fraction, max_mark)
    stats = itemstats.item_stats(marks.values())
    bank = test.programme.questions.filter(pk__in=stats)
    names = dict(bank.values_list("pk", "name"))
    categories = dict(bank.values_list("pk", "category"))
    lines = sorted(
        ({"pk": pk, "name": names.get(pk) or f"#{pk}", "category": categories.get(pk, ""),
          "stats": s, "discrimination": None if s.discrimination is None
          else round(100 * s.discrimination)} for pk, s in stats.items()),
        key=lambda line: (not line["stats"].flags, line["category"], line["name"]),
    )  # fmt: skip
    return render(request, "learning/assessment/statistics.html", {
        "test": test, "lines": lines, "attempts": len(marks), "first_only": first_only,
        "can_edit": can_manage_bank(request.user, test.programme),
    })  # fmt: skip
