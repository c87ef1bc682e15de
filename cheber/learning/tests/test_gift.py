import random
from decimal import Decimal
from pathlib import Path

import pytest

from cheber.learning.gift import GiftError, gift_problem, parse_gift, to_gift
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


def one(text: str) -> Question:
    [question] = parse_gift(text)
    return question


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(GiftError) as raised:
        parse_gift(text)
    return raised.value.errors


# Kinds ---------------------------------------------------------------------------------------


def test_a_block_without_braces_is_a_description_worth_nothing():
    question = one("::Intro::Read the following text.")

    assert question == Question(
        Kind.DESCRIPTION, "Intro", "Read the following text.", default_mark=D(0)
    )


def test_single_choice_with_feedback_and_general_feedback():
    question = one(
        "::Q2:: What's between orange and green?{\n"
        "=yellow # right; good!\n"
        "~red # [html]wrong, it's yellow\n"
        "~[plain]blue\n"
        "#### Rainbow order.}"
    )

    assert question.kind == Kind.SINGLE
    assert question.name == "Q2"
    assert question.text == "What's between orange and green?"
    assert question.choices == (
        Choice("yellow", D(1), "right; good!"),
        Choice("red", D(0), "wrong, it's yellow"),
        Choice("blue", D(0), ""),
    )
    assert question.general_feedback == "Rainbow order."


def test_single_choice_may_give_partial_credit():
    question = one("Best?{=a ~%50%b ~%-25%c ~d}")

    assert [c.fraction for c in question.choices] == [D(1), D("0.5"), D("-0.25"), D(0)]


def test_tildes_without_an_equals_sign_make_a_multiple_answer_question():
    question = one(
        "::colours:: Which?{~%50%yellow ~%-100%red ~%50%off-beige ~%-33.33333%[plain]blue}"
    )

    assert question.kind == Kind.MULTIPLE
    assert question.choices == (
        Choice("yellow", D("0.5")),
        Choice("red", D(-1)),
        Choice("off-beige", D("0.5")),
        Choice("blue", D("-0.3333333")),
    )


def test_thirds_written_to_five_decimals_add_up_to_a_whole():
    question = one("Pick three.{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")

    assert question.validate() == []


@pytest.mark.parametrize(
    "answer, truth", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_answers(answer, truth):
    question = one(f"The sun is a star.{{{answer}}}")

    assert question == true_false("The sun is a star.", "The sun is a star.", truth)


def test_true_false_feedback_is_for_the_wrong_answer_then_the_right_one():
    question = one(
        "::Q1:: 42 is the Absolute Answer.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.\n"
        "####A Hitchhiker's Guide reference.}"
    )

    assert question.choices == (
        Choice("true", D(0), "42 is the Ultimate Answer."),
        Choice("false", D(1), "You gave the right answer."),
    )
    assert question.general_feedback == "A Hitchhiker's Guide reference."


def test_matching_pairs_and_a_distractor():
    question = one(
        "::M::[html]Match the <b>activity</b>.{\n"
        "=[html]Discussions -> Forum\n"
        "=Record entries -> Database\n"
        "= -> Chat\n"
        "}"
    )

    assert question.kind == Kind.MATCHING
    assert question.text_format == "html"
    assert question.text == "Match the <b>activity</b>."
    assert question.pairs == (
        Pair("Discussions", "Forum"),
        Pair("Record entries", "Database"),
        Pair("", "Chat"),
    )


def test_numeric_with_tolerance():
    question = one("When was Ulysses S. Grant born?{#1822:5}")

    assert question.kind == Kind.NUMERIC
    assert question.numeric == (NumericAnswer(D(1822), D(5), D(1)),)
    assert question.name == "When was Ulysses S. Grant born?"


def test_numeric_range_becomes_its_middle_and_half_width():
    question = one("A number from 1 to 5?{#1..5}")

    assert question.numeric == (NumericAnswer(D(3), D(2), D(1)),)


def test_numeric_with_several_weighted_answers_feedback_and_feedback_for_others():
    question = one(
        "::pi:: π?{#\n=3.14159:0.00001#Exact!\n=%50%3.14:0,005#Close.\n=%25%-1..7\n~#No.\n}"
    )

    assert question.numeric == (
        NumericAnswer(D("3.14159"), D("0.00001"), D(1), "Exact!"),
        NumericAnswer(D("3.14"), D("0.005"), D("0.5"), "Close."),
        NumericAnswer(D(3), D(4), D("0.25")),
    )
    assert question.other_feedback == "No."


def test_a_negative_numeric_answer():
    assert one("Coldest?{#-40:0.5}").numeric == (NumericAnswer(D(-40), D("0.5"), D(1)),)


def test_short_answer_variants_weights_and_wildcard():
    question = one(
        "::Shortanswer::Which is the best animal?{\n"
        "=Frog#Good!\n=%50%Cat#What is it with cats?\n=%0%*#Completely wrong\n}"
    )

    assert question.kind == Kind.SHORT
    assert question.accepted == (
        ShortAnswer("Frog", D(1), "Good!"),
        ShortAnswer("Cat", D("0.5"), "What is it with cats?"),
        ShortAnswer("*", D(0), "Completely wrong"),
    )
    assert question.case_sensitive is False


def test_a_single_answer_without_an_equals_sign_is_a_short_answer():
    assert one("Capital of France?{Paris}").accepted == (ShortAnswer("Paris", D(1)),)


def test_text_after_the_answers_makes_a_missing_word_question():
    question = one("Grant is {~buried =entombed ~living} in Grant's tomb.")

    assert question.kind == Kind.SINGLE
    assert question.text == "Grant is _____ in Grant's tomb."


@pytest.mark.parametrize(
    "prefix, fmt", [("[html]", "html"), ("[markdown]", "markdown"), ("[plain]", "plain"),
                    ("[moodle]", "plain"), ("", "plain")],
)  # fmt: skip
def test_text_format_prefixes(prefix, fmt):
    question = one(f"::n::{prefix}Is **this** bold?{{T}}")

    assert (question.text_format, question.text) == (fmt, "Is **this** bold?")


def test_an_unknown_bracket_prefix_stays_in_the_text():
    assert one("[1] First item?{T}").text == "[1] First item?"


def test_escaped_characters_are_text():
    question = one(r"::a\:b:: 1 \= 1\, \{x\} \~ \# a\\b\nnext {=a\=b#c\#d ~e\~f}")

    assert question.name == "a:b"
    assert question.text == "1 = 1\\, {x} ~ # a\\b\nnext"
    assert question.choices == (Choice("a=b", D(1), "c#d"), Choice("e~f", D(0)))


def test_comment_lines_are_dropped_even_inside_a_question():
    question = one("// about Grant\n::G:: Born?{\n// the year\n#1822\n}")

    assert question.numeric == (NumericAnswer(D(1822), D(0), D(1)),)


def test_a_url_in_the_text_is_not_a_comment():
    question = one("::u:: See https://edu.gov.kg/page{T}")

    assert question.text == "See https://edu.gov.kg/page"


def test_categories_apply_to_the_questions_after_them():
    questions = parse_gift(
        "A?{T}\n\n$CATEGORY: $course$/top/Педагогика / Баалоо\n\nB?{T}\n\n$CATEGORY: Башка\n\nC?{F}"
    )

    assert [q.category for q in questions] == ["", "Педагогика/Баалоо", "Башка"]


def test_a_question_straight_under_its_category_line_is_kept():
    questions = parse_gift("$CATEGORY: A/B\n::Q:: Sure?{T}\n\n::R:: Also?{F}")

    assert [(q.name, q.category, q.line) for q in questions] == [("Q", "A/B", 2), ("R", "A/B", 4)]


def test_questions_remember_the_line_where_they_start():
    questions = parse_gift(
        "// header\n\n::A::A?{T}\n\n\n// a comment\n::B::B?{\n=x\n~y\n}\n\n::C::C?{F}\n"
    )

    assert [q.line for q in questions] == [3, 7, 12]


def test_windows_line_ends_and_a_byte_order_mark_are_read():
    questions = parse_gift("\ufeff::A::A?{T}\r\n\r\n::B::B?{\r\n=x\r\n~y\r\n}\r\n")

    assert [q.name for q in questions] == ["A", "B"]
    assert questions[1].line == 3


def test_empty_input_gives_no_questions():
    assert parse_gift("") == []
    assert parse_gift("// only a comment\n\n   \n") == []


# Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("::E:: How are you?{}", "Essay"),
        ("Year?{#abc}", "not a number"),
        ("Year?{#1822:soon}", "not a number"),
        ("Year?{#5..1}", "ends below"),
        ("Year?{#1822~wrong}", "~#feedback"),
        ("Year?{#}", "needs a value"),
        ("::Name without end: Q?{T}", "::"),
        ("Q?{=a ~b", "braces"),
        ("Q?}=a ~b{", "braces"),
        ("Q?{=a ~b} and {=c ~d}", "one answer block"),
        ("Q?{=a->b =c}", "->"),
        ("Q?{>2 none\nA\nB}", "Moodle XML"),
        ("Q?{~%abc%a =b}", None),  # not a weight: the text of an answer
        ("Q?{~%5o%a =b}", None),
        ("Q?{~%50,,5%a =b}", "malformed"),
        ("Q?{=a =b ~c}", "exactly one answer worth 100%"),
        ("Q?{~%50%a ~%20%b}", "add up to 100%"),
        ("Q?{~%150%a ~b =c}", "between −100% and 100%"),
        ("Q?{=only ~}", "An answer is empty"),
        ("Q?{=a -> b}", "at least two pairs"),
        ("Q?{=%50%half}", "worth 100%"),
        ("Q?{#=%50%1}", "worth 100%"),
        ("\ue000?{T}", "reserved"),
    ],
)
def test_errors_name_the_reason(text, words):
    if words is None:
        assert one(text).kind == Kind.SINGLE
        return

    [(line, reason)] = errors_of(text)

    assert line == 1
    assert words in reason


def test_every_error_is_reported_with_its_line_and_nothing_is_imported():
    text = (
        "::ok:: Fine?{T}\n"  # 1
        "\n"
        "// the year\n"  # 3
        "::bad year:: Year?{#nineteen}\n"  # 4
        "\n"
        "::ok2:: Also fine?{=a ~b}\n"  # 6
        "\n"
        "::essay::\n"  # 8
        "Tell us.{}\n"
        "\n"
        "::two right:: ?{=a =b ~c}\n"  # 11
    )

    errors = errors_of(text)

    assert [line for line, _reason in errors] == [4, 8, 11]
    assert "nineteen" in errors[0][1]


def test_a_gift_error_reads_as_lines_and_reasons():
    error = GiftError([(3, "bad"), (9, "worse")])

    assert str(error) == "3: bad\n9: worse"


# The fixture files ---------------------------------------------------------------------------


def test_moodles_own_gift_fixture_reads_as_moodle_reads_it():
    questions = parse_gift((FILES / "moodle_questions.gift.txt").read_text(encoding="utf-8"))

    assert [(q.name, q.kind) for q in questions] == [
        ("Moodle activities", Kind.MATCHING),
        ("Q2", Kind.SINGLE),
        ("colours", Kind.MULTIPLE),
        ("Q5", Kind.NUMERIC),
        ("Shortanswer", Kind.SHORT),
        ("Q1", Kind.TRUE_FALSE),
        ("2-08 TSL", Kind.TRUE_FALSE),
    ]
    assert questions[3].text == 'What is a number from 1 to 5? _____";'  # as Moodle reads it
    assert questions[3].other_feedback == "Completely wrong"
    assert [q.line for q in questions] == [6, 15, 23, 32, 35, 42, 47]


def test_the_kyrgyz_and_russian_bank_reads_every_construct():
    questions = parse_gift((FILES / "bank_ky_ru.gift.txt").read_text(encoding="utf-8"))
    by_name = {q.name: q for q in questions}

    assert len(questions) == 10
    assert by_name["Баалоонун түрү"].category == "Педагогика/Баалоо"
    assert by_name["Баалоонун түрү"].general_feedback.startswith("Жыйынтыктоочу")
    assert by_name["Өзгөчө тамгалар"].kind == Kind.MULTIPLE
    assert by_name["Өзгөчө тамгалар"].choices[3] == Choice("ы", D(-1), "ы орус алфавитинде да бар.")
    assert by_name["Бишкек"].choices[0] == Choice("true", D(1), "Туура!")
    assert by_name["Пропуск"].text == "Москва — столица _____, а не Казахстана."
    assert by_name["Пропуск"].category == "Методика/Русский язык"
    assert by_name["Падежи"].accepted[2] == ShortAnswer("шест*", D("0.5"), "Проверьте орфографию.")
    assert by_name["Диапазон"].numeric == (NumericAnswer(D(3), D(2), D(1)),)
    assert by_name["Точность"].other_feedback == "Нет."
    assert by_name["Сопоставление"].pairs[1] == Pair("Рубрика", "Таблица критериев = шкала")
    assert by_name["Сопоставление"].text == "Сопоставьте термины и определения: что есть что?"
    assert by_name["Киришүү"].text == "Төмөнкү суроолор {1–5} бөлүмгө тиешелүү. Белги: #1."


@pytest.mark.parametrize("name", ["moodle_questions.gift.txt", "bank_ky_ru.gift.txt"])
def test_the_fixture_files_round_trip(name):
    questions = parse_gift((FILES / name).read_text(encoding="utf-8"))

    assert parse_gift(to_gift(questions)) == questions


# Writing -----------------------------------------------------------------------------------

NASTY = "Кыргыз: ң ө ү, «рус» ё — a:b #1 =2 {3} ~4 \\5 \\n 100% -> [html] //c _"

KINDS = [
    Question(
        Kind.SINGLE, "single " + NASTY, "Which? " + NASTY, "html", "A/Б",
        choices=(Choice("%right " + NASTY, D(1), "fb " + NASTY), Choice("[html]wrong", D(0)),
                 Choice("half", D("0.5")), Choice("minus", D("-0.3333333"), "no")),
        general_feedback="general " + NASTY,
    ),
    Question(
        Kind.MULTIPLE, "multiple", "Which?\nSecond line", "markdown", "A/Б",
        choices=(Choice("a", D("0.5")), Choice("b", D("0.5"), "x"), Choice("%c", D(0)),
                 Choice("d", D(-1))),
    ),
    true_false("tf", "True?", False, right_feedback="yes " + NASTY, wrong_feedback="no"),
    true_false("tf2", "True?", True, right_feedback="yes", general_feedback="g"),
    true_false("tf3", "True?", True, wrong_feedback="no"),
    Question(
        Kind.MATCHING, "matching", "Match " + NASTY, category="",
        pairs=(Pair("Кыргызстан {1}", "Бишкек -> борбор"), Pair("Россия = ?", "Москва"),
               Pair("", "Астана")),
        general_feedback="g",
    ),
    Question(
        Kind.NUMERIC, "numeric", "How many?",
        numeric=(NumericAnswer(D("1822"), D(5), D(1), "fb #1"),
                 NumericAnswer(D("-0.5"), D("0.25"), D("0.5")),
                 NumericAnswer(D("1E+3"), D(0), D("0.1"))),
        other_feedback="other " + NASTY, general_feedback="g",
    ),
    Question(Kind.NUMERIC, "numeric2", "How many?", numeric=(NumericAnswer(D(3), D(0), D(1)),)),
    Question(
        Kind.SHORT, "short", "Name?",
        accepted=(ShortAnswer("Бишкек", D(1), "fb"), ShortAnswer("%Фрунзе", D(1)),
                  ShortAnswer("Биш*", D("0.5"), "star"), ShortAnswer("T", D("0.1"))),
    ),
    Question(Kind.SHORT, "short-tf", "Letter?", accepted=(ShortAnswer("TRUE", D(1)),)),
    Question(Kind.SINGLE, "missing", "Grant is _____ in his tomb.",
             choices=(Choice("buried", D(0)), Choice("entombed", D(1)))),
    Question(Kind.SINGLE, "missing-end", "The capital is _____",
             choices=(Choice("Bishkek", D(1)), Choice("Osh", D(0)))),
    Question(Kind.SINGLE, "missing-start", "_____ is the capital.",
             choices=(Choice("Bishkek", D(1)), Choice("Osh", D(0)))),
    Question(Kind.DESCRIPTION, "description", "[markdown] is a " + NASTY, default_mark=D(0)),
    Question(Kind.DESCRIPTION, "html description", "<p>Hi</p>", "html", "C",
             default_mark=D(0)),
]  # fmt: skip


def test_the_written_questions_are_valid():
    for question in KINDS:
        assert question.validate() == [], question.name


@pytest.mark.parametrize("question", KINDS, ids=lambda q: q.name[:20])
def test_each_kind_round_trips_through_gift(question):
    assert parse_gift(to_gift([question])) == [question]


def test_a_whole_bank_round_trips_with_its_categories():
    assert parse_gift(to_gift(KINDS)) == KINDS


def test_ordering_and_case_sensitive_questions_are_skipped_with_a_note():
    ordering = Question(Kind.ORDERING, "Steps", "Order them.", items=("a", "b"))
    sensitive = Question(
        Kind.SHORT, "Na", "Sodium?", accepted=(ShortAnswer("Na", D(1)),), case_sensitive=True
    )
    plain = Question(Kind.SHORT, "K", "Potassium?", accepted=(ShortAnswer("K", D(1)),))

    text = to_gift([ordering, sensitive, plain])

    assert "// skipped “Steps”: GIFT has no ordering questions" in text
    assert "// skipped “Na”: GIFT cannot say that answers are case-sensitive" in text
    assert parse_gift(text) == [plain]


@pytest.mark.parametrize(
    "question",
    [
        Question(Kind.MATCHING, "m", "?", pairs=(Pair("a->b", "c"), Pair("d", "e"))),
        Question(Kind.SHORT, "s", "?", accepted=(ShortAnswer("a->b", D(1)),)),
    ],
)
def test_an_arrow_gift_cannot_escape_is_a_problem(question):
    assert gift_problem(question) is not None
    assert to_gift([question]).startswith("// skipped")


def test_no_questions_write_an_empty_file():
    assert to_gift([]) == ""


ALPHABET = "abcxyzАБВңөүЁё :#={}~\\/%->[]_*\n\t.,'\"0123456789"


def random_text(rng: random.Random, low: int = 1) -> str:
    while True:
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, 20))).strip()
        if len(text) >= low and "->" not in text and "_____" not in text:
            return text


def random_question(rng: random.Random) -> Question:
    kind = rng.choice([Kind.SINGLE, Kind.MULTIPLE, Kind.MATCHING, Kind.NUMERIC, Kind.SHORT])
    fields = {"name": random_text(rng), "text": random_text(rng), "category": ""}
    fields["text_format"] = rng.choice(["plain", "html", "markdown"])
    fields["general_feedback"] = rng.choice(["", random_text(rng)])
    if kind == Kind.SINGLE:
        fields["choices"] = tuple(
            Choice(random_text(rng), D(1) if i == 0 else D(rng.choice([0, "0.5", -1])),
                   rng.choice(["", random_text(rng)]))
            for i in range(rng.randint(2, 5))
        )  # fmt: skip
    elif kind == Kind.MULTIPLE:
        fields["choices"] = (Choice(random_text(rng), D("0.5")),) * 2 + (
            Choice(random_text(rng), D("-0.5"), random_text(rng)),
        )
    elif kind == Kind.MATCHING:
        prompts = {random_text(rng) for _ in range(rng.randint(2, 4))}
        fields["pairs"] = tuple(Pair(p, random_text(rng)) for p in sorted(prompts))
        if len(prompts) < 2:
            fields["pairs"] += (Pair(fields["pairs"][0].prompt + "x", "y"),)
    elif kind == Kind.NUMERIC:
        fields["numeric"] = (
            NumericAnswer(D(rng.randint(-999, 999)) / 10, D(rng.randint(0, 9)), D(1)),
        )
        fields["other_feedback"] = rng.choice(["", random_text(rng)])
    else:
        fields["accepted"] = tuple(
            ShortAnswer(random_text(rng), D(1), rng.choice(["", random_text(rng)]))
            for _ in range(rng.randint(1, 3))
        )
    return Question(kind, **fields)


def test_random_questions_round_trip():
    rng = random.Random(17)
    questions = [random_question(rng) for _ in range(300)]
    questions = [q for q in questions if q.validate() == [] and gift_problem(q) is None]

    assert len(questions) > 200
    assert parse_gift(to_gift(questions)) == questions
