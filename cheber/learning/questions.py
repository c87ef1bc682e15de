"""The shape of a bank question: frozen dataclasses that the models keep in a JSONField.

One `Question` carries every kind; the fields a kind does not use stay empty, and `validate()`
says so when they are not. Fractions are Decimals (Moodle keeps seven decimals): a choice may
be worth −100 %..100 %, a numeric or short answer 0 %..100 %.

True/false is two choices, "true" then "false", so one grading path serves it; matching
distractors (Moodle's answers without a question) are pairs with an empty prompt.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext as _

JSON_VERSION = 1
TEXT_FORMATS = ("plain", "markdown", "html")
ONE = Decimal(1)
ZERO = Decimal(0)


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    MATCHING = "matching"
    ORDERING = "ordering"
    NUMERIC = "numeric"
    SHORT = "short"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class Choice:
    text: str
    fraction: Decimal
    feedback: str = ""


@dataclass(frozen=True)
class Pair:
    prompt: str  # empty: a distractor, an answer that matches no prompt
    answer: str


@dataclass(frozen=True)
class NumericAnswer:
    value: Decimal
    tolerance: Decimal
    fraction: Decimal
    feedback: str = ""


@dataclass(frozen=True)
class ShortAnswer:
    text: str  # `*` matches any run of characters, `\*` a star
    fraction: Decimal
    feedback: str = ""


# Which list-valued fields each kind may fill.
USES = {
    Kind.SINGLE: {"choices"},
    Kind.MULTIPLE: {"choices"},
    Kind.TRUE_FALSE: {"choices"},
    Kind.MATCHING: {"pairs"},
    Kind.ORDERING: {"items"},
    Kind.NUMERIC: {"numeric"},
    Kind.SHORT: {"accepted"},
    Kind.DESCRIPTION: set(),
}
LISTS = ("choices", "pairs", "items", "numeric", "accepted")


@dataclass(frozen=True)
class Question:
    kind: Kind
    name: str
    text: str
    text_format: str = "plain"
    category: str = ""  # "A/B": a path in the bank
    choices: tuple[Choice, ...] = ()
    pairs: tuple[Pair, ...] = ()
    items: tuple[str, ...] = ()  # ordering: the correct order
    numeric: tuple[NumericAnswer, ...] = ()
    accepted: tuple[ShortAnswer, ...] = ()
    case_sensitive: bool = False
    general_feedback: str = ""
    default_mark: Decimal = ONE
    other_feedback: str = ""  # numeric: shown when no answer matched (Moodle's "*" answer)
    line: int = field(default=0, compare=False)  # where an import found it

    def validate(self) -> list[str]:
        """Every reason this question cannot go into a bank; empty when it can."""
        if not all(number.is_finite() for number in _numbers(self)):
            return [_("A grade, mark or numeric answer is not a number.")]
        errors = _common_errors(self)
        errors += KIND_CHECKS[self.kind](self)
        return errors

    def to_json(self) -> dict:
        data = {
            "v": JSON_VERSION,
            "kind": str(self.kind),
            "name": self.name,
            "text": self.text,
            "text_format": self.text_format,
            "category": self.category,
            "choices": [[c.text, str(c.fraction), c.feedback] for c in self.choices],
            "pairs": [[p.prompt, p.answer] for p in self.pairs],
            "items": list(self.items),
            "numeric": [
                [str(n.value), str(n.tolerance), str(n.fraction), n.feedback] for n in self.numeric
            ],
            "accepted": [[a.text, str(a.fraction), a.feedback] for a in self.accepted],
            "case_sensitive": self.case_sensitive,
            "general_feedback": self.general_feedback,
            "default_mark": str(self.default_mark),
            "other_feedback": self.other_feedback,
        }
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Question":
        """The question `to_json()` wrote; ValueError when `data` is not one."""
        if data.get("v") != JSON_VERSION:
            raise ValueError(f"unknown question data version {data.get('v')!r}")
        try:
            return cls(
                kind=Kind(data["kind"]),
                name=data["name"],
                text=data["text"],
                text_format=data["text_format"],
                category=data["category"],
                choices=tuple(Choice(t, Decimal(f), fb) for t, f, fb in data["choices"]),
                pairs=tuple(Pair(p, a) for p, a in data["pairs"]),
                items=tuple(data["items"]),
                numeric=tuple(
                    NumericAnswer(Decimal(v), Decimal(t), Decimal(f), fb)
                    for v, t, f, fb in data["numeric"]
                ),
                accepted=tuple(ShortAnswer(t, Decimal(f), fb) for t, f, fb in data["accepted"]),
                case_sensitive=bool(data["case_sensitive"]),
                general_feedback=data["general_feedback"],
                default_mark=Decimal(data["default_mark"]),
                other_feedback=data["other_feedback"],
            )
        except (KeyError, TypeError, InvalidOperation) as error:
            raise ValueError(f"malformed question data: {error!r}") from error


def _numbers(q: Question) -> list[Decimal]:
    numbers = [q.default_mark]
    numbers += [c.fraction for c in q.choices] + [a.fraction for a in q.accepted]
    for n in q.numeric:
        numbers += [n.value, n.tolerance, n.fraction]
    return numbers


def _common_errors(q: Question) -> list[str]:
    errors = []
    if not q.name.strip():
        errors.append(_("The question has no name."))
    elif len(q.name) > 255:
        errors.append(_("The question name is longer than 255 characters."))
    if not q.text.strip():
        errors.append(_("The question has no text."))
    if q.text_format not in TEXT_FORMATS:
        errors.append(_("Unknown text format “%(format)s”.") % {"format": q.text_format})
    for name in LISTS:
        if getattr(q, name) and name not in USES[q.kind]:
            errors.append(_("This kind of question has no %(field)s.") % {"field": name})
    if q.other_feedback and q.kind != Kind.NUMERIC:
        errors.append(_("Only a numeric question has feedback for any other answer."))
    if q.kind == Kind.DESCRIPTION:
        if q.default_mark != 0:
            errors.append(_("A description carries no marks."))
    elif not q.default_mark > 0:
        errors.append(_("The default mark must be more than zero."))
    return errors


def _fraction_errors(fractions, low: Decimal) -> list[str]:
    if all(low <= f <= ONE for f in fractions):
        return []
    if low < 0:
        return [_("An answer's grade must lie between −100% and 100%.")]
    return [_("An answer's grade must lie between 0% and 100%.")]


def _choice_errors(q: Question) -> list[str]:
    errors = []
    if len(q.choices) < 2:
        errors.append(_("A choice question needs at least two answers."))
    if any(not c.text.strip() for c in q.choices):
        errors.append(_("An answer is empty."))
    errors += _fraction_errors([c.fraction for c in q.choices], -ONE)
    return errors


def _single_errors(q: Question) -> list[str]:
    errors = _choice_errors(q)
    if sum(1 for c in q.choices if c.fraction == ONE) != 1:
        errors.append(_("A single-choice question needs exactly one answer worth 100%."))
    return errors


def _multiple_errors(q: Question) -> list[str]:
    errors = _choice_errors(q)
    positive = sum((c.fraction for c in q.choices if c.fraction > 0), ZERO)
    # Moodle's check: thirds written as 33.33333 % must still count as a whole.
    if round(positive, 2) != ONE:
        errors.append(_("The positive grades of a multiple-answer question must add up to 100%."))
    return errors


def _true_false_errors(q: Question) -> list[str]:
    texts = tuple(c.text for c in q.choices)
    fractions = sorted(c.fraction for c in q.choices)
    if texts != ("true", "false") or fractions != [ZERO, ONE]:
        return [_("A true/false question has the answers true and false, one of them right.")]
    return []


def _matching_errors(q: Question) -> list[str]:
    errors = []
    prompts = [p.prompt for p in q.pairs if p.prompt.strip()]
    if len(prompts) < 2:
        errors.append(_("A matching question needs at least two pairs."))
    if len(set(prompts)) != len(prompts):
        errors.append(_("Two pairs of a matching question have the same question."))
    if any(not p.answer.strip() for p in q.pairs):
        errors.append(_("A pair of a matching question has no answer."))
    return errors


def _ordering_errors(q: Question) -> list[str]:
    errors = []
    if len(q.items) < 2:
        errors.append(_("An ordering question needs at least two items."))
    if any(not item.strip() for item in q.items):
        errors.append(_("An item of an ordering question is empty."))
    if len(set(q.items)) != len(q.items):
        errors.append(_("Two items of an ordering question are the same."))
    return errors


def _numeric_errors(q: Question) -> list[str]:
    errors = []
    if not q.numeric:
        errors.append(_("A numeric question needs a value."))
    elif not any(n.fraction == ONE for n in q.numeric):
        errors.append(_("A numeric question needs an answer worth 100%."))
    if any(n.tolerance < 0 for n in q.numeric):
        errors.append(_("A tolerance cannot be negative."))
    errors += _fraction_errors([n.fraction for n in q.numeric], ZERO)
    return errors


def _short_errors(q: Question) -> list[str]:
    errors = []
    if not q.accepted:
        errors.append(_("A short-answer question needs an accepted answer."))
    elif not any(a.fraction == ONE for a in q.accepted):
        errors.append(_("A short-answer question needs an answer worth 100%."))
    if any(not a.text.strip() for a in q.accepted):
        errors.append(_("An accepted answer is empty."))
    errors += _fraction_errors([a.fraction for a in q.accepted], ZERO)
    return errors


KIND_CHECKS = {
    Kind.SINGLE: _single_errors,
    Kind.MULTIPLE: _multiple_errors,
    Kind.TRUE_FALSE: _true_false_errors,
    Kind.MATCHING: _matching_errors,
    Kind.ORDERING: _ordering_errors,
    Kind.NUMERIC: _numeric_errors,
    Kind.SHORT: _short_errors,
    Kind.DESCRIPTION: lambda q: [],
}


def true_false(name: str, text: str, answer: bool, **fields) -> Question:
    """A true/false question; `right_feedback`/`wrong_feedback` go on the matching choice."""
    right, wrong = fields.pop("right_feedback", ""), fields.pop("wrong_feedback", "")
    choices = (
        Choice("true", ONE if answer else ZERO, right if answer else wrong),
        Choice("false", ZERO if answer else ONE, wrong if answer else right),
    )
    return Question(Kind.TRUE_FALSE, name, text, choices=choices, **fields)


def parse_number(text) -> Decimal | None:
    """A finite Decimal from what a person typed: "3,5", " 1 822 ", "-0.5", "1e3"; else None."""
    if not isinstance(text, str | int) or isinstance(text, bool):
        return None
    cleaned = "".join(str(text).split()).replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or len(cleaned) > 100:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    # Exponents stay modest so that arithmetic on the number can neither overflow nor crawl.
    if not number.is_finite() or (number and abs(number.adjusted()) > 100):
        return None
    return number


def plain_number(number: Decimal) -> str:
    """A Decimal written without exponent or trailing zeros: 0.5, 100, -33.33333."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def category_path(raw: str) -> str:
    """A bank path "A/B" from Moodle's "$course$/top/A/B" or a GIFT "$CATEGORY: A / B"."""
    parts = [part.strip() for part in raw.split("/") if part.strip()]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]  # $course$, $system$, $module$, $cat1$…: where it lived in Moodle
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(parts)


def default_name(text: str) -> str:
    """A name made from the text, as Moodle names a question that has none."""
    words = " ".join(re.sub(r"<[^>]*>", " ", text).split())
    return words if len(words) <= 80 else words[:79].rstrip() + "…"
