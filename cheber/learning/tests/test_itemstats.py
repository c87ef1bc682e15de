import math
from decimal import Decimal

import pytest

from cheber.learning.itemstats import item_stats

# Four attempts at three one-mark questions; the figures below are worked by hand.
#            q1  q2  q3   total
# attempt 1   1   1   0     2
# attempt 2   1   0   1     2
# attempt 3   0   0   0     0
# attempt 4   1   1   1     3
ATTEMPTS = [
    {"q1": (1, 1), "q2": (1, 1), "q3": (0, 1)},
    {"q1": (1, 1), "q2": (0, 1), "q3": (1, 1)},
    {"q1": (0, 1), "q2": (0, 1), "q3": (0, 1)},
    {"q1": (1, 1), "q2": (1, 1), "q3": (1, 1)},
]


def codes(stats):
    return [flag.code for flag in stats.flags]


def test_facility_is_the_mean_fraction_and_sd_the_sample_deviation():
    stats = item_stats(ATTEMPTS)

    assert stats["q1"].count == 4
    assert stats["q1"].facility == 0.75
    # deviations .25 .25 −.75 .25 → squares sum .75 → ÷ (n − 1) = .25
    assert stats["q1"].sd == pytest.approx(0.5)
    assert stats["q2"].facility == 0.5
    assert stats["q2"].sd == pytest.approx(math.sqrt(1 / 3))


def test_discrimination_correlates_the_item_with_the_rest_of_the_test():
    stats = item_stats(ATTEMPTS)

    # q1 against the rest (1, 1, 0, 2): cov 1/3, var 1/4 and 2/3 → r = √6 / 3
    assert stats["q1"].discrimination == pytest.approx(math.sqrt(6) / 3)
    # q2 against the rest (1, 2, 0, 2): cov 1/6, var 1/3 and 2.75/3 → r = .5 / √2.75
    assert stats["q2"].discrimination == pytest.approx(0.5 / math.sqrt(2.75))


def test_discriminative_efficiency_compares_with_the_best_pairing_of_the_same_marks():
    stats = item_stats(ATTEMPTS)

    # q1's marks already pair with the rest in sorted order: as good as they can be.
    assert stats["q1"].efficiency == pytest.approx(1.0)
    # q2 sorted (0 0 1 1) against (0 1 2 2) gives cov 1/2; it reaches 1/6 of that … a third.
    assert stats["q2"].efficiency == pytest.approx(1 / 3)


def test_effective_weights_share_the_roots_of_the_covariances_with_the_total():
    stats = item_stats(ATTEMPTS)

    # cov with the total: q1 1.75/3, q2 1.5/3, q3 1.5/3
    roots = math.sqrt(1.75 / 3) + 2 * math.sqrt(1.5 / 3)
    assert stats["q1"].effective_weight == pytest.approx(math.sqrt(1.75 / 3) / roots)
    assert sum(s.effective_weight for s in stats.values()) == pytest.approx(1.0)


def test_an_item_everyone_gets_right_is_too_easy_and_cannot_discriminate():
    attempts = [{"easy": (1, 1), "other": (f, 1)} for f in (0, 0.5, 1, 1)]

    stats = item_stats(attempts)["easy"]

    assert stats.facility == 1.0
    assert stats.discrimination is None
    assert stats.efficiency is None
    assert codes(stats) == ["too_easy", "no_spread"]


def test_an_item_almost_nobody_gets_is_too_hard():
    attempts = [{"hard": (0, 2), "other": (f, 1)} for f in (0, 0.5, 1)]
    attempts.append({"hard": (Decimal("0.2"), 2), "other": (1, 1)})

    stats = item_stats(attempts)["hard"]

    assert stats.facility == pytest.approx(0.05)
    assert "too_hard" in codes(stats)


def test_an_item_the_weaker_candidates_get_right_has_negative_discrimination():
    attempts = [
        {"bad": (1, 1), "a": (0, 1), "b": (0, 1)},
        {"bad": (1, 1), "a": (0, 1), "b": (1, 1)},
        {"bad": (0, 1), "a": (1, 1), "b": (1, 1)},
        {"bad": (0, 1), "a": (1, 1), "b": (1, 1)},
    ]

    stats = item_stats(attempts)["bad"]

    assert stats.discrimination < 0
    assert codes(stats) == ["negative_discrimination"]


def test_a_weakly_discriminating_item_is_flagged_low():
    # the rest of the test scores 0, 1, 2, 3; the item is right at both ends only: r = 0
    attempts = [
        {"item": (item, 1)} | {f"r{k}": (int(k < rest), 1) for k in range(3)}
        for item, rest in zip((1, 0, 0, 1), (0, 1, 2, 3), strict=True)
    ]

    stats = item_stats(attempts)["item"]

    assert stats.discrimination == pytest.approx(0)
    assert codes(stats) == ["low_discrimination"]


def test_a_question_counts_only_the_attempts_that_drew_it():
    attempts = [{"a": (1, 1), "b": (0, 1)}, {"a": (0, 1)}, {"b": (1, 1), "a": (1, 1)}]

    stats = item_stats(attempts)

    assert stats["a"].count == 3
    assert stats["b"].count == 2
    assert stats["b"].facility == 0.5


def test_one_attempt_gives_a_facility_and_nothing_else():
    stats = item_stats([{"q": (Decimal("0.5"), 1)}])["q"]

    assert (stats.count, stats.facility, stats.sd, stats.discrimination) == (1, 0.5, None, None)
    assert stats.flags == ()


def test_an_ungraded_step_counts_as_zero():
    stats = item_stats([{"q": (None, 1)}, {"q": (1, 1)}])["q"]

    assert stats.facility == 0.5


def test_no_attempts_give_no_statistics():
    assert item_stats([]) == {}
