"""GIFT, Moodle's plain-text question format: read as Moodle reads it, stricter where Moodle
is silent (question/format/gift/format.php).

A question is a block of lines between blank lines; lines that start with `//` are dropped.
`::name::`, a `[html]`/`[markdown]`/`[plain]`/`[moodle]` prefix, `$CATEGORY: A/B`, and the
escapes `\\: \\# \\= \\{ \\} \\~ \\n \\\\` work as in Moodle. The answer block `{…}` decides the
kind, tried in Moodle's order: none → description, empty → essay (refused: a test bank holds
only questions a machine marks), `#` → numeric, `~` → multiple choice (several answers when no
`=`), `=…->…` → matching, T/TRUE/F/FALSE → true/false, anything else → short answer. Text after
the block makes a missing-word question: the block becomes `_____`.

Stricter than Moodle: a numeric answer that is not a number, a malformed `%weight%`, an
unclosed `::name`, a second answer block or stray brace are errors, and one error anywhere
stops the whole import (`GiftError` lists them all with the line where the question starts).
Kinder than Moodle: a question written straight under its `$CATEGORY:` line is read (Moodle
swallows it into the category's name). `[moodle]` text is kept as plain text; the format of
an answer or feedback is dropped (they share the question's).

GIFT carries no ordering questions, no case-sensitive short answers and no default mark:
`to_gift` writes a `// skipped “name”: reason` comment instead of the first two (ask
`gift_problem` beforehand to warn the user) and leaves marks out, so `parse_gift(to_gift(qs))
== qs` for every question it writes whose default mark is 1 and whose texts are trimmed.
"""

import re
from dataclasses import replace as _replace
from decimal import Decimal

from django.utils.translation import gettext as _

from cheber.learning.questions import (
    ONE,
    ZERO,
    Choice,
    Kind,
    NumericAnswer,
    Pair,
    Question,
    ShortAnswer,
    category_path,
    default_name,
    parse_number,
    plain_number,
)

# Escaped characters travel through the parse as private-use placeholders, as Moodle's
# "&&058;" do, and become themselves again in each finished text.
ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004"}
ESCAPES |= {"~": "\ue005", "n": "\ue006", "\\": "\ue007"}
RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in ESCAPES.items()})
FORMATS = {"html": "html", "markdown": "markdown", "plain": "plain", "moodle": "plain"}
FORMAT_PREFIX = re.compile(r"\[(html|markdown|plain|moodle)\]")
WEIGHT = re.compile(r"%\s*(-?\d+(?:[.,]\d+)?)\s*%")
LOOKS_LIKE_WEIGHT = re.compile(r"%[-+\d.,\s]*%")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
BLANK = "_____"


class GiftError(ValueError):
    """Every problem found, as (line, reason); nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{line}: {reason}" for line, reason in errors))


class _Refused(Exception):
    """One question cannot be read; the parse goes on with the next block."""


def parse_gift(text: str) -> list[Question]:
    """The questions of a GIFT file, or GiftError naming every line that is wrong."""
    questions, errors = [], []
    category = ""
    for block in _blocks(text):
        line = block[0][0]
        try:
            if block[0][1].startswith("$CATEGORY:"):
                # Moodle reads the whole block as the category; a question written straight
                # under the line would vanish into its name, so only the line counts here.
                category = category_path(_decode(_encode(block[0][1][len("$CATEGORY:") :])))
                block = block[1:]
                if not block:
                    continue
                line = block[0][0]
            question = _read_question(_encode("\n".join(t for _n, t in block)), category, line)
        except _Refused as refused:
            errors.append((line, str(refused)))
            continue
        errors += [(line, reason) for reason in question.validate()]
        questions.append(question)
    if errors:
        raise GiftError(errors)
    return questions


def _blocks(text: str):
    """Each block between blank lines as (line number, stripped line), comments left out."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    block = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            if block:
                yield block
            block = []
        elif not stripped.startswith("//"):
            block.append((number, stripped))
    if block:
        yield block


def _encode(text: str) -> str:
    if any(placeholder in text for placeholder in ESCAPES.values()):
        raise _Refused(_("The text holds a reserved character (U+E000–U+E007)."))
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair[0] == "\\" and pair[1] in ESCAPES:
            out.append(ESCAPES[pair[1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _decode(text: str) -> str:
    return text.translate(RESTORE).strip()


def _with_format(text: str, default: str = "plain") -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional [format] prefix, then the decoded text."""
    text = text.strip()
    prefix = FORMAT_PREFIX.match(text)
    if prefix:
        return _decode(text[prefix.end() :]), FORMATS[prefix.group(1)]
    return _decode(text), default


def _read_question(text: str, category: str, line: int) -> Question:
    name, text = _split_name(text)
    found = _split_answers(text)
    if found is None:
        body, fmt = _with_format(text)
        name = name or default_name(body)
        return Question(Kind.DESCRIPTION, name, body, fmt, category, default_mark=ZERO, line=line)
    body, answers = found
    body, fmt = _with_format(body)
    general = ""
    if "####" in answers:
        cut = answers.rfind("####")
        general, answers = _with_format(answers[cut + 4 :])[0], answers[:cut].strip()
    name = name or default_name(body)
    base = Question(
        Kind.DESCRIPTION, name, body, fmt, category, general_feedback=general, line=line
    )
    return _read_answers(base, answers)


def _split_name(text: str) -> tuple[str, str]:
    if not text.startswith("::"):
        return "", text
    end = text.find("::", 2)
    if end < 0:
        raise _Refused(_("The question name has no closing “::”."))
    return _decode(text[2:end]), text[end + 2 :].strip()


def _split_answers(text: str) -> tuple[str, str] | None:
    """(question text, answer block) — with `_____` where the block stood when text follows
    it — or None when there are no braces."""
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return None
    if start < 0 or finish < start:
        raise _Refused(
            _("The braces “{ }” around the answers do not match; escape one in text as \\{.")
        )
    after = text[finish + 1 :]
    if "{" in after or "}" in after:
        raise _Refused(
            _("A question has one answer block: put a blank line between questions, "
              "and escape a brace in text as \\{.")
        )  # fmt: skip
    body = text[:start] if not after.strip() else text[:start] + BLANK + after
    return body, text[start + 1 : finish].strip()


def _read_answers(base: Question, answers: str) -> Question:
    if not answers:
        raise _Refused(
            _("Essay questions are not supported in a test bank: a person has to mark them.")
        )
    if answers.startswith("#"):
        return _numeric(base, answers[1:])
    if answers.startswith(">"):
        raise _Refused(_("Ordering questions cannot come from GIFT; import them as Moodle XML."))
    if "~" in answers:
        return _choice(base, answers)
    if "=" in answers and "->" in answers:
        return _matching(base, answers)
    head = answers.split("#", 1)[0].strip() if "#" in answers[1:] else answers
    if head in TRUE_FALSE:
        return _true_false(base, answers)
    return _short(base, answers)


def _parts(answers: str, separator: str) -> list[str]:
    """The answers split on `separator`; an empty text before the first one is dropped."""
    parts = [part.strip() for part in answers.split(separator)]
    if parts and not parts[0]:
        parts.pop(0)
    return parts


def _weight(answer: str, default: Decimal) -> tuple[Decimal, str]:
    """A leading %weight% as a fraction, and the rest of the answer."""
    found = WEIGHT.match(answer)
    if found:
        return parse_number(found.group(1)) / 100, answer[found.end() :]
    if LOOKS_LIKE_WEIGHT.match(answer):
        raise _Refused(
            _("The grade “%(weight)s” is malformed: write it as %%50%% or %%-33.33333%%.")
            % {"weight": _decode(LOOKS_LIKE_WEIGHT.match(answer).group(0))}
        )
    return default, answer


def _comment(answer: str) -> tuple[str, str]:
    """An answer and its feedback after `#`, formats dropped: answers share the question's."""
    text, _hash, feedback = answer.partition("#")
    return _with_format(text)[0], _with_format(feedback)[0]


def _choice(base: Question, answers: str) -> Question:
    single = "=" in answers
    choices = []
    for answer in _parts(answers.replace("=", "~="), "~"):
        if answer.startswith("="):
            fraction, answer = ONE, answer[1:]
        else:
            fraction, answer = _weight(answer, ZERO)
        text, feedback = _comment(answer)
        choices.append(Choice(text, fraction, feedback))
    kind = Kind.SINGLE if single else Kind.MULTIPLE
    return _replace(base, kind=kind, choices=tuple(choices))


def _matching(base: Question, answers: str) -> Question:
    pairs = []
    for answer in _parts(answers, "="):
        prompt, arrow, right = answer.partition("->")
        if not arrow:
            raise _Refused(_("A matching pair needs “->” between question and answer."))
        pairs.append(Pair(_with_format(prompt)[0], _decode(right)))
    return _replace(base, kind=Kind.MATCHING, pairs=tuple(pairs))


def _true_false(base: Question, answers: str) -> Question:
    bits = [bit for bit in answers.split("#", 2)] + ["", ""]
    truth = TRUE_FALSE[bits[0].strip()]
    wrong, right = _with_format(bits[1])[0], _with_format(bits[2])[0]
    choices = (
        Choice("true", ONE if truth else ZERO, right if truth else wrong),
        Choice("false", ZERO if truth else ONE, wrong if truth else right),
    )
    return _replace(base, kind=Kind.TRUE_FALSE, choices=choices)


def _short(base: Question, answers: str) -> Question:
    accepted = []
    for answer in _parts(answers, "="):
        fraction, answer = _weight(answer, ONE)
        text, feedback = _comment(answer)
        accepted.append(ShortAnswer(text, fraction, feedback))
    return _replace(base, kind=Kind.SHORT, accepted=tuple(accepted))


def _numeric(base: Question, answers: str) -> Question:
    other = ""
    if "~" in answers:
        answers, _tilde, wrong = answers.partition("~")
        if wrong.strip() and not wrong.strip().startswith("#"):
            raise _Refused(_("Feedback for other answers is written “~#feedback”."))
        other = _with_format(wrong.strip()[1:])[0]
    numeric = [_numeric_answer(answer) for answer in _parts(answers, "=")]
    if not numeric:
        raise _Refused(_("A numeric question needs a value."))
    return _replace(base, kind=Kind.NUMERIC, numeric=tuple(numeric), other_feedback=other)


def _numeric_answer(answer: str) -> NumericAnswer:
    fraction, answer = _weight(answer, ONE)
    text, feedback = _comment(answer)
    if text.find("..") > 0:
        low, high = (_number(part) for part in text.split("..", 1))
        if high < low:
            raise _Refused(_("The range %(range)s ends below its start.") % {"range": text})
        value = (low + high) / 2
        return NumericAnswer(value, high - value, fraction, feedback)
    if text.find(":") > 0:
        value, tolerance = text.split(":", 1)
        return NumericAnswer(_number(value), _number(tolerance), fraction, feedback)
    return NumericAnswer(_number(text), ZERO, fraction, feedback)


def _number(text: str) -> Decimal:
    number = parse_number(text)
    if number is None:
        # Moodle takes a non-number here as "*", any answer: for a test that is a free mark.
        raise _Refused(
            _("“%(answer)s” is not a number: a numeric question needs numbers.")
            % {"answer": text.strip()}
        )
    return number


# Writing -------------------------------------------------------------------------------------


def gift_problem(question: Question) -> str | None:
    """Why GIFT cannot carry this question, or None when it can."""
    if question.kind == Kind.ORDERING:
        return _("GIFT has no ordering questions; export them as Moodle XML.")
    if question.kind == Kind.SHORT and question.case_sensitive:
        return _("GIFT cannot say that answers are case-sensitive; export it as Moodle XML.")
    if question.kind == Kind.MATCHING and any("->" in pair.prompt for pair in question.pairs):
        return _("GIFT cannot write “->” inside a matching question's questions.")
    if question.kind == Kind.SHORT and any("->" in a.text + a.feedback for a in question.accepted):
        return _("GIFT cannot write “->” inside a short answer: it would read as matching.")
    return None


def to_gift(questions: list[Question]) -> str:
    """A GIFT file of `questions`; those GIFT cannot carry leave a `// skipped` note."""
    blocks, category = [], ""
    for question in questions:
        if question.category != category:
            category = question.category
            blocks.append(f"$CATEGORY: {category}")
        problem = gift_problem(question)
        if problem:
            name = question.name.replace("\n", " ")
            blocks.append(f"// skipped “{name}”: {problem}")
        else:
            blocks.append(_write_question(question))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _escape(text: str) -> str:
    """Moodle's repchar: GIFT's own characters escaped, line breaks as \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\")
    for char in ":#={}~":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _text(text: str, fmt: str = "plain") -> str:
    """Escaped text behind its format prefix; a plain text that looks like a prefix gets one."""
    if fmt != "plain" or FORMAT_PREFIX.match(text):
        return f"[{fmt}]" + _escape(text)
    return _escape(text)


def _weighted(sign: str, fraction: Decimal, text: str, plain_sign: Decimal | None) -> str:
    """`=text`/`~text` when the sign says the grade, else `=%50%text`; a text starting with
    % always gets its weight, which keeps it from being read as one."""
    if fraction == plain_sign and not text.startswith("%"):
        return sign + text
    return f"{sign}%{plain_number(fraction * 100)}%{text}"


def _feedback(feedback: str) -> str:
    return "#" + _text(feedback) if feedback else ""


def _write_question(q: Question) -> str:
    head = f"::{_escape(q.name)}::"
    if q.kind == Kind.DESCRIPTION:
        return head + _text(q.text, q.text_format)
    block = "{" + ANSWER_WRITERS[q.kind](q)
    if q.general_feedback:
        block += "\t####" + _text(q.general_feedback) + "\n"
    block += "}"
    text = q.text
    cut = text.find(BLANK)
    if cut >= 0 and text[cut + len(BLANK) :].strip():
        # A missing-word question: the answers stand where the blank is.
        before = _text(text[:cut], q.text_format)
        return head + before + block + _escape(text[cut + len(BLANK) :])
    return head + _text(text, q.text_format) + block


def _write_choices(q: Question) -> str:
    lines = []
    for choice in q.choices:
        if q.kind == Kind.SINGLE and choice.fraction == ONE:
            answer = "=" + _text(choice.text)
        else:
            answer = _weighted("~", choice.fraction, _text(choice.text), ZERO)
        lines.append(f"\t{answer}{_feedback(choice.feedback)}\n")
    return "\n" + "".join(lines)


def _write_true_false(q: Question) -> str:
    true, false = q.choices
    truth = true.fraction == ONE
    right, wrong = (true, false) if truth else (false, true)
    answer = "TRUE" if truth else "FALSE"
    if wrong.feedback or right.feedback:
        answer += "#" + _text(wrong.feedback)
    if right.feedback:
        answer += "#" + _text(right.feedback)
    return answer + ("\n" if q.general_feedback else "")


def _write_matching(q: Question) -> str:
    lines = [f"\t={_text(p.prompt)} -> {_escape(p.answer)}\n" for p in q.pairs]
    return "\n" + "".join(lines)


def _write_short(q: Question) -> str:
    lines = [
        f"\t{_weighted('=', a.fraction, _text(a.text), ONE)}{_feedback(a.feedback)}\n"
        for a in q.accepted
    ]
    return "\n" + "".join(lines)


def _write_numeric(q: Question) -> str:
    lines = []
    for n in q.numeric:
        value = f"{plain_number(n.value)}:{plain_number(n.tolerance)}"
        lines.append(f"\t{_weighted('=', n.fraction, value, None)}{_feedback(n.feedback)}\n")
    if q.other_feedback:
        lines.append(f"\t~#{_text(q.other_feedback)}\n")
    return "#\n" + "".join(lines)


ANSWER_WRITERS = {
    Kind.SINGLE: _write_choices,
    Kind.MULTIPLE: _write_choices,
    Kind.TRUE_FALSE: _write_true_false,
    Kind.MATCHING: _write_matching,
    Kind.NUMERIC: _write_numeric,
    Kind.SHORT: _write_short,
}
