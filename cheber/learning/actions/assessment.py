"""Every change to a question bank, a test and an attempt.

The server is the referee of time: an attempt's deadline is fixed when it starts (the time limit,
capped by the end of the session); an answer that arrives after the deadline and a short grace
is kept as late and not counted, and the attempt is closed with what was saved. Answers carry
the slot's sequence number (a page older than the last saved answer is refused) and may carry
a client id (an answer sent twice, as an offline outbox does, is stored once).
"""

import datetime as dt
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cheber.core.audit import record, record_many
from cheber.delivery.models import Enrolment
from cheber.learning import grading, questions
from cheber.learning.access import (
    can_close_overdue_attempts,
    can_manage_bank,
    can_record_past_study,
    can_study,
    can_take_test,
)
from cheber.learning.actions._common import complete_if_met, mark_active
from cheber.learning.models import (
    Attempt,
    CourseProgress,
    Draw,
    Question,
    QuestionAttempt,
    QuestionVersion,
    Step,
    Test,
)
from cheber.learning.rules import session_end

# An answer sent this long after the deadline still counts (the network, a slow phone).
GRACE = dt.timedelta(seconds=60)
HUNDRED = Decimal(100)


# The bank ----------------------------------------------------------------------------------


def _require_bank(actor: Any, programme) -> None:
    if not can_manage_bank(actor, programme):
        raise PermissionDenied


def _new_version(question: Question, body: dict, actor: Any) -> QuestionVersion:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return QuestionVersion.objects.create(
        question=question, number=question.version, body=body, created_by=user
    )


@transaction.atomic
def add_question(
    *, actor: Any, programme, question: "questions.Question", category: str = "",
    status: str = Question.Status.READY,
) -> Question:  # fmt: skip
    """A question into the programme's bank, in its category (else the question's own)."""
    _require_bank(actor, programme)
    category = (category or question.category).strip()
    if not category:
        raise ValidationError({"category": _("Name the question's category.")})
    _validate(question)
    row = Question.objects.create(
        programme=programme, category=category[:255], kind=_kind(question),
        name=(getattr(question, "name", "") or "")[:255], status=status,
    )  # fmt: skip
    _new_version(row, question.to_json(), actor)
    record(actor=actor, verb="add_question", obj=row, programme=programme.pk)
    return row


@transaction.atomic
def edit_question(
    *, actor: Any, question: Question, body: "questions.Question", category: str, status: str
) -> Question:
    """A changed text or answer makes a new version; attempts keep the version they drew."""
    question = Question.objects.select_for_update().select_related("programme").get(pk=question.pk)
    _require_bank(actor, question.programme)
    _validate(body)
    current = question.versions.get(number=question.version).body
    new_body = body.to_json()
    changed = new_body != current
    if changed:
        question.version += 1
        _new_version(question, new_body, actor)
    question.category = category.strip()[:255] or question.category
    question.status = status
    question.kind = _kind(body)
    question.save(update_fields=["version", "category", "status", "kind"])
    record(actor=actor, verb="edit_question", obj=question, version=question.version,
           new_version=changed, status=status)  # fmt: skip
    return question


def _validate(question: "questions.Question") -> None:
    errors = question.validate()
    if errors:
        raise ValidationError(errors)


def _kind(question: "questions.Question") -> str:
    kind = question.kind
    return getattr(kind, "value", kind)


@transaction.atomic
def import_questions(
    *, actor: Any, programme, text: str, fmt: str = "gift", category: str = ""
) -> list[Question]:
    """A GIFT or Moodle XML bank into the programme: all of it, or (any error) nothing, the
    errors listed with their line and reason."""
    from cheber.learning.gift import GiftError, parse_gift
    from cheber.learning.moodle_xml import MoodleXmlError, parse_moodle_xml

    _require_bank(actor, programme)
    try:
        parsed = parse_moodle_xml(text.encode()) if fmt == "xml" else parse_gift(text)
    except (GiftError, MoodleXmlError) as error:
        raise ValidationError(
            [_("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}
             for line, reason in error.errors]
        ) from None  # fmt: skip
    if not parsed:
        raise ValidationError(_("The file holds no questions."))
    default = category.strip() or _("Imported")
    rows = []
    for question in parsed:
        try:
            rows.append(add_question(actor=actor, programme=programme, question=question,
                                     category=question.category or default))  # fmt: skip
        except ValidationError as error:
            raise ValidationError(
                [_("Line %(line)s: %(reason)s") % {"line": question.line, "reason": m}
                 for m in error.messages]
            ) from None  # fmt: skip
    record(actor=actor, verb="import_questions", obj=programme, count=len(rows), format=fmt)
    return rows


# Tests -------------------------------------------------------------------------------------


@transaction.atomic
def save_test(
    *, actor: Any, programme, values: dict[str, Any], draws: list[tuple[str, int]],
    test: Test | None = None,
) -> Test:  # fmt: skip
    """Create or change a test and its blueprint (category, how many questions)."""
    _require_bank(actor, programme)
    test = test or Test(programme=programme)
    for name, value in values.items():
        setattr(test, name, value)
    if test.module_id and test.module.programme_id != programme.pk:
        raise ValidationError({"module": _("The module is of another programme.")})
    source = test.same_blueprint_as
    if source and (source.programme_id != programme.pk or source.same_blueprint_as_id):
        raise ValidationError({"same_blueprint_as": _("Choose a test of this programme that "
                                                      "has its own blueprint.")})  # fmt: skip
    test.full_clean()
    test.save()
    if draws or not test.same_blueprint_as_id:
        test.draws.all().delete()
        Draw.objects.bulk_create(
            Draw(test=test, order=i, category=c, count=n) for i, (c, n) in enumerate(draws, 1)
        )
    _check_blueprint(test)
    record(actor=actor, verb="save_test", obj=test, programme=programme.pk,
           draws=[list(d) for d in draws])  # fmt: skip
    return test


def _check_blueprint(test: Test) -> None:
    ready = Counter(
        Question.objects.ready()
        .filter(programme_id=test.programme_id)
        .exclude(kind=Question.Kind.DESCRIPTION)
        .values_list("category", flat=True)
    )
    short = [d for d in test.blueprint.draws.all() if ready[d.category] < d.count]
    if test.is_open and short:
        raise ValidationError(
            [_("The category “%(category)s” has %(ready)s ready questions; the test draws "
               "%(count)s.") % {"category": d.category, "ready": ready[d.category],
                                 "count": d.count} for d in short]
        )  # fmt: skip


# Attempts ----------------------------------------------------------------------------------


@transaction.atomic
def start_attempt(
    *, actor: Any, enrolment: Enrolment, test: Test, rng: random.Random | None = None
) -> Attempt:
    """Start (or, when one is open, continue) the learner's attempt: questions drawn, options
    ordered and the deadline fixed now, once."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "session__programme"
    ).get(pk=enrolment.pk)  # fmt: skip
    if not can_study(actor, enrolment):
        raise PermissionDenied
    if not can_take_test(actor, enrolment, test):
        raise ValidationError(_("This test is not open to you."))
    attempts = Attempt.objects.filter(enrolment=enrolment, test=test)
    current = attempts.filter(state=Attempt.State.IN_PROGRESS).order_by("pk").first()
    mark_active(enrolment.pk)
    if current:
        return current
    used = attempts.count()
    if test.attempts_allowed and used >= test.attempts_allowed:
        raise ValidationError(_("You have used all %(n)s attempts of this test.")
                              % {"n": test.attempts_allowed})  # fmt: skip
    now, end = timezone.now(), session_end(enrolment)
    if now >= end:
        raise ValidationError(_("The session has ended; its tests are closed."))
    deadline = min(now + dt.timedelta(minutes=test.time_limit), end) if test.time_limit else end
    attempt = Attempt.objects.create(
        enrolment=enrolment, test=test, number=used + 1, started_at=now, deadline=deadline,
        passing_percent=test.passing_percent, feedback=test.feedback,
    )  # fmt: skip
    _draw(attempt, rng or random.Random())
    record(
        actor=actor,
        verb="start_attempt",
        obj=attempt,
        test=test.pk,
        enrolment=enrolment.pk,
        number=attempt.number,
        deadline=deadline.isoformat(),
    )
    return attempt  # fmt: skip


def _draw(attempt: Attempt, rng: random.Random) -> None:
    """Per category of the blueprint, the ready questions this learner has met least, at random
    among equals (Moodle's random question loader); never one question twice. (Each query
    orders by its own columns: the models' orderings would join the programme and the test.)"""
    test = attempt.test
    seen = Counter(
        QuestionAttempt.objects.filter(
            attempt__enrolment_id=attempt.enrolment_id, attempt__test_id=test.pk
        )
        .order_by()
        .values_list("version__question_id", flat=True)
    )
    slots = []
    for draw in test.blueprint.draws.order_by("order", "pk"):
        pool = list(
            Question.objects.ready()
            .filter(programme_id=test.programme_id, category=draw.category)
            .exclude(kind=Question.Kind.DESCRIPTION)
            .order_by("pk")
            .values_list("pk", "version")
        )
        slots += _pick(pool, draw.count, seen, rng)
    versions = {
        (v.question_id, v.number): v
        for v in QuestionVersion.objects.filter(question_id__in=[s[0] for s in slots]).order_by()
    }
    rows = [
        _new_slot(attempt, number, versions[key], _parsed(versions[key]), rng)
        for number, key in enumerate(slots, 1)
    ]
    QuestionAttempt.objects.bulk_create(rows)
    attempt.max_marks = sum((row.max_mark for row in rows), Decimal(0))
    attempt.save(update_fields=["max_marks"])


def _pick(pool: list[tuple[int, int]], count: int, seen: Counter, rng: random.Random) -> list:
    """`count` of the pool's (question, version number) the learner has met least, at random
    among equals."""
    if len(pool) < count:
        raise ValidationError(_("The test's question bank is not complete yet."))
    pool = list(pool)
    rng.shuffle(pool)
    pool.sort(key=lambda item: seen[item[0]])
    return pool[:count]


def _parsed(version: QuestionVersion) -> "questions.Question":
    return questions.Question.from_json(version.body)


def _new_slot(
    attempt: Attempt, number: int, version: QuestionVersion, question: "questions.Question",
    rng: random.Random,
) -> QuestionAttempt:  # fmt: skip
    """A slot of the attempt: the question version drawn and its random state (unsaved)."""
    state = grading.start_state(question, rng, attempt.test.shuffle)
    return QuestionAttempt(attempt=attempt, slot=number, version=version,
                           max_mark=question.default_mark, state=state)  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """One slot's answer as the page (or the offline outbox) sends it."""

    slot: int
    response: dict
    sequence: int  # the slot's sequence the page was showing
    client_id: uuid.UUID | None = None


# The answers, or how to read them from the attempt's slots (with the question versions they
# drew, read once, locked): a page's fields are read through the questions on it.
Answers = list[Answer] | Callable[[dict[int, QuestionAttempt]], list[Answer]]


class Late(ValidationError):
    pass


def _lock_attempt(attempt: Attempt) -> Attempt:
    """The attempt's row read again, locked. Its test and enrolment (with the session), which
    an answer does not change, are those the caller read; read with the row when it has not."""
    attempts = Attempt.objects.select_for_update(of=("self",))
    test, enrolment = Attempt.test.field, Attempt.enrolment.field
    if not (test.is_cached(attempt) and enrolment.is_cached(attempt)
            and Enrolment.session.field.is_cached(attempt.enrolment)):  # fmt: skip
        return attempts.select_related("test", "enrolment__session").get(pk=attempt.pk)
    locked = attempts.get(pk=attempt.pk)
    test.set_cached_value(locked, attempt.test)
    enrolment.set_cached_value(locked, attempt.enrolment)
    return locked


def _too_late(attempt: Attempt, now: dt.datetime) -> bool:
    return now > attempt.deadline + GRACE


def save_answers(*, actor: Any, attempt: Attempt, answers: "Answers") -> Attempt:
    """Store answers of an open attempt (autosave, or an offline page sent late). Refused:
    a closed attempt, a stale page, a time that is up (then the attempt is closed)."""
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        if not can_study(actor, attempt.enrolment):
            raise PermissionDenied
        slots = _locked_slots(attempt)
        fresh = _unseen(attempt, _read(answers, slots))
        if not fresh:
            return attempt  # all already stored: a replay of the same answers
        mark_active(attempt.enrolment_id)
        late = _check_open(attempt, timezone.now())
        changed = _store(slots, fresh, actor, late=late)
        if late:
            _finish(attempt, slots, actor=actor, late=True)
        else:
            _write_slots(changed, ["sequence", "response"])
    if late:
        raise Late(_("Time was up at %(time)s: answers sent after it do not count. The attempt "
                     "was closed with the answers saved before.")
                   % {"time": timezone.localtime(attempt.deadline).strftime("%H:%M")},
                   code="late")  # fmt: skip
    return attempt


def _read(answers: "Answers", slots: dict[int, QuestionAttempt]) -> list[Answer]:
    return answers(slots) if callable(answers) else answers


def _unseen(attempt: Attempt, answers: list[Answer]) -> list[Answer]:
    ids = [a.client_id for a in answers if a.client_id]
    if not ids:
        return answers  # a page's answers: no outbox ids to look up
    stored = set(
        Step.objects.filter(question_attempt__attempt=attempt, client_id__in=ids).values_list(
            "client_id", flat=True
        )
    )
    return [a for a in answers if a.client_id is None or a.client_id not in stored]


def _check_open(attempt: Attempt, now: dt.datetime) -> bool:
    """Whether the answers are late; refused when the attempt is closed."""
    if not attempt.is_open:
        raise ValidationError(
            _("This attempt is closed; its answers can no longer change."), code="closed"
        )
    return _too_late(attempt, now)


def _locked_slots(attempt: Attempt) -> dict[int, QuestionAttempt]:
    """{slot: its question attempt, with the question version it drew}, read once per
    request and locked (in the caller's transaction, the attempt locked)."""
    slots = attempt.slots.select_related("version").select_for_update(of=("self",))
    return {qa.slot: qa for qa in slots.order_by("slot")}


def _store(
    slots: dict[int, QuestionAttempt], answers: list[Answer], actor: Any, *, late: bool
) -> list[QuestionAttempt]:
    """Append a step per changed answer (one query, whatever their number); the slots
    changed are returned, for the caller to write."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    steps, changed = [], {}
    for answer in answers:
        qa = slots.get(answer.slot)
        if qa is None:
            raise ValidationError(_("The test has no question %(n)s.") % {"n": answer.slot})
        if not late and answer.response == qa.response:
            continue  # unchanged since it was saved (the whole page sent on finishing)
        if not late and answer.sequence != qa.sequence and qa.pk not in changed:
            raise ValidationError(
                _("Question %(n)s was answered on another page since this one was opened; "
                  "reload the page.") % {"n": answer.slot}, code="stale",
            )  # fmt: skip
        kind = Step.Kind.LATE if late else Step.Kind.SAVE
        qa.sequence += 1
        steps.append(Step(question_attempt=qa, seq=qa.sequence, kind=kind, actor=user,
                          response=answer.response, client_id=answer.client_id))  # fmt: skip
        if not late:
            qa.response = answer.response
        changed[qa.pk] = qa
    Step.objects.bulk_create(steps)
    return list(changed.values())


def _write_slots(slots: list[QuestionAttempt], fields: list[str]) -> None:
    """Write these fields of the slots: an UPDATE by primary key per slot, sent as one batch.
    (Django's `bulk_update` builds a CASE with a WHEN for every slot and field, which for the
    twenty slots of a test costs more time than the rest of the submission.)"""
    if not slots:
        return
    meta = QuestionAttempt._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "
        + ", ".join(f"{quote(field.column)} = %s" for field in columns)
        + f" WHERE {quote(meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(qa, field.attname), connection) for field in columns]
        + [qa.pk]
        for qa in slots
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def submit_attempt(*, actor: Any, attempt: Attempt, answers: Answers, token: uuid.UUID) -> Attempt:
    """The learner hands the attempt in: the last answers stored, everything graded. The same
    submission sent twice (the token) finishes it once; any other after it is refused."""
    with transaction.atomic():
        attempt = _lock_attempt(attempt)
        if not can_study(actor, attempt.enrolment):
            raise PermissionDenied
        if attempt.finish_token == token:
            return attempt
        if not attempt.is_open:
            raise ValidationError(
                _("This attempt was already submitted; it cannot be submitted again."),
                code="replayed",
            )  # fmt: skip
        late = _too_late(attempt, timezone.now())
        mark_active(attempt.enrolment_id)
        slots = _locked_slots(attempt)
        _store(slots, _unseen(attempt, _read(answers, slots)), actor, late=late)
        attempt.finish_token = token
        _finish(attempt, slots, actor=actor, late=late)
    if late:
        raise Late(_("Time was up at %(time)s: this submission came too late and does not "
                     "count. The attempt was closed with the answers saved before.")
                   % {"time": timezone.localtime(attempt.deadline).strftime("%H:%M")},
                   code="late")  # fmt: skip
    return attempt


def _finish(attempt: Attempt, slots: dict[int, QuestionAttempt], *, actor: Any, late: bool) -> None:
    """Grade every slot from its saved answer, write the slots (their last answers too) and
    close the attempt (in the caller's transaction, the attempt and its slots locked)."""
    graded_slots = list(slots.values())
    marks = sum((_grade_slot(qa, _parsed(qa.version)) for qa in graded_slots), Decimal(0))
    _write_slots(graded_slots, ["sequence", "response", "fraction", "feedback"])
    answered = any(qa.response is not None for qa in graded_slots)
    attempt.state = Attempt.State.ABANDONED if late and not answered else Attempt.State.FINISHED
    attempt.finished_at = min(timezone.now(), attempt.deadline) if late else timezone.now()
    attempt.closed_late = late
    _set_result(attempt, marks)
    attempt.save(update_fields=[
        "state", "finished_at", "closed_late", "finish_token", "marks", "score", "passed",
    ])  # fmt: skip
    record(actor=actor, verb="finish_attempt", obj=attempt, state=attempt.state,
           score=str(attempt.score), passed=attempt.passed, late=late)  # fmt: skip
    if attempt.passed:
        complete_if_met(attempt.enrolment)  # the test may be the last step of the course


def _grade_slot(qa: QuestionAttempt, question: "questions.Question") -> Decimal:
    """Grade a slot from its saved answer (its fraction and feedback set); the marks it earns."""
    graded = grading.grade(question, qa.state, qa.response or {})
    qa.fraction = Decimal(str(graded.fraction)).quantize(Decimal("0.00001"))
    qa.feedback = {"feedback": graded.feedback, "right_answer": graded.right_answer}
    return qa.fraction * qa.max_mark


def _set_result(attempt: Attempt, marks: Decimal) -> None:
    """The attempt's marks, its score in per cent and whether it passes."""
    attempt.marks = marks.quantize(Decimal("0.01"))
    attempt.score = (
        (marks * HUNDRED / attempt.max_marks).quantize(Decimal("0.01"))
        if attempt.max_marks else Decimal(0)
    )  # fmt: skip
    attempt.passed = attempt.score >= attempt.passing_percent


def close_overdue_attempts(*, actor: Any, now: dt.datetime | None = None) -> int:
    """Close, with what was saved, every attempt whose time (and grace) is up. Periodic: the
    server's command."""
    if not can_close_overdue_attempts(actor):
        raise PermissionDenied
    now = now or timezone.now()
    closed = 0
    for pk in Attempt.objects.overdue(now - GRACE).values_list("pk", flat=True):
        with transaction.atomic():
            attempt = _lock_attempt(Attempt(pk=pk))
            if attempt.is_open and _too_late(attempt, now):
                _finish(attempt, _locked_slots(attempt), actor=actor, late=True)
                closed += 1
    return closed


# Attempts made earlier, written in bulk --------------------------------------------------------


@dataclass(frozen=True)
class PastAttempt:
    """A finished attempt to write afterwards (the demo's learners): who took which test, when
    it started and how long it took; `respond(question, state)` is the learner's answer to a
    question drawn for it (None leaves it unanswered)."""

    enrolment: Enrolment
    test: Test
    started_at: dt.datetime
    respond: Callable[["questions.Question", dict], dict | None]
    minutes: int = 15


@transaction.atomic
def record_attempts(
    *, actor: Any, attempts: list[PastAttempt], rng: random.Random
) -> list[Attempt]:
    """Write finished attempts at once, drawn and graded by the code `start_attempt` and
    `submit_attempt` use, in a few queries whatever their number (the server only: the demo).
    Each must be one the learner could have made: a participant, an open test of their
    programme, within its attempts limit, finished by now and within the session. The courses
    whose rule is then met are completed."""
    if not can_record_past_study(actor):
        raise PermissionDenied
    now = timezone.now()
    bank = _Bank([a.test.programme_id for a in attempts])
    used = _attempts_used(attempts)
    rows, slots = [], []
    for past in sorted(attempts, key=lambda a: a.started_at):
        attempt = _past_attempt(actor, past, used, now)
        slots += _answer_slots(attempt, past, bank, used[past.enrolment.pk, past.test.pk], rng)
        rows.append(attempt)
    _write_attempts(actor, rows, slots)
    _complete_where_met({a.enrolment_id for a in rows if a.passed})
    return rows


class _Bank:
    """The ready questions of some programmes, read once: per category, parsed per version."""

    def __init__(self, programme_ids: list[int]):
        ready = (
            Question.objects.ready()
            .filter(programme_id__in=set(programme_ids))
            .exclude(kind=Question.Kind.DESCRIPTION)
        )
        self.pools: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for programme_id, category, pk, number in ready.values_list(
            "programme_id", "category", "pk", "version"
        ):
            self.pools.setdefault((programme_id, category), []).append((pk, number))
        self.versions = {
            (v.question_id, v.number): v
            for v in QuestionVersion.objects.filter(question__in=ready).current()
        }
        self.draws = {}
        self._parsed = {}

    def draw(self, test: Test, seen: Counter, rng: random.Random) -> list:
        """[(question id, version)] for an attempt, as `_draw` picks them."""
        if test.pk not in self.draws:
            self.draws[test.pk] = list(test.blueprint.draws.all())
        picked = []
        for draw in self.draws[test.pk]:
            pool = self.pools.get((test.programme_id, draw.category), [])
            picked += _pick(pool, draw.count, seen, rng)
        return [(pk, self.versions[pk, number]) for pk, number in picked]

    def parsed(self, version: QuestionVersion) -> "questions.Question":
        if version.pk not in self._parsed:
            self._parsed[version.pk] = _parsed(version)
        return self._parsed[version.pk]


def _attempts_used(attempts: list[PastAttempt]) -> dict:
    """{(enrolment, test): {"count": attempts made, "seen": Counter of questions met}}."""
    enrolments = {a.enrolment.pk for a in attempts}
    tests = {a.test.pk for a in attempts}
    used = defaultdict(lambda: {"count": 0, "seen": Counter()})
    for enrolment_id, test_id in Attempt.objects.filter(
        enrolment_id__in=enrolments, test_id__in=tests
    ).values_list("enrolment_id", "test_id"):
        used[enrolment_id, test_id]["count"] += 1
    for enrolment_id, test_id, question_id in QuestionAttempt.objects.filter(
        attempt__enrolment_id__in=enrolments, attempt__test_id__in=tests
    ).values_list("attempt__enrolment_id", "attempt__test_id", "version__question_id"):
        used[enrolment_id, test_id]["seen"][question_id] += 1
    return used


def _answer_slots(
    attempt: Attempt, past: PastAttempt, bank: "_Bank", used: dict, rng: random.Random
) -> list[QuestionAttempt]:
    """The attempt's questions drawn, answered by `past.respond` and graded; its result set."""
    slots, marks = [], Decimal(0)
    for number, (question_id, version) in enumerate(bank.draw(past.test, used["seen"], rng), 1):
        question = bank.parsed(version)
        qa = _new_slot(attempt, number, version, question, rng)
        qa.response = past.respond(question, qa.state)
        qa.sequence = int(qa.response is not None)
        marks += _grade_slot(qa, question)
        attempt.max_marks += qa.max_mark
        used["seen"][question_id] += 1
        slots.append(qa)
    _set_result(attempt, marks)
    return slots


def _past_attempt(actor: Any, past: PastAttempt, used: dict, now: dt.datetime) -> Attempt:
    """The attempt's row (unsaved), once it is one the learner could have made."""
    enrolment, test = past.enrolment, past.test
    if not can_take_test(actor, enrolment, test):
        raise ValidationError(_("This test is not open to you."))
    count = used[enrolment.pk, test.pk]["count"]
    if test.attempts_allowed and count >= test.attempts_allowed:
        raise ValidationError(_("You have used all %(n)s attempts of this test.")
                              % {"n": test.attempts_allowed})  # fmt: skip
    start = timezone.make_aware(dt.datetime.combine(enrolment.session.start_date, dt.time.min))
    end = session_end(enrolment)
    limit = dt.timedelta(minutes=test.time_limit) if test.time_limit else end - past.started_at
    deadline = min(past.started_at + limit, end)
    finished = min(past.started_at + dt.timedelta(minutes=past.minutes), deadline)
    if not start <= past.started_at < end or finished > now:
        raise ValidationError(_("An attempt written afterwards must have finished by now, "
                                "within the session."))  # fmt: skip
    used[enrolment.pk, test.pk]["count"] = count + 1
    return Attempt(
        enrolment=enrolment, test=test, number=count + 1, state=Attempt.State.FINISHED,
        started_at=past.started_at, deadline=deadline, finished_at=finished,
        passing_percent=test.passing_percent, feedback=test.feedback, max_marks=Decimal(0),
    )  # fmt: skip


def _write_attempts(actor: Any, attempts: list[Attempt], slots: list[QuestionAttempt]) -> None:
    """The attempts, their slots, each answer's step and an audit event per attempt, in four
    inserts."""
    Attempt.objects.bulk_create(attempts, batch_size=500)
    for qa in slots:
        qa.attempt_id = qa.attempt.pk
    QuestionAttempt.objects.bulk_create(slots, batch_size=500)
    Step.objects.bulk_create(
        (Step(question_attempt=qa, seq=1, response=qa.response) for qa in slots
         if qa.response is not None), batch_size=500,
    )  # fmt: skip
    record_many(actor=actor, verb="record_attempt", events=(
        (attempt, {"test": attempt.test_id, "enrolment": attempt.enrolment_id,
                   "number": attempt.number, "score": str(attempt.score),
                   "passed": attempt.passed})
        for attempt in attempts
    ))  # fmt: skip


def _complete_where_met(enrolment_ids: set[int]) -> None:
    """Complete the online courses of these learners whose rule is now met (every lesson
    seen, the tests and assignments passed)."""
    courses = CourseProgress.objects.filter(
        enrolment_id__in=enrolment_ids, enrolment__state=Enrolment.State.ENROLLED
    ).all_lessons_seen()
    for course in courses.select_related("enrolment__session"):
        complete_if_met(course.enrolment)
