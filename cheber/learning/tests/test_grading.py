import json
import random
import time
import unicodedata
from decimal import Decimal

import pytest

from cheber.learning.grading import Graded, grade, public_view, right_answer, start_state
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
SINGLE = Question(
    Kind.SINGLE, "capital", "Кыргызстандын борбору?",
    choices=(
        Choice("Бишкек", D(1), "SECRET-right"),
        Choice("Ош", D(0), "SECRET-wrong"),
        Choice("Нарын", D("0.5"), "SECRET-half"),
    ),
    general_feedback="SECRET-general",
)  # fmt: skip
MULTIPLE = Question(
    Kind.MULTIPLE, "vowels", "Which are front vowels in Kyrgyz?",
    choices=(
        Choice("ө", D("0.5"), "SECRET-ө"),
        Choice("ү", D("0.5"), "SECRET-ү"),
        Choice("ы", D("-1"), "SECRET-ы"),
        Choice("о", D("-0.5")),
    ),
)  # fmt: skip
TRUE_FALSE = true_false(
    "earth", "Жер жалпак.", False, right_feedback="SECRET-right", wrong_feedback="SECRET-wrong"
)
MATCHING = Question(
    Kind.MATCHING, "capitals", "Match the capitals.",
    pairs=(
        Pair("Кыргызстан", "Бишкек"),
        Pair("Казакстан", "Астана"),
        Pair("Өзбекстан", "Ташкент"),
        Pair("", "Душанбе"),
    ),
)  # fmt: skip
ORDERING = Question(
    Kind.ORDERING, "reform", "Put the steps in order.", items=("Plan", "Teach", "Assess", "Review")
)
NUMERIC = Question(
    Kind.NUMERIC, "pi", "π to two places?",
    numeric=(
        NumericAnswer(D("3.14"), D("0.005"), D(1), "SECRET-exact"),
        NumericAnswer(D("3"), D("0.5"), D("0.5"), "SECRET-close"),
    ),
    other_feedback="SECRET-other",
)  # fmt: skip
SHORT = Question(
    Kind.SHORT, "city", "Capital of Kyrgyzstan?",
    accepted=(
        ShortAnswer("Бишкек", D(1), "SECRET-ok"),
        ShortAnswer("Фрунзе", D("0.5"), "SECRET-old"),
        ShortAnswer("Биш*", D("0.25"), "SECRET-star"),
    ),
)  # fmt: skip
DESCRIPTION = Question(Kind.DESCRIPTION, "intro", "Read the text below.", default_mark=D(0))
ALL = [SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, ORDERING, NUMERIC, SHORT, DESCRIPTION]


def state(question, seed=1, shuffle=True):
    return start_state(question, random.Random(seed), shuffle)


def position(view_options, text):
    return next(option["id"] for option in view_options if option["text"] == text)


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
def test_every_question_in_the_fixtures_is_valid(question):
    assert question.validate() == []


# The question's data ------------------------------------------------------------------------


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
def test_a_question_round_trips_through_json(question):
    data = json.loads(json.dumps(question.to_json()))

    assert Question.from_json(data) == question
    assert Question.from_json(data).to_json() == question.to_json()


def test_fractions_keep_their_digits_in_json():
    data = MULTIPLE.to_json()

    assert data["choices"][0] == ["ө", "0.5", "SECRET-ө"]
    assert data["v"] == 1


@pytest.mark.parametrize(
    "change",
    [{"v": 2}, {"kind": "essay"}, {"choices": [["a", "lots", ""]]}, {"pairs": [["a"]]}],
)
def test_json_that_is_not_a_question_is_refused(change):
    with pytest.raises(ValueError):
        Question.from_json(SINGLE.to_json() | change)


def test_json_without_a_field_is_refused():
    data = SINGLE.to_json()
    del data["text"]

    with pytest.raises(ValueError):
        Question.from_json(data)


@pytest.mark.parametrize(
    "question, error",
    [
        (Question(Kind.SINGLE, "", "?", choices=SINGLE.choices), "has no name"),
        (Question(Kind.SINGLE, "n" * 256, "?", choices=SINGLE.choices), "longer than 255"),
        (Question(Kind.SINGLE, "n", " ", choices=SINGLE.choices), "has no text"),
        (Question(Kind.SINGLE, "n", "?", "rtf", choices=SINGLE.choices), "Unknown text format"),
        (Question(Kind.SINGLE, "n", "?", choices=SINGLE.choices, items=("a",)), "no items"),
        (Question(Kind.SHORT, "n", "?", accepted=SHORT.accepted, other_feedback="x"),
         "Only a numeric question"),
        (Question(Kind.DESCRIPTION, "n", "?"), "carries no marks"),
        (Question(Kind.SINGLE, "n", "?", choices=SINGLE.choices, default_mark=D(0)),
         "more than zero"),
        (Question(Kind.SINGLE, "n", "?", choices=SINGLE.choices[:1]), "at least two answers"),
        (Question(Kind.SINGLE, "n", "?", choices=(Choice("a", D("0.9")), Choice("b", D(0)))),
         "exactly one answer worth 100%"),
        (Question(Kind.SINGLE, "n", "?", choices=(Choice("a", D(1)), Choice(" ", D(0)))),
         "An answer is empty"),
        (Question(Kind.MULTIPLE, "n", "?", choices=(Choice("a", D("0.5")), Choice("b", D(0)))),
         "add up to 100%"),
        (Question(Kind.TRUE_FALSE, "n", "?", choices=(Choice("true", D(1)), Choice("false", D(1)))),
         "true and false"),
        (Question(Kind.MATCHING, "n", "?", pairs=(Pair("a", "1"), Pair("a", "2"))),
         "the same question"),
        (Question(Kind.MATCHING, "n", "?", pairs=(Pair("a", "1"), Pair("b", ""))), "no answer"),
        (Question(Kind.ORDERING, "n", "?", items=("a", "a")), "are the same"),
        (Question(Kind.ORDERING, "n", "?", items=("a", "")), "is empty"),
        (Question(Kind.NUMERIC, "n", "?"), "needs a value"),
        (Question(Kind.NUMERIC, "n", "?", numeric=(NumericAnswer(D(1), D(-1), D(1)),)),
         "cannot be negative"),
        (Question(Kind.NUMERIC, "n", "?", numeric=(NumericAnswer(D("NaN"), D(0), D(1)),)),
         "is not a number"),
        (Question(Kind.SINGLE, "n", "?", choices=(Choice("a", D("sNaN")), Choice("b", D(1)))),
         "is not a number"),
        (Question(Kind.NUMERIC, "n", "?", numeric=(NumericAnswer(D(1), D(0), D("1.5")),)),
         "between 0% and 100%"),
        (Question(Kind.SHORT, "n", "?"), "needs an accepted answer"),
        (Question(Kind.SHORT, "n", "?", accepted=(ShortAnswer("a", D(-1)),)), "worth 100%"),
    ],
)  # fmt: skip
def test_validation_names_what_is_wrong(question, error):
    assert any(error in message for message in question.validate()), question.validate()


# Random state ----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_state():
    assert state(MATCHING, seed=7) == state(MATCHING, seed=7)
    assert state(SINGLE, seed=7) == start_state(SINGLE, random.Random(7), True)


def test_without_shuffle_choices_keep_the_authors_order():
    assert state(SINGLE, shuffle=False)["order"] == [0, 1, 2]


def test_shuffled_choices_are_a_permutation():
    orders = {tuple(state(MULTIPLE, seed)["order"]) for seed in range(30)}

    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 5


def test_true_false_is_never_shuffled():
    assert all(state(TRUE_FALSE, seed)["order"] == [0, 1] for seed in range(10))


def test_an_ordering_question_never_starts_in_the_right_order():
    for seed in range(200):
        assert state(ORDERING, seed, shuffle=False)["order"] != [0, 1, 2, 3]


def test_matching_answers_are_shuffled_even_when_the_test_does_not_shuffle():
    orders = {tuple(state(MATCHING, seed, shuffle=False)["answers"]) for seed in range(20)}
    prompts = {tuple(state(MATCHING, seed, shuffle=False)["prompts"]) for seed in range(20)}

    assert len(orders) > 1
    assert prompts == {(0, 1, 2)}


def test_the_state_is_plain_json():
    for question in ALL:
        saved = state(question)

        assert json.loads(json.dumps(saved)) == saved


# What the browser sees --------------------------------------------------------------------


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
def test_the_public_view_holds_no_fraction_feedback_or_accepted_answer(question):
    for seed in range(25):
        view = public_view(question, state(question, seed))
        dumped = json.dumps(view, ensure_ascii=False)

        assert "SECRET" not in dumped
        assert "fraction" not in dumped
        assert set(view) <= {"kind", "text", "format", "options", "prompts", "answers", "items"}
        for answer in question.accepted + question.numeric:
            value = getattr(answer, "text", None) or str(answer.value)
            assert value not in dumped
        assert "name" not in view  # an author's name may give the answer away


def test_the_public_view_lists_options_in_the_saved_order_with_page_positions():
    saved = {"kind": "single", "order": [2, 0, 1]}

    view = public_view(SINGLE, saved)

    assert view["options"] == [
        {"id": 0, "text": "Нарын"},
        {"id": 1, "text": "Бишкек"},
        {"id": 2, "text": "Ош"},
    ]


def test_the_public_view_of_ordering_shows_the_scrambled_order():
    for seed in range(20):
        view = public_view(ORDERING, state(ORDERING, seed))

        assert [item["text"] for item in view["items"]] != list(ORDERING.items)
        assert sorted(item["text"] for item in view["items"]) == sorted(ORDERING.items)


def test_the_public_view_of_matching_lists_each_answer_once_with_distractors():
    view = public_view(MATCHING, state(MATCHING, shuffle=False))

    assert [p["text"] for p in view["prompts"]] == ["Кыргызстан", "Казакстан", "Өзбекстан"]
    assert sorted(a["text"] for a in view["answers"]) == ["Астана", "Бишкек", "Душанбе", "Ташкент"]


def test_the_public_view_of_true_false_has_two_labels():
    view = public_view(TRUE_FALSE, state(TRUE_FALSE))

    assert view["options"] == [{"id": 0, "text": "True"}, {"id": 1, "text": "False"}]


@pytest.mark.parametrize(
    "saved",
    [
        {},
        {"order": [0, 1]},
        {"order": [0, 1, 1]},
        {"order": "012"},
        None,
        {"kind": "multiple", "order": [0, 1, 2]},
    ],
)
def test_a_state_that_does_not_fit_the_question_is_our_error(saved):
    with pytest.raises(ValueError):
        public_view(SINGLE, saved)
    with pytest.raises(ValueError):
        grade(SINGLE, saved, {"choice": 0})


# Grading each kind --------------------------------------------------------------------------


def test_single_choice_gives_the_fraction_and_feedback_of_the_chosen_option():
    saved = state(SINGLE, seed=3)
    view = public_view(SINGLE, saved)

    right = grade(SINGLE, saved, {"choice": position(view["options"], "Бишкек")})
    half = grade(SINGLE, saved, {"choice": str(position(view["options"], "Нарын"))})
    wrong = grade(SINGLE, saved, {"choice": position(view["options"], "Ош")})

    assert right == Graded(D(1), "SECRET-right", "Бишкек")
    assert half.fraction == D("0.5")
    assert wrong == Graded(D(0), "SECRET-wrong", "Бишкек")


def test_multiple_choice_sums_the_chosen_fractions_within_0_and_1():
    saved = state(MULTIPLE, seed=5)
    options = public_view(MULTIPLE, saved)["options"]
    at = {text: position(options, text) for text in ("ө", "ү", "ы", "о")}

    both = grade(MULTIPLE, saved, {"choices": [at["ө"], at["ү"]]})
    one = grade(MULTIPLE, saved, {"choices": [at["ө"]]})
    with_penalty = grade(MULTIPLE, saved, {"choices": [at["ө"], at["ү"], at["о"]]})
    below_zero = grade(MULTIPLE, saved, {"choices": [at["ө"], at["ы"]]})
    everything = grade(MULTIPLE, saved, {"choices": list(at.values())})

    assert both.fraction == D(1)
    assert both.feedback == "SECRET-ө\nSECRET-ү"
    assert one.fraction == D("0.5")
    assert with_penalty.fraction == D("0.5")
    assert below_zero.fraction == D(0)
    assert everything.fraction == D(0)
    assert both.right_answer == "ө; ү"


def test_choosing_an_option_twice_counts_it_once():
    saved = state(MULTIPLE, shuffle=False)

    assert grade(MULTIPLE, saved, {"choices": [0, 0, "0"]}).fraction == D("0.5")


def test_true_false_right_and_wrong():
    saved = state(TRUE_FALSE)

    assert grade(TRUE_FALSE, saved, {"choice": 1}) == Graded(D(1), "SECRET-right", "False")
    assert grade(TRUE_FALSE, saved, {"choice": 0}) == Graded(D(0), "SECRET-wrong", "False")


def test_matching_gives_the_share_of_right_pairs():
    saved = state(MATCHING, seed=2)
    view = public_view(MATCHING, saved)
    answer_at = {a["text"]: a["id"] for a in view["answers"]}
    right = {"Кыргызстан": "Бишкек", "Казакстан": "Астана", "Өзбекстан": "Ташкент"}
    prompts = [p["text"] for p in view["prompts"]]

    all_right = [answer_at[right[p]] for p in prompts]
    two_right = [answer_at[right[p]] for p in prompts[:2]] + [answer_at["Душанбе"]]
    as_dict = {str(i): v for i, v in enumerate(all_right)}

    assert grade(MATCHING, saved, {"matches": all_right}).fraction == D(1)
    assert grade(MATCHING, saved, {"matches": two_right}).fraction == D("0.6666667")
    assert grade(MATCHING, saved, {"matches": [None, None, None]}).fraction == D(0)
    assert grade(MATCHING, saved, {"matches": as_dict}).fraction == D(1)


def test_matching_compares_answers_by_text_when_two_prompts_share_one():
    question = Question(
        Kind.MATCHING, "m", "Which are cities?",
        pairs=(Pair("Бишкек", "city"), Pair("Ош", "city"), Pair("Чүй", "region")),
    )  # fmt: skip
    saved = state(question)
    at = {a["text"]: a["id"] for a in public_view(question, saved)["answers"]}
    prompts = [p["text"] for p in public_view(question, saved)["prompts"]]
    right = {"Бишкек": "city", "Ош": "city", "Чүй": "region"}

    graded = grade(question, saved, {"matches": [at[right[p]] for p in prompts]})

    assert len(at) == 2
    assert graded.fraction == D(1)


def test_ordering_gives_the_share_of_items_in_their_right_place():
    saved = {"kind": "ordering", "order": [3, 2, 1, 0]}  # shown: Review, Assess, Teach, Plan

    right = grade(ORDERING, saved, {"order": [3, 2, 1, 0]})
    as_shown = grade(ORDERING, saved, {"order": [0, 1, 2, 3]})
    half = grade(ORDERING, saved, {"order": [3, 2, 0, 1]})  # Plan Teach Review Assess

    assert right == Graded(D(1), "", "Plan; Teach; Assess; Review")
    assert as_shown.fraction == D(0)
    assert half.fraction == D("0.5")


@pytest.mark.parametrize(
    "typed, fraction, feedback",
    [
        ("3.14", D(1), "SECRET-exact"),
        ("3,14", D(1), "SECRET-exact"),
        (" 3.145 ", D(1), "SECRET-exact"),  # the tolerance's edge counts
        ("3.1451", D("0.5"), "SECRET-close"),
        ("2.5", D("0.5"), "SECRET-close"),
        ("2.4", D(0), "SECRET-other"),
        ("314e-2", D(1), "SECRET-exact"),
        ("−3.14", D(0), "SECRET-other"),
        ("three", D(0), "SECRET-other"),
        ("3.14.1", D(0), "SECRET-other"),
        ("1,234.5", D(0), "SECRET-other"),
        ("NaN", D(0), "SECRET-other"),
        ("Infinity", D(0), "SECRET-other"),
        ("", D(0), "SECRET-other"),
        ("1e999999999", D(0), "SECRET-other"),
        ("-1E-999999999", D(0), "SECRET-other"),
        ("3.140000000000000000000000000000000000001", D(1), "SECRET-exact"),
        ("0", D(0), "SECRET-other"),
    ],
)
def test_numeric_answers_within_tolerance(typed, fraction, feedback):
    graded = grade(NUMERIC, {}, {"answer": typed})

    assert (graded.fraction, graded.feedback) == (fraction, feedback)
    assert graded.right_answer == "3.14 ± 0.005"


@pytest.mark.parametrize(
    "typed, fraction",
    [
        ("Бишкек", D(1)),
        ("  бишкек ", D(1)),
        ("БИШКЕК", D(1)),
        ("Фрунзе", D("0.5")),
        ("Бишкекте", D("0.25")),  # the wildcard answer, tried after the others
        ("Биш", D("0.25")),
        ("Ош", D(0)),
        ("Бишкек шаары", D("0.25")),
        ("", D(0)),
        ("   ", D(0)),
    ],
)
def test_short_answers_are_trimmed_and_case_blind(typed, fraction):
    assert grade(SHORT, {}, {"answer": typed}).fraction == fraction


def test_short_answers_match_the_whole_text_not_a_part():
    question = Question(Kind.SHORT, "s", "2 + 2?", accepted=(ShortAnswer("4", D(1)),))

    assert grade(question, {}, {"answer": "14"}).fraction == D(0)
    assert grade(question, {}, {"answer": "4"}).fraction == D(1)


def test_a_case_sensitive_short_answer_needs_the_case():
    question = Question(
        Kind.SHORT, "s", "Chemical symbol of sodium?",
        accepted=(ShortAnswer("Na", D(1)),), case_sensitive=True,
    )  # fmt: skip

    assert grade(question, {}, {"answer": "Na"}).fraction == D(1)
    assert grade(question, {}, {"answer": "NA"}).fraction == D(0)


def test_an_escaped_star_is_a_star_and_regex_characters_are_plain():
    question = Question(
        Kind.SHORT, "s", "?", accepted=(ShortAnswer("a\\*b", D(1)), ShortAnswer("(x+y).", D(1)))
    )

    assert grade(question, {}, {"answer": "a*b"}).fraction == D(1)
    assert grade(question, {}, {"answer": "aXb"}).fraction == D(0)
    assert grade(question, {}, {"answer": "(x+y)."}).fraction == D(1)
    assert grade(question, {}, {"answer": "(xxy)a"}).fraction == D(0)
    assert right_answer(question) == "a*b"


@pytest.mark.parametrize(
    "pattern, typed, matches",
    [
        ("*", "x", True),
        ("a*", "a", True),
        ("*a", "ba", True),
        ("a*a", "a", False),  # the two ends may not overlap
        ("a*a", "aa", True),
        ("a*b*c", "a-c-b-c", True),
        ("a*b*c", "acb", False),
        ("a**b", "ab", True),
        ("Кыр*стан", "КЫРГЫЗСТАН", True),
    ],
)
def test_wildcards_as_moodle_matches_them(pattern, typed, matches):
    question = Question(Kind.SHORT, "s", "?", accepted=(ShortAnswer(pattern, D(1)),))

    assert (grade(question, {}, {"answer": typed}).fraction == D(1)) is matches


def test_many_stars_against_a_long_answer_take_no_time():
    question = Question(Kind.SHORT, "s", "?", accepted=(ShortAnswer("*a" * 12 + "*b", D(1)),))

    started = time.perf_counter()
    graded = grade(question, {}, {"answer": "a" * 999 + "c"})

    assert graded.fraction == D(0)
    assert time.perf_counter() - started < 0.5


def test_a_decomposed_letter_matches_its_composed_form():
    decomposed = unicodedata.normalize("NFD", "Айтматов")  # й sent as и + breve
    question = Question(Kind.SHORT, "s", "?", accepted=(ShortAnswer("Айтматов", D(1)),))

    assert decomposed != "Айтматов"
    assert grade(question, {}, {"answer": decomposed}).fraction == D(1)


def test_a_description_is_worth_nothing():
    assert grade(DESCRIPTION, state(DESCRIPTION), {"answer": "x"}) == Graded(D(0), "", "")


# Bad input ---------------------------------------------------------------------------------

BAD_RESPONSES = [
    None,
    "",
    [],
    42,
    {},
    {"choice": None},
    {"choice": -1},
    {"choice": 99},
    {"choice": True},
    {"choice": 1.0},
    {"choice": "1.0"},
    {"choice": "٣"},  # an Arabic-Indic digit is a digit to Python, not to us
    {"choice": [0]},
    {"choices": "0,1"},
    {"choices": [0, 99]},
    {"choices": [None]},
    {"choices": list(range(100))},
    {"matches": [0]},
    {"matches": "abc"},
    {"matches": {"x": 1}},
    {"order": [0, 0, 1, 2]},
    {"order": [0, 1, 2]},
    {"order": [0, 1, 2, 9]},
    {"order": {"0": 1}},
    {"answer": None},
    {"answer": 3.14},
    {"answer": ["3.14"]},
    {"answer": {"x": 1}},
    {"answer": "x" * 100_000},
]


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
@pytest.mark.parametrize("response", BAD_RESPONSES, ids=repr)
def test_a_malformed_response_grades_zero_without_an_exception(question, response):
    graded = grade(question, state(question), response)

    assert graded.fraction == D(0)


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
def test_random_responses_always_grade_between_0_and_1(question):
    rng = random.Random(2026)
    junk = [None, -1, 0, 1, 2, 3, "0", "1", "x", "", 1.5, True, [], {}, [0, 1], "3,14", "Бишкек"]
    saved = state(question)

    for _ in range(300):
        response = {
            key: rng.choice(junk + [[rng.choice(junk) for _ in range(rng.randint(0, 5))]])
            for key in rng.sample(["choice", "choices", "matches", "order", "answer"], 2)
        }
        graded = grade(question, saved, response)

        assert D(0) <= graded.fraction <= D(1)
        assert graded.fraction == graded.fraction.quantize(D("0.0000001"))
        assert "E" not in str(graded.fraction)
