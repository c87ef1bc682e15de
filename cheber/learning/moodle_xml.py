"""Moodle XML, the question format that carries every type (question/format/xml/format.php).

Read with defusedxml (no DTD, no entities, nothing external). `<question type="category">`
sets the bank path ("$course$/top/A/B" → "A/B") for the questions after it. Types read:
multichoice (single or several answers), truefalse, matching (answers without a question are
distractors), numerical (tolerance; a "*" answer worth 0 is the feedback for other answers),
shortanswer (usecase), description, and ordering (the qtype_ordering plugin: answers ranked by
their fraction; graded by absolute position, the whole set of items). Anything else — essays,
cloze, calculated, units, a random subset of ordering items, embedded files
(`@@PLUGINFILE@@`) — is an error naming the question and its line, and one error stops the
whole import (`MoodleXmlError`). Penalties, hints, idnumbers, shuffle settings and combined
feedback are not kept: the test decides those.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import replace as _replace
from decimal import Decimal

import defusedxml
import defusedxml.ElementTree as DET
from django.utils.translation import gettext as _

from cheber.learning.questions import (
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

LINE = "{urn:cheber}line"  # the attribute in which the reader notes each question's line
FORMATS_IN = {"html": "html", "moodle_auto_format": "plain", "plain_text": "plain"}
FORMATS_IN |= {"markdown": "markdown"}
FORMATS_OUT = {"html": "html", "plain": "plain_text", "markdown": "markdown"}
TYPES_OUT = {
    Kind.SINGLE: "multichoice",
    Kind.MULTIPLE: "multichoice",
    Kind.TRUE_FALSE: "truefalse",
    Kind.MATCHING: "matching",
    Kind.ORDERING: "ordering",
    Kind.NUMERIC: "numerical",
    Kind.SHORT: "shortanswer",
    Kind.DESCRIPTION: "description",
}
HUNDRED = Decimal(100)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class MoodleXmlError(ValueError):
    """Every problem found, as (line, reason); nothing was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{line}: {reason}" for line, reason in errors))


class _Refused(Exception):
    pass


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that writes down the line of each <question>."""

    parser = None

    def start(self, tag, attrs):
        if tag == "question" and self.parser is not None:
            attrs = dict(attrs) | {LINE: str(self.parser.parser.CurrentLineNumber)}
        return super().start(tag, attrs)


def _root(data: bytes) -> ET.Element:
    if isinstance(data, str):
        data = data.encode("utf-8")
    builder = _LineBuilder()
    parser = DET.DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        reason = _("This is not well-formed XML: %(error)s") % {"error": error}
        raise MoodleXmlError([(line, reason)]) from error
    except defusedxml.DefusedXmlException as error:
        reason = _("The file declares a DTD or entities, which are refused.")
        raise MoodleXmlError([(0, reason)]) from error
    if root.tag != "quiz":
        raise MoodleXmlError([(0, _("This is not a Moodle XML file: its root is not <quiz>."))])
    return root


def parse_moodle_xml(data: bytes) -> list[Question]:
    """The questions of a Moodle XML file, or MoodleXmlError naming every one that is wrong."""
    questions, errors, category = [], [], ""
    for element in _root(data).findall("question"):
        line = int(element.get(LINE, 0))
        kind = element.get("type", "")
        if kind == "category":
            category = category_path(_text(element, "category"))
            continue
        name = _text(element, "name")
        try:
            question = _read_question(element, kind, category, line)
        except _Refused as refused:
            errors.append((line, _label(name or kind, str(refused))))
            continue
        errors += [(line, _label(question.name, reason)) for reason in question.validate()]
        questions.append(question)
    if errors:
        raise MoodleXmlError(errors)
    return questions


def _label(name: str, reason: str) -> str:
    return _("“%(name)s”: %(reason)s") % {"name": name, "reason": reason}


def _text(element: ET.Element, path: str = "") -> str:
    found = element.find(f"{path}/text" if path else "text")
    return (found.text or "").strip() if found is not None else ""


def _value(element: ET.Element, path: str, default: str = "") -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else default


def _read_question(element: ET.Element, kind: str, category: str, line: int) -> Question:
    if kind not in READERS:
        raise _Refused(_("question type “%(type)s” is not supported.") % {"type": kind})
    if element.find(".//file") is not None or any(
        "@@PLUGINFILE@@" in (node.text or "") for node in element.iter("text")
    ):
        raise _Refused(
            _("embedded files (images, sound) are not supported; remove them or link them.")
        )
    found = element.find("questiontext")
    fmt_name = found.get("format", "html") if found is not None else "html"
    if fmt_name not in FORMATS_IN:
        raise _Refused(_("unknown text format “%(format)s”.") % {"format": fmt_name})
    text = _text(element, "questiontext")
    mark = _decimal(_value(element, "defaultgrade", "1"))
    base = Question(
        Kind.DESCRIPTION,
        _text(element, "name") or default_name(text),
        text,
        FORMATS_IN[fmt_name],
        category,
        general_feedback=_text(element, "generalfeedback"),
        default_mark=mark,
        line=line,
    )
    return READERS[kind](element, base)


def _decimal(text: str) -> Decimal:
    number = parse_number(text)
    if number is None:
        raise _Refused(_("“%(value)s” is not a number.") % {"value": text})
    return number


def _fraction(answer: ET.Element) -> Decimal:
    return _decimal(answer.get("fraction", "0")) / HUNDRED


def _answers(element: ET.Element):
    """(text, fraction, feedback) of each <answer>."""
    for answer in element.findall("answer"):
        yield _text(answer), _fraction(answer), _text(answer, "feedback")


def _is_true(text: str) -> bool:
    return text.strip().lower() in ("1", "true")


def _read_multichoice(element: ET.Element, base: Question) -> Question:
    kind = Kind.SINGLE if _is_true(_value(element, "single", "true")) else Kind.MULTIPLE
    choices = tuple(Choice(t, f, fb) for t, f, fb in _answers(element))
    return _replace(base, kind=kind, choices=choices)


def _read_truefalse(element: ET.Element, base: Question) -> Question:
    found = {text.lower(): (fraction, feedback) for text, fraction, feedback in _answers(element)}
    if set(found) != {"true", "false"}:
        raise _Refused(_("a true/false question needs the answers true and false."))
    choices = tuple(Choice(key, *found[key]) for key in ("true", "false"))
    return _replace(base, kind=Kind.TRUE_FALSE, choices=choices)


def _read_matching(element: ET.Element, base: Question) -> Question:
    pairs = []
    for sub in element.findall("subquestion"):
        prompt, answer = _text(sub), _text(sub, "answer")
        if prompt or answer:
            pairs.append(Pair(prompt, answer))
    return _replace(base, kind=Kind.MATCHING, pairs=tuple(pairs))


def _read_numerical(element: ET.Element, base: Question) -> Question:
    names = [_value(unit, "unit_name") for unit in element.findall("units/unit")]
    if any(names):
        raise _Refused(_("numeric answers with units are not supported."))
    numeric, other = [], ""
    for answer in element.findall("answer"):
        text, fraction, feedback = _text(answer), _fraction(answer), _text(answer, "feedback")
        if text == "*" and fraction == 0:
            other = feedback
            continue
        if text == "*":
            raise _Refused(_("the answer “*” would give marks for any number."))
        value, tolerance = _decimal(text), _decimal(_value(answer, "tolerance", "0") or "0")
        numeric.append(NumericAnswer(value, tolerance, fraction, feedback))
    return _replace(base, kind=Kind.NUMERIC, numeric=tuple(numeric), other_feedback=other)


def _read_shortanswer(element: ET.Element, base: Question) -> Question:
    accepted = tuple(ShortAnswer(t, f, fb) for t, f, fb in _answers(element))
    sensitive = _is_true(_value(element, "usecase", "0"))
    return _replace(base, kind=Kind.SHORT, accepted=accepted, case_sensitive=sensitive)


def _read_description(element: ET.Element, base: Question) -> Question:
    return _replace(base, default_mark=ZERO)


def _read_ordering(element: ET.Element, base: Question) -> Question:
    ranked = sorted(
        ((_decimal(answer.get("fraction", "0")), index, _text(answer))
         for index, answer in enumerate(element.findall("answer"))),
    )  # fmt: skip
    select = _value(element, "selecttype", "ALL").upper()
    count = _value(element, "selectcount", "0") or "0"
    subset = select not in ("", "ALL", "0") and 0 < int(_decimal(count)) < len(ranked)
    if subset:
        raise _Refused(_("an ordering question showing a subset of its items is not supported."))
    return _replace(base, kind=Kind.ORDERING, items=tuple(text for _f, _i, text in ranked))


READERS = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "matching": _read_matching,
    "numerical": _read_numerical,
    "shortanswer": _read_shortanswer,
    "description": _read_description,
    "ordering": _read_ordering,
}


# Writing -------------------------------------------------------------------------------------


def to_moodle_xml(questions: list[Question]) -> bytes:
    """A Moodle XML file of `questions`, each category announced before its questions."""
    root = ET.Element("quiz")
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            _write_category(root, category)
        _write_question(root, question)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text:
        element.text = CONTROL.sub("", text)  # XML 1.0 has no way to write these
    return element


def _sub_text(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    element = _sub(parent, tag, **({"format": FORMATS_OUT[fmt]} if fmt else {}))
    _sub(element, "text", text)
    return element


def _write_category(root: ET.Element, category: str) -> None:
    element = _sub(root, "question", type="category")
    _sub_text(element, "category", "/".join(("$course$", "top", category)).rstrip("/"))


def _write_question(root: ET.Element, q: Question) -> None:
    element = _sub(root, "question", type=TYPES_OUT[q.kind])
    _sub_text(element, "name", q.name)
    _sub_text(element, "questiontext", q.text, q.text_format)
    _sub_text(element, "generalfeedback", q.general_feedback, q.text_format)
    _sub(element, "defaultgrade", plain_number(q.default_mark))
    penalty = {Kind.TRUE_FALSE: "1", Kind.DESCRIPTION: "0"}.get(q.kind, "0.3333333")
    _sub(element, "penalty", penalty)
    _sub(element, "hidden", "0")
    WRITERS[q.kind](element, q)


def _write_answer(parent, text: str, fraction, feedback: str, fmt: str, tolerance=None) -> None:
    percent = plain_number(fraction * HUNDRED)
    answer = _sub(parent, "answer", fraction=percent, format=FORMATS_OUT[fmt])
    _sub(answer, "text", text)
    if tolerance is not None:
        _sub(answer, "tolerance", tolerance)
    _sub_text(answer, "feedback", feedback, fmt)


def _write_choices(element: ET.Element, q: Question) -> None:
    if q.kind != Kind.TRUE_FALSE:
        _sub(element, "single", "true" if q.kind == Kind.SINGLE else "false")
        _sub(element, "shuffleanswers", "true")
        _sub(element, "answernumbering", "abc")
    for choice in q.choices:
        _write_answer(element, choice.text, choice.fraction, choice.feedback, q.text_format)


def _write_matching(element: ET.Element, q: Question) -> None:
    _sub(element, "shuffleanswers", "true")
    for pair in q.pairs:
        sub = _sub_text(element, "subquestion", pair.prompt, q.text_format)
        _sub_text(sub, "answer", pair.answer)


def _write_ordering(element: ET.Element, q: Question) -> None:
    settings = {"layouttype": "VERTICAL", "selecttype": "ALL", "selectcount": "0"}
    settings |= {"gradingtype": "ABSOLUTE_POSITION", "showgrading": "SHOW"}
    for tag, value in (settings | {"numberingstyle": "none"}).items():
        _sub(element, tag, value)
    for rank, item in enumerate(q.items, start=1):
        answer = _sub(element, "answer", fraction=str(rank), format=FORMATS_OUT[q.text_format])
        _sub(answer, "text", item)


def _write_numerical(element: ET.Element, q: Question) -> None:
    fmt = q.text_format
    for n in q.numeric:
        value, tolerance = plain_number(n.value), plain_number(n.tolerance)
        _write_answer(element, value, n.fraction, n.feedback, fmt, tolerance)
    if q.other_feedback:
        _write_answer(element, "*", ZERO, q.other_feedback, fmt, "0")
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1"), ("showunits", "3")):
        _sub(element, tag, value)
    _sub(element, "unitsleft", "0")


def _write_shortanswer(element: ET.Element, q: Question) -> None:
    _sub(element, "usecase", "1" if q.case_sensitive else "0")
    for a in q.accepted:
        _write_answer(element, a.text, a.fraction, a.feedback, q.text_format)


WRITERS = {
    Kind.SINGLE: _write_choices,
    Kind.MULTIPLE: _write_choices,
    Kind.TRUE_FALSE: _write_choices,
    Kind.MATCHING: _write_matching,
    Kind.ORDERING: _write_ordering,
    Kind.NUMERIC: _write_numerical,
    Kind.SHORT: _write_shortanswer,
    Kind.DESCRIPTION: lambda element, q: None,
}
