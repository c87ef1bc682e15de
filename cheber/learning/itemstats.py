"""Item statistics with Moodle's formulas (question/classes/statistics/questions/calculator.php).

Input: finished attempts, each a mapping question id → (fraction, max mark) of its last graded
step; an attempt's total is the sum of its marks (fraction × max mark). A question counts only
the attempts that contain it, so a bank drawn at random works as Moodle's random slots do.

For each question, over its n attempts (sample statistics, n − 1):
    facility            mean fraction (Moodle: mean mark ÷ max mark)
    sd                  standard deviation of the fraction
    discrimination      Pearson correlation of the item's mark with the rest of the test
                        (total minus this item); None when either does not vary
    efficiency          cov(item, rest) ÷ the covariance the same marks would reach sorted
                        into the best possible pairing; None when that is 0
    effective_weight    √cov(item, total) ÷ Σ √cov over the items whose cov ≥ 0; None if < 0
Moodle shows the last three as percentages: multiply by 100.
"""

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

HARD, EASY, DISCRIMINATING = 0.1, 0.95, 0.1
TINY = 1e-12  # float sums of equal marks leave crumbs; below this a spread is none


@dataclass(frozen=True)
class Flag:
    code: str  # too_hard, too_easy, no_spread, negative_discrimination, low_discrimination
    reason: str


@dataclass(frozen=True)
class ItemStats:
    count: int
    facility: float
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    effective_weight: float | None
    flags: tuple[Flag, ...]


Attempt = Mapping[Hashable, tuple]


def item_stats(attempts: Iterable[Attempt]) -> dict[Hashable, ItemStats]:
    """question id → its statistics over `attempts`."""
    marks: dict[Hashable, list[tuple[float, float, float]]] = {}
    for attempt in attempts:
        scored = {qid: _mark(fraction, max_mark) for qid, (fraction, max_mark) in attempt.items()}
        total = sum(mark for mark, _fraction in scored.values())
        for qid, (mark, fraction) in scored.items():
            marks.setdefault(qid, []).append((mark, fraction, total))
    covariances = {qid: _covariance_with_total(rows) for qid, rows in marks.items()}
    roots = sum(math.sqrt(c) for c in covariances.values() if c is not None and c >= 0)
    return {qid: _stats(rows, covariances[qid], roots) for qid, rows in marks.items()}


def _mark(fraction, max_mark) -> tuple[float, float]:
    """(mark, fraction); an ungraded step (None) counts as 0, as an unanswered question."""
    fraction = float(fraction or 0)
    return fraction * float(max_mark), fraction


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _covariance(xs: list[float], ys: list[float]) -> float:
    """Sample covariance (n − 1), as Moodle divides."""
    mx, my = _mean(xs), _mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _covariance_with_total(rows) -> float | None:
    if len(rows) < 2:
        return None
    return _covariance([mark for mark, _f, _t in rows], [total for _m, _f, total in rows])


def _stats(rows, covariance_total: float | None, roots: float) -> ItemStats:
    count = len(rows)
    fractions = [fraction for _m, fraction, _t in rows]
    facility = _mean(fractions)
    sd = discrimination = efficiency = weight = None
    if count > 1:
        item = [mark for mark, _f, _t in rows]
        rest = [total - mark for mark, _f, total in rows]
        sd = math.sqrt(_covariance(fractions, fractions))
        covariance = _covariance(item, rest)
        spread = _covariance(item, item) * _covariance(rest, rest)
        if spread > TINY:
            discrimination = covariance / math.sqrt(spread)
        best = _covariance(sorted(item), sorted(rest))
        if abs(best) > TINY:
            efficiency = covariance / best
        if covariance_total is not None and covariance_total >= 0 and roots:
            weight = math.sqrt(covariance_total) / roots
    flags = _flags(facility, sd, discrimination)
    return ItemStats(count, facility, sd, discrimination, efficiency, weight, flags)


def _flags(facility: float, sd, discrimination) -> tuple[Flag, ...]:
    flags = []
    if facility < HARD:
        # xgettext:no-python-format
        flags.append(Flag("too_hard", _("Too hard: fewer than 10% of the marks were earned.")))
    elif facility > EASY:
        # xgettext:no-python-format
        flags.append(Flag("too_easy", _("Too easy: more than 95% of the marks were earned.")))
    if sd is not None and sd < TINY:
        flags.append(Flag("no_spread", _("Every attempt scored the same on it.")))
    if discrimination is not None and discrimination < 0:
        flags.append(
            Flag("negative_discrimination", _("Stronger candidates do worse on it: check the key."))
        )
    elif discrimination is not None and discrimination < DISCRIMINATING:
        flags.append(
            Flag("low_discrimination", _("It hardly tells stronger candidates from weaker ones."))
        )
    return tuple(flags)
