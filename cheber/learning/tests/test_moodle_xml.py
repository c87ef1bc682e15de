from decimal import Decimal
from pathlib import Path

import pytest

from cheber.learning.gift import parse_gift
from cheber.learning.moodle_xml import MoodleXmlError, parse_moodle_xml, to_moodle_xml
from cheber.learning.questions import (
    Choice,
    Kind,
    NumericAnswer,
    Pair,
    Question,
    ShortAnswer,
    true_false,
)

pytestmark = pytest.mark.usefixtures("in_english")


D = Decimal
FILES = Path(__file__).parent / "files"


def read(name: str) -> list[Question]:
    return parse_moodle_xml((FILES / name).read_bytes())


def quiz(*questions: str) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    return (head + "\n".join(questions) + "\n</quiz>").encode()


def question(kind: str, body: str, name: str = "Q") -> str:
    return (
        f'<question type="{kind}"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text>Text?</text></questiontext>{body}</question>'
    )


def errors_of(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(MoodleXmlError) as raised:
        parse_moodle_xml(data)
    return raised.value.errors


# Reading ---------------------------------------------------------------------------------


def test_the_kyrgyz_and_russian_bank_reads_every_type():
    questions = read("bank_ky_ru.xml")
    by_name = {q.name: q for q in questions}

    assert [q.kind for q in questions] == [
        Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.MATCHING, Kind.NUMERIC,
        Kind.SHORT, Kind.SHORT, Kind.DESCRIPTION, Kind.ORDERING,
    ]  # fmt: skip
    first = by_name["Баалоонун түрү"]
    assert first.category == "Педагогика/Баалоо"
    assert first.text == "<p>Окуу жылынын аягында өткөрүлгөн баалоо <b>кандай</b> аталат?</p>"
    assert first.text_format == "html"
    assert first.default_mark == D(2)
    assert first.choices[0] == Choice("<p>Жыйынтыктоочу баалоо</p>", D(1), "<p>Туура!</p>")
    assert first.general_feedback.startswith("<p>Жыйынтыктоочу")
    assert by_name["Өзгөчө тамгалар"].choices[0].fraction == D("0.3333333")
    assert by_name["Өзгөчө тамгалар"].text_format == "plain"
    assert by_name["Бишкек"] == true_false(
        "Бишкек", "Бишкек — Кыргызстандын борбору.", True,
        right_feedback="Туура!", wrong_feedback="Туура эмес: Бишкек борбор шаар.",
        category="Педагогика/Баалоо",
    )  # fmt: skip
    matching = by_name["Сопоставление"]
    assert matching.category == "Методика/Русский язык"
    assert matching.default_mark == D(3)
    assert matching.pairs[3] == Pair("", "Конспект урока")
    assert by_name["Точность"].numeric == (
        NumericAnswer(D("3.14159"), D("0.00001"), D(1), "Отлично!"),
        NumericAnswer(D("3.14"), D("0.005"), D("0.5"), "Близко."),
    )
    assert by_name["Точность"].other_feedback == "Нет."
    assert by_name["Падежи"].accepted[1] == ShortAnswer("шест*", D("0.5"), "Проверьте орфографию.")
    assert by_name["Падежи"].case_sensitive is False
    assert by_name["Химия"].case_sensitive is True
    assert by_name["Киришүү"].text == (
        "<p>Төмөнкү суроолор {1–5} бөлүмгө тиешелүү. Белги: #1 &amp; ~2.</p>"
    )
    assert by_name["Киришүү"].default_mark == D(0)
    assert by_name["Сабактын этаптары"].items == (
        "Уюштуруу", "Үй тапшырманы текшерүү", "Жаңы теманы түшүндүрүү", "Бышыктоо",
    )  # fmt: skip


def test_questions_remember_the_line_of_their_element():
    questions = read("bank_ky_ru.xml")

    assert [q.line for q in questions] == [16, 65, 101, 137, 179, 221, 251, 275, 292]


def test_moodles_ordering_fixture_reads_its_items_in_rank_order():
    [ordering] = read("moodle_ordering.xml")

    assert ordering.kind == Kind.ORDERING
    assert ordering.items == ("Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment")
    assert ordering.text == "Put these words in order."
    assert ordering.general_feedback.startswith("The correct answer is")


def test_moodles_nested_categories_fixture_stops_at_its_essay():
    errors = errors_of((FILES / "moodle_nested_categories.xml").read_bytes())

    assert errors == [(41, "“Kappa Essay Question”: question type “essay” is not supported.")]


def test_moodles_nested_categories_fixture_without_the_essay_keeps_its_paths():
    data = (FILES / "moodle_nested_categories.xml").read_text(encoding="utf-8")
    start = data.index('<question type="essay">')
    end = data.index("</question>", start)
    data = data[:start] + data[end + len("</question>") :]

    questions = parse_moodle_xml(data.encode())

    assert [(q.name, q.category) for q in questions] == [
        ("Iota Question", "Iota"),
        ("Kappa Question", "Iota/Kappa"),
        ("Lambda Question", "Iota/Kappa/Lambda"),
        ("Mu Question", "Iota/Mu"),
    ]
    assert questions[0].choices[0] == Choice("true", D(1))


def test_an_embedded_file_is_refused_with_the_questions_name():
    errors = errors_of((FILES / "moodle_truefalse_files.xml").read_bytes())

    assert errors == [
        (14, "“Moodle acronym (False)”: embedded files (images, sound) are not supported; "
             "remove them or link them."),
    ]  # fmt: skip


def test_a_pluginfile_link_without_its_file_is_refused_too():
    data = quiz(question("description", "", name="D").replace("Text?", "@@PLUGINFILE@@/a.png"))

    [(line, reason)] = errors_of(data)

    assert "embedded files" in reason


def test_a_category_path_loses_moodles_context_and_top():
    data = quiz(
        '<question type="category"><category><text>$system$/top/A/B</text></category></question>',
        question("description", "<defaultgrade>0</defaultgrade>"),
        '<question type="category"><category><text>$course$/Default for X</text></category>'
        "</question>",
        question("description", "<defaultgrade>0</defaultgrade>"),
    )

    assert [q.category for q in parse_moodle_xml(data)] == ["A/B", "Default for X"]


def test_a_question_without_a_name_is_named_from_its_text():
    data = quiz(
        '<question type="truefalse"><questiontext format="html"><text><![CDATA[<p>Is <b>it</b>'
        ' true?</p>]]></text></questiontext><answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )

    assert parse_moodle_xml(data)[0].name == "Is it true?"


# Errors ------------------------------------------------------------------------------------

ANSWERS = (
    '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>'
)


@pytest.mark.parametrize(
    "kind, body, words",
    [
        ("essay", "", "question type “essay” is not supported"),
        ("multianswer", "", "“multianswer” is not supported"),
        ("calculated", "", "not supported"),
        ("numerical", '<answer fraction="100"><text>abc</text></answer>', "not a number"),
        ("numerical", '<answer fraction="100"><text>*</text></answer>', "any number"),
        (
            "numerical",
            '<answer fraction="100"><text>5</text></answer>'
            "<units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit></units>",
            "units",
        ),
        ("multichoice", '<single>true</single><answer fraction="lots"><text>a</text></answer>',
         "not a number"),
        ("multichoice", "<single>true</single>" + ANSWERS.replace('"0"', '"100"'),
         "exactly one answer worth 100%"),
        ("multichoice", "<single>false</single>" + ANSWERS.replace('"100"', '"50"'),
         "add up to 100%"),
        ("truefalse", ANSWERS, "true and false"),
        ("matching", "<subquestion><text>a</text><answer><text>b</text></answer></subquestion>",
         "at least two pairs"),
        ("ordering", "<selecttype>RANDOM</selecttype><selectcount>2</selectcount>"
         '<answer fraction="1"><text>a</text></answer><answer fraction="2"><text>b</text></answer>'
         '<answer fraction="3"><text>c</text></answer>', "subset"),
        ("ordering", '<answer fraction="1"><text>a</text></answer>', "at least two items"),
        ("shortanswer", "", "needs an accepted answer"),
        ("shortanswer", '<answer fraction="100"><text>a</text></answer>'
         "<defaultgrade>0</defaultgrade>", "more than zero"),
    ],
)  # fmt: skip
def test_errors_name_the_question_and_the_reason(kind, body, words):
    [(line, reason)] = errors_of(quiz(question(kind, body, name="Бир")))

    assert line == 3
    assert reason.startswith("“Бир”: ")
    assert words in reason


def test_every_error_is_reported_and_nothing_is_imported():
    data = quiz(
        question("essay", ""),
        question(
            "truefalse", ANSWERS.replace("<text>a", "<text>true").replace("<text>b", "<text>false")
        ),  # fmt: skip
        question("numerical", '<answer fraction="100"><text>x</text></answer>'),
    )

    assert [line for line, _reason in errors_of(data)] == [3, 5]


@pytest.mark.parametrize(
    "data, words",
    [
        (b"<quiz><question></quiz>", "not well-formed"),
        (b"", "not well-formed"),
        (b"<html><body/></html>", "root is not <quiz>"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b"<quiz><question type='description'><name><text>&x;</text></name></question></quiz>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
            b"<quiz>&lol2;</quiz>",
            "DTD",
        ),
    ],
)
def test_a_file_that_is_not_safe_moodle_xml_is_refused(data, words):
    [(line, reason)] = errors_of(data)

    assert words in reason


def test_a_syntax_error_names_its_line():
    [(line, reason)] = errors_of(b"<quiz>\n<question>\n<name>\n</quiz>\n")

    assert line == 4


# Writing and round trips ---------------------------------------------------------------------

BANK = [
    Question(
        Kind.SINGLE, "single", "<p>Which &amp; why?</p>", "html", "Педагогика/Баалоо",
        choices=(Choice("<b>a</b>", D(1), "fb <i>"), Choice("b", D("-0.3333333")),
                 Choice("c", D("0.5"))),
        general_feedback="<p>g</p>", default_mark=D("2.5"),
    ),
    Question(
        Kind.MULTIPLE, "multiple", "Which? ]]> <![CDATA[ tricky", "markdown", "Педагогика/Баалоо",
        choices=(Choice("ң", D("0.5")), Choice("ө", D("0.5")), Choice("ы", D(-1), "no")),
    ),
    true_false("tf", "Жер тегерек.", True, right_feedback="Ооба", category="Башка"),
    Question(
        Kind.MATCHING, "matching", "Match.", category="Башка",
        pairs=(Pair("a", "1"), Pair("b", "1"), Pair("", "2")),
    ),
    Question(Kind.ORDERING, "ordering", "Order.", items=("Бир", "Эки", "Үч", "Төрт")),
    Question(
        Kind.NUMERIC, "numeric", "How many?",
        numeric=(NumericAnswer(D("1822"), D(5), D(1), "fb"),
                 NumericAnswer(D("-0.5"), D("0.25"), D("0.5"))),
        other_feedback="other",
    ),
    Question(
        Kind.SHORT, "short", "Symbol?", case_sensitive=True,
        accepted=(ShortAnswer("Na", D(1), "fb"), ShortAnswer("N*", D("0.1"))),
    ),
    Question(Kind.DESCRIPTION, "description", "Read: {1} #2 ~3 =4 \\ \n line two",
             default_mark=D(0)),
]  # fmt: skip


def test_the_bank_is_valid():
    for q in BANK:
        assert q.validate() == [], q.name


@pytest.mark.parametrize("q", BANK, ids=lambda q: q.name)
def test_each_kind_round_trips_through_moodle_xml(q):
    assert parse_moodle_xml(to_moodle_xml([q])) == [q]


def test_a_whole_bank_round_trips_with_its_categories():
    data = to_moodle_xml(BANK)

    assert parse_moodle_xml(data) == BANK
    assert data.count(b'type="category"') == 3


@pytest.mark.parametrize("name", ["bank_ky_ru.xml", "moodle_ordering.xml"])
def test_the_fixture_files_round_trip(name):
    questions = read(name)

    assert parse_moodle_xml(to_moodle_xml(questions)) == questions


def test_the_gift_bank_round_trips_through_moodle_xml():
    questions = parse_gift((FILES / "bank_ky_ru.gift.txt").read_text(encoding="utf-8"))

    assert parse_moodle_xml(to_moodle_xml(questions)) == questions


def test_the_written_file_is_utf8_with_moodles_shapes():
    data = to_moodle_xml(BANK[:1])

    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<quiz>")
    assert "Педагогика".encode() in data
    assert b"<text>$course$/top/\xd0" in data
    assert b'<answer fraction="-33.33333" format="html">' in data
    assert b'<questiontext format="html">' in data


def test_control_characters_xml_cannot_hold_are_left_out():
    q = Question(Kind.DESCRIPTION, "d", "bell\x07 and form feed\x0c", default_mark=D(0))

    assert parse_moodle_xml(to_moodle_xml([q]))[0].text == "bell and form feed"


def test_no_questions_write_an_empty_quiz():
    assert parse_moodle_xml(to_moodle_xml([])) == []
