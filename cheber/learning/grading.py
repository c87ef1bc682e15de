"""Attempt-time behaviour of a question: its random state, what the browser sees, the grade.

As in Moodle's question engine, the random state (option order, matching answer order, the
initial order of an ordering question) is drawn once when the attempt starts and saved, so a
reload, a review and a regrade all see the same page. Matching answers and the items of an
ordering question are shuffled whatever `shuffle` says (in the author's order they are the
key), and an ordering question never starts in its right order. The browser gets options
identified by their position on that page, never their fractions, the right order, any
feedback or accepted answer.

Responses come from the learner and are trusted in nothing: anything malformed grades 0.
A state that does not fit the question is our own data gone wrong and raises ValueError.

Response shapes, positions as on the page (ints or digit strings):
    single, true_false  {"choice": 2}
    multiple            {"choices": [0, 3]}
    matching            {"matches": [answer position for each prompt, or None]}
    ordering            {"order": [item positions in the learner's order]}
    numeric, short      {"answer": "3,5"}
"""

import random
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from cheber.core.ids import parse_id
from cheber.learning.questions import ONE, ZERO, Kind, Question, parse_number, plain_number

STEP = Decimal("0.0000001")  # Moodle keeps fractions to seven decimals
MAX_ANSWER = 1000  # characters of a typed answer that are read


@dataclass(frozen=True)
class Graded:
    fraction: Decimal  # 0..1
    feedback: str  # the feedback of what was answered; general feedback stays on the question
    right_answer: str


def start_state(question: Question, rng: random.Random, shuffle: bool) -> dict:
    """The random state to save when the attempt starts."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        return {"kind": str(kind), "order": _permutation(len(question.choices), rng, shuffle)}
    if kind == Kind.TRUE_FALSE:
        return {"kind": str(kind), "order": [0, 1]}
    if kind == Kind.MATCHING:
        prompts = [i for i, pair in enumerate(question.pairs) if pair.prompt]
        if shuffle:
            rng.shuffle(prompts)
        # The answers are always shuffled: in the pairs' order they would give the key away.
        answers = _permutation(len(_answer_texts(question)), rng, True)
        return {"kind": str(kind), "prompts": prompts, "answers": answers}
    if kind == Kind.ORDERING:
        return {"kind": str(kind), "order": _scrambled(len(question.items), rng)}
    return {"kind": str(kind)}


def _permutation(count: int, rng: random.Random, shuffle: bool) -> list[int]:
    order = list(range(count))
    if shuffle:
        rng.shuffle(order)
    return order


def _scrambled(count: int, rng: random.Random) -> list[int]:
    """A random order that is not the right one (there is one when there are two items)."""
    order = list(range(count))
    if count < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


def _answer_texts(question: Question) -> list[str]:
    """A matching question's distinct answers, in the order the pairs first name them."""
    return list(dict.fromkeys(pair.answer for pair in question.pairs))


def public_view(question: Question, state: dict) -> dict:
    """What the page may show before submission."""
    _check_kind(question, state)
    view = {"kind": str(question.kind), "text": question.text, "format": question.text_format}
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE):
        texts = _choice_texts(question)
        view["options"] = _listed(texts, _order(state, "order", len(texts)))
    elif kind == Kind.MATCHING:
        prompts = _prompt_indexes(question, state)
        answers = _answer_texts(question)
        view["prompts"] = [
            {"id": i, "text": question.pairs[p].prompt} for i, p in enumerate(prompts)
        ]
        view["answers"] = _listed(answers, _order(state, "answers", len(answers)))
    elif kind == Kind.ORDERING:
        view["items"] = _listed(question.items, _order(state, "order", len(question.items)))
    return view


def _check_kind(question: Question, state) -> None:
    if isinstance(state, dict) and state.get("kind", question.kind) != question.kind:
        raise ValueError(f"a state saved for a {state['kind']} question, not a {question.kind}")


def _choice_texts(question: Question) -> list[str]:
    if question.kind == Kind.TRUE_FALSE:
        return [_("True"), _("False")]
    return [choice.text for choice in question.choices]


def _listed(texts, order: list[int]) -> list[dict]:
    return [{"id": position, "text": texts[index]} for position, index in enumerate(order)]


def _order(state: dict, key: str, count: int) -> list[int]:
    order = state.get(key) if isinstance(state, dict) else None
    if not isinstance(order, list) or sorted(order) != list(range(count)):
        raise ValueError(f"the saved state's {key!r} does not fit this question")
    return order


def _prompt_indexes(question: Question, state: dict) -> list[int]:
    expected = [i for i, pair in enumerate(question.pairs) if pair.prompt]
    prompts = state.get("prompts") if isinstance(state, dict) else None
    if not isinstance(prompts, list) or sorted(prompts) != expected:
        raise ValueError("the saved state's 'prompts' do not fit this question")
    return prompts


def grade(question: Question, state: dict, response: dict) -> Graded:
    """The grade of `response`; a missing or malformed response is worth 0."""
    _check_kind(question, state)
    if not isinstance(response, dict):
        response = {}
    fraction, feedback = GRADERS[question.kind](question, state, response)
    fraction = min(max(fraction, ZERO), ONE).quantize(STEP, rounding=ROUND_HALF_UP).normalize()
    return Graded(fraction, feedback, right_answer(question))


def _position(value, count: int) -> int | None:
    """A page position from the response: an int or a string of digits below `count`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = parse_id(value.strip(), minimum=0)
    if isinstance(value, int) and 0 <= value < count:
        return value
    return None


def _grade_single(question: Question, state: dict, response: dict):
    order = _order(state, "order", len(question.choices))
    position = _position(response.get("choice"), len(order))
    if position is None:
        return ZERO, ""
    choice = question.choices[order[position]]
    return choice.fraction, choice.feedback


def _grade_multiple(question: Question, state: dict, response: dict):
    order = _order(state, "order", len(question.choices))
    picked = response.get("choices")
    if not isinstance(picked, list) or len(picked) > len(order):
        return ZERO, ""
    positions = [_position(value, len(order)) for value in picked]
    if None in positions:
        return ZERO, ""
    chosen = [question.choices[order[p]] for p in sorted(set(positions))]
    feedback = "\n".join(choice.feedback for choice in chosen if choice.feedback)
    return sum((choice.fraction for choice in chosen), ZERO), feedback


def _grade_matching(question: Question, state: dict, response: dict):
    prompts = _prompt_indexes(question, state)
    texts = _answer_texts(question)
    order = _order(state, "answers", len(texts))
    matches = response.get("matches")
    if isinstance(matches, dict):
        matches = [matches.get(str(i), matches.get(i)) for i in range(len(prompts))]
    if not prompts or not isinstance(matches, list) or len(matches) != len(prompts):
        return ZERO, ""
    right = 0
    for prompt, value in zip(prompts, matches, strict=True):
        position = _position(value, len(order))
        if position is not None and texts[order[position]] == question.pairs[prompt].answer:
            right += 1
    return Decimal(right) / Decimal(len(prompts)), ""


def _grade_ordering(question: Question, state: dict, response: dict):
    order = _order(state, "order", len(question.items))
    given = response.get("order")
    if not order or not isinstance(given, list) or len(given) != len(order):
        return ZERO, ""
    positions = [_position(value, len(order)) for value in given]
    if None in positions or len(set(positions)) != len(positions):
        return ZERO, ""
    items = question.items
    right = sum(1 for k, p in enumerate(positions) if items[order[p]] == items[k])
    return Decimal(right) / Decimal(len(items)), ""


def _grade_numeric(question: Question, state: dict, response: dict):
    number = parse_number(_typed(response))
    if number is not None:
        for answer in question.numeric:
            if abs(number - answer.value) <= answer.tolerance:
                return answer.fraction, answer.feedback
    return ZERO, question.other_feedback


def _typed(response: dict) -> str:
    answer = response.get("answer")
    if not isinstance(answer, str):
        return ""
    return answer[:MAX_ANSWER]


def _grade_short(question: Question, state: dict, response: dict):
    typed = _typed(response).strip()
    if not typed:
        return ZERO, ""
    for answer in question.accepted:
        if wildcard_match(typed, answer.text, question.case_sensitive):
            return answer.fraction, answer.feedback
    return ZERO, ""


def wildcard_match(text: str, pattern: str, case_sensitive: bool) -> bool:
    """Moodle's short-answer rule: NFC-normalised, trimmed, whole-string, `*` any run of
    characters, `\\*` a literal star, case ignored unless the question says otherwise.

    Matched by searching each piece between stars in turn, not by a regular expression: with
    several stars a backtracking regex takes exponential time on a long typed answer."""
    text = unicodedata.normalize("NFC", text).strip()
    pattern = unicodedata.normalize("NFC", pattern).strip()
    if not case_sensitive:
        text, pattern = text.lower(), pattern.lower()
    bits = [bit.replace("\\*", "*") for bit in re.split(r"(?<!\\)\*+", pattern)]
    if len(bits) == 1:
        return text == bits[0]
    first, *middle, last = bits
    if len(text) < len(first) + len(last) or not text.startswith(first):
        return False
    position, end = len(first), len(text) - len(last)
    if not text.endswith(last):
        return False
    for bit in middle:
        found = text.find(bit, position, end)
        if found < 0:
            return False
        position = found + len(bit)
    return True


def right_answer(question: Question) -> str:
    """The right answer in words, as Moodle's "The correct answer is: …"."""
    kind = question.kind
    if kind == Kind.TRUE_FALSE:
        return _("True") if question.choices[0].fraction == ONE else _("False")
    if kind == Kind.SINGLE:
        return next((c.text for c in question.choices if c.fraction == ONE), "")
    if kind == Kind.MULTIPLE:
        return "; ".join(c.text for c in question.choices if c.fraction > 0)
    if kind == Kind.MATCHING:
        return "; ".join(f"{p.prompt} → {p.answer}" for p in question.pairs if p.prompt)
    if kind == Kind.ORDERING:
        return "; ".join(question.items)
    if kind == Kind.NUMERIC:
        best = next((n for n in question.numeric if n.fraction == ONE), None)
        if best is None:
            return ""
        value = plain_number(best.value)
        return f"{value} ± {plain_number(best.tolerance)}" if best.tolerance else value
    if kind == Kind.SHORT:
        best = next((a.text for a in question.accepted if a.fraction == ONE), "")
        return best.replace("\\*", "*")
    return ""


GRADERS = {
    Kind.SINGLE: _grade_single,
    Kind.TRUE_FALSE: _grade_single,
    Kind.MULTIPLE: _grade_multiple,
    Kind.MATCHING: _grade_matching,
    Kind.ORDERING: _grade_ordering,
    Kind.NUMERIC: _grade_numeric,
    Kind.SHORT: _grade_short,
    Kind.DESCRIPTION: lambda question, state, response: (ZERO, ""),
}
