"""Spreading national totals over places and organizations, exactly and reproducibly."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from cheber.registry.demo.geography import RURAL, URBAN, Leaf, school_languages


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers proportional to `weights` that add up to `total` (largest remainder).

    Ties go to the earlier weight, so the result depends on the inputs only.
    """
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * w / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass(frozen=True)
class Cell:
    """The urban or the rural part of one leaf unit."""

    leaf: Leaf
    locality: str
    population: float


@dataclass(frozen=True)
class CellQuota:
    cell: Cell
    sizes: tuple[int, ...]  # staff of each organization in the cell


def cells(leaves: Sequence[Leaf]) -> list[Cell]:
    result = []
    for leaf in leaves:
        for locality, share in ((URBAN, leaf.urban_share), (RURAL, 1 - leaf.urban_share)):
            if share > 0:
                result.append(Cell(leaf, locality, leaf.population * share))
    return result


@dataclass(frozen=True)
class Sizing:
    """How many organizations and staff to spread, and how town and village differ."""

    organizations: int
    staff: int
    urban_size_ratio: float  # an urban organization is this many times bigger
    min_size: int
    urban_staff_weight: float = 1.0  # staff per urban resident, relative to rural


def quotas(rng: random.Random, cells: Sequence[Cell], sizing: Sizing) -> list[CellQuota]:
    """Staff in proportion to population; organizations so that urban ones are bigger."""
    staff_by_cell = apportion(
        sizing.staff,
        [c.population * (sizing.urban_staff_weight if c.locality == URBAN else 1) for c in cells],
    )
    weights = [
        s / (sizing.urban_size_ratio if c.locality == URBAN else 1.0)
        for c, s in zip(cells, staff_by_cell, strict=True)
    ]
    orgs_by_cell = apportion(sizing.organizations, weights)
    result = []
    for cell, cell_staff, count in zip(cells, staff_by_cell, orgs_by_cell, strict=True):
        if cell_staff == 0:
            continue
        count = max(1, min(count, cell_staff // sizing.min_size))
        result.append(CellQuota(cell, split(rng, cell_staff, count, sizing.min_size)))
    return result


def split(rng: random.Random, total: int, parts: int, min_size: int) -> tuple[int, ...]:
    """`parts` sizes of at least `min_size` (when possible) adding up to `total`, skewed
    like real organizations: many small ones, a few large."""
    floor = min(min_size, total // parts)
    weights = [rng.lognormvariate(0, 0.55) for _ in range(parts)]
    return tuple(floor + extra for extra in apportion(total - floor * parts, weights))


def plan_languages(
    rng: random.Random, leaf: Leaf, quotas: list["CellQuota"]
) -> list[tuple[str, str, int]]:
    """[(locality, language, staff size)]: each cell's organizations with a language each."""
    planned = []
    for quota in quotas:
        shares = school_languages(leaf, quota.cell.locality)
        counts = apportion(len(quota.sizes), list(shares.values()))
        languages = [lang for lang, n in zip(shares, counts, strict=True) for _ in range(n)]
        rng.shuffle(languages)
        planned += [
            (quota.cell.locality, lang, size)
            for lang, size in zip(languages, quota.sizes, strict=True)
        ]
    return planned
