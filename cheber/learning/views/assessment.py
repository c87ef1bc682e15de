"""The learner's tests: what the course asks, a test's rules, the attempt page (autosaved by
HTMX, one answer at a time; the offline outbox posts the same fields with a client id), the
result. The answers of a question never reach the page before the attempt is finished."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cheber.core.htmx import is_htmx
from cheber.core.ids import MAX_INTEGER, parse_id
from cheber.learning import grading, markup
from cheber.learning import questions as q
from cheber.learning.access import (
    can_grade,
    can_study,
    get_attempt_for_user,
    get_own_attempt_for_user,
    get_own_enrolment_for_user,
    get_test_of_enrolment,
)
from cheber.learning.actions import assessment as actions
from cheber.learning.actions.assessment import Answer, Late
from cheber.learning.forms import response_from_post
from cheber.learning.models import Attempt, QuestionAttempt, Test
from cheber.learning.rules import assessment_summary, session_end


@login_required
def assessment_overview(request, pk: int):
    """The tests and assignments of one of the learner's courses, with where they stand."""
    enrolment = get_own_enrolment_for_user(request.user, pk)
    programme = enrolment.session.programme
    tests = list(programme.tests.open().select_related("module"))
    attempts = enrolment.attempts.order_by("number")
    by_test: dict[int, list] = {}
    for attempt in attempts:
        by_test.setdefault(attempt.test_id, []).append(attempt)
    for test in tests:
        test.my_attempts = by_test.get(test.pk, [])
    assignments = list(programme.assignments.all())
    latest = {
        s.assignment_id: s
        for s in enrolment.submissions.select_related("grading").order_by("number")
    }
    for assignment in assignments:
        assignment.latest = latest.get(assignment.pk)
    return render(request, "learning/assessment/overview.html", {
        "enrolment": enrolment, "tests": tests, "assignments": assignments,
        "summary": assessment_summary(enrolment),
    })  # fmt: skip


@login_required
def test_start(request, enrolment_pk: int, pk: int):
    """The rules of a test, the attempts made; POST starts (or continues) an attempt."""
    enrolment = get_own_enrolment_for_user(request.user, enrolment_pk)
    test = get_test_of_enrolment(enrolment, pk)
    if request.method == "POST":
        try:
            attempt = actions.start_attempt(actor=request.user, enrolment=enrolment, test=test)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("learning:attempt", attempt.pk)
    attempts = list(enrolment.attempts.filter(test=test).order_by("number"))
    count = sum(d.count for d in test.blueprint.draws.all())
    left = max(0, test.attempts_allowed - len(attempts)) if test.attempts_allowed else None
    return render(request, "learning/assessment/test_start.html", {
        "enrolment": enrolment, "test": test, "attempts": attempts, "questions": count,
        "attempts_left": left, "open_attempt": next((a for a in attempts if a.is_open), None),
        "session_end": session_end(enrolment),
    })  # fmt: skip


def question_html(text: str, text_format: str) -> SafeString:
    """A question's text as the page shows it: HTML and Markdown through the lessons'
    sanitiser (no script can pass), plain text escaped."""
    if text_format == "html":
        return mark_safe(markup.sanitize(text))  # (sanitised just now)
    if text_format == "markdown":
        return mark_safe(markup.render_markdown(text))
    return mark_safe(linebreaks(escape(text)))  # (escaped just now)


def _slot_view(qa: QuestionAttempt) -> dict:
    """What the page shows of a slot: the public view, with the learner's saved answer."""
    question = q.Question.from_json(qa.version.body)
    view = grading.public_view(question, qa.state)
    response = qa.response or {}
    chosen = {str(c) for c in response.get("choices", [])} | {str(response.get("choice"))}
    for option in view.get("options", []):
        option["checked"] = str(option["id"]) in chosen
    matches = response.get("matches") or []
    for prompt in view.get("prompts", []):
        value = matches[prompt["id"]] if prompt["id"] < len(matches) else None
        prompt["chosen"] = "" if value is None else str(value)
    order = [str(i) for i in response.get("order", [])]
    for rank, item in enumerate(view.get("items", []), 1):
        item["rank"] = order.index(str(item["id"])) + 1 if str(item["id"]) in order else rank
    view["ranks"] = list(range(1, len(view.get("items", [])) + 1))
    view["answer"] = response.get("answer", "")
    view["name"] = question.name
    view["html"] = question_html(question.text, question.text_format)
    return view


def _slots(attempt: Attempt) -> list[QuestionAttempt]:
    slots = list(_slots_with_questions(attempt))
    for qa in slots:
        qa.view = _slot_view(qa)
    return slots


def _reviews(attempt: Attempt) -> list[dict]:
    """What the result shows of each slot, ready to print (the page lists twenty of them: the
    template only writes them out)."""
    return [_review(qa) for qa in _slots_with_questions(attempt)]


def _review(qa: QuestionAttempt) -> dict:
    question = q.Question.from_json(qa.version.body)
    view = grading.public_view(question, qa.state)
    response = qa.response or {}
    chosen = {str(c) for c in response.get("choices", [])} | {str(response.get("choice"))}
    matches = response.get("matches") or []
    answers = {str(answer["id"]): answer["text"] for answer in view.get("answers", [])}
    feedback = qa.feedback or {}
    return {
        "title": _("Question %(n)s") % {"n": qa.slot},
        "html": question_html(question.text, question.text_format),
        "options": [(str(o["id"]) in chosen, o["text"]) for o in view.get("options", [])],
        "matches": [
            (p["text"], answers.get(_chosen(matches, p["id"]), "")) for p in view.get("prompts", [])
        ],
        "answer": response.get("answer", ""),
        "mark": qa.mark or "0",
        "max_mark": qa.max_mark,
        "feedback": feedback.get("feedback"),
        "right_answer": feedback.get("right_answer"),
    }


def _chosen(matches: list, prompt: int) -> str:
    value = matches[prompt] if prompt < len(matches) else None
    return "" if value is None else str(value)


def _slots_with_questions(attempt: Attempt):
    """The attempt's slots in order, with the question versions they drew (ordered by slot
    alone: the model's ordering would join the attempt, its enrolment, session and test)."""
    return attempt.slots.select_related("version").order_by("slot")


@login_required
def attempt_page(request, pk: int):
    attempt = get_own_attempt_for_user(request.user, pk)
    if not attempt.is_open:
        return redirect("learning:attempt_result", attempt.pk)
    return render(request, "learning/assessment/attempt.html", {
        "attempt": attempt, "test": attempt.test, "slots": _slots(attempt),
        "seconds_left": attempt.seconds_left(), "time_left": _clock(attempt.seconds_left()),
        "token": uuid.uuid4(),
    })  # fmt: skip


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _answers(data, only: int | None = None) -> Callable[[dict], list[Answer]]:
    """The answers the POST carries, one per slot whose fields it has (or only slot `only`):
    read by the action from the slots it reads once, locked, with the questions they drew."""

    def read(slots: dict[int, QuestionAttempt]) -> list[Answer]:
        answers = []
        for qa in slots.values() if only is None else filter(None, [slots.get(only)]):
            prefix = f"s{qa.slot}-"
            view = grading.public_view(q.Question.from_json(qa.version.body), qa.state)
            response = response_from_post(view, data, prefix)
            sequence = parse_id(data.get(prefix + "seq", ""), minimum=0, maximum=MAX_INTEGER)
            if response is None or sequence is None:
                continue
            answers.append(Answer(qa.slot, response, sequence, _uuid(data.get("client_id"))))
        return answers

    return read


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@require_POST
@login_required
def attempt_save(request, pk: int):
    """Save one slot's answer (`slot`): HTMX answers with the slot's new state, the offline
    outbox (no HTMX) with JSON. The same `client_id` twice is stored once."""
    attempt = get_own_attempt_for_user(request.user, pk)
    slot = parse_id(request.POST.get("slot", ""), minimum=0, maximum=MAX_INTEGER)
    if slot is None:
        return HttpResponseBadRequest(_("Which question?"))
    answers = _answers(request.POST, only=slot)  # none for a slot the test has not
    status, message = "saved", ""
    try:
        attempt = actions.save_answers(actor=request.user, attempt=attempt, answers=answers)
    except Late as error:
        status, message = "late", " ".join(error.messages)
    except ValidationError as error:
        status, message = error.code or "refused", " ".join(error.messages)
    qa = attempt.slots.filter(slot=slot).first()
    if qa is None:
        return HttpResponseBadRequest(_("Which question?"))
    if status == "late" and is_htmx(request):
        messages.error(request, message)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("learning:attempt_result", args=[attempt.pk])
        return response
    if is_htmx(request):
        return render(request, "learning/assessment/_slot_state.html", {
            "qa": qa, "status": status, "message": message, "now": timezone.now(),
        })  # fmt: skip
    return JsonResponse(
        {"status": status, "message": message, "slot": qa.slot, "sequence": qa.sequence,
         "seconds_left": attempt.seconds_left()},
        status=200 if status == "saved" else 409,
    )  # fmt: skip


@require_POST
@login_required
def attempt_submit(request, pk: int):
    """Finish the attempt with the answers on the page (or, with `action=save`, only save
    them: the page works without JavaScript)."""
    attempt = get_own_attempt_for_user(request.user, pk)
    token = _uuid(request.POST.get("token"))
    if token is None:
        return HttpResponseBadRequest(_("The page is incomplete; reload it."))
    answers = _answers(request.POST)
    try:
        if request.POST.get("action") == "save":
            actions.save_answers(actor=request.user, attempt=attempt, answers=answers)
            messages.success(request, _("Your answers are saved."))
            return redirect("learning:attempt", attempt.pk)
        actions.submit_attempt(actor=request.user, attempt=attempt, answers=answers, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        attempt.refresh_from_db()
        if attempt.is_open:
            return redirect("learning:attempt", attempt.pk)
    return redirect("learning:attempt_result", attempt.pk)


def feedback_visible(attempt: Attempt) -> bool:
    """Immediate feedback once the attempt is closed; deferred once the session has ended."""
    if attempt.is_open:
        return False
    if attempt.feedback == Test.Feedback.IMMEDIATE:
        return True
    return timezone.now() >= session_end(attempt.enrolment)


@login_required
def attempt_result(request, pk: int):
    """The result: to the learner as the test's feedback setting says, to the trainer all."""
    attempt = get_attempt_for_user(request.user, pk)
    own = can_study(request.user, attempt.enrolment)
    if own and attempt.is_open:
        return redirect("learning:attempt", attempt.pk)
    staff = not own and can_grade(request.user, attempt.enrolment)
    show = not attempt.is_open and (staff or feedback_visible(attempt))
    return render(request, "learning/assessment/result.html", {
        "attempt": attempt, "test": attempt.test, "own": own, "show_feedback": show,
        "reviews": _reviews(attempt) if show else [],
    })  # fmt: skip
