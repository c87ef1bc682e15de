"""A plan's rows kept beside them in one value, as a what-if reads them: the columns of
`rerun.READ` as numpy arrays, saved by `numpy.savez` (arrays only, no pickled objects). A
what-if reads its plan's some 95,000 rows from it in some 20 milliseconds, where the rows cost a
fifth of a second to fetch and as much to turn into values.

The rows stay the record: a snapshot is written with the plan (a what-if's from its plan's and
the rows it changed), dropped when a row is changed by hand (`drop`), and read only while its
plan holds as many rows as it has (a session or educator deleted takes their rows with it)."""

import datetime as dt
import io

import numpy as np

from cheber.planner.models import PlanRun, PlanSnapshot

NONE = -1  # an id, number or day that is None
INTS = ("educator_id", "unit_id", "specialization_id", "organization_id", "session_id",
        "proposed")  # fmt: skip
TEXTS = ("language", "status", "reason")  # as codes into their distinct values (`WORDS`)
WORDS = "_words"  # the suffix of a text column's distinct values
FLOATS = ("travel_km", "nearest_km")  # None: NaN
Columns = dict[str, np.ndarray]
NAMES = {*INTS, *TEXTS, *(name + WORDS for name in TEXTS), *FLOATS, "from_quota", "due_date"}


def columns_of(values: dict[str, list]) -> Columns:
    """The arrays of a plan's columns, from one list of values per column of `rerun.READ`, in
    the order of the educators."""
    order = np.argsort(_ints(values["educator_id"]), kind="stable")
    found = {name: _ints(values[name])[order] for name in INTS}
    for name in TEXTS:
        found[name], found[name + WORDS] = _coded(values[name], [])
        found[name] = found[name][order]
    for name in FLOATS:
        found[name] = np.array(values[name], dtype=float)[order]  # (None: NaN)
    found["from_quota"] = np.array(values["from_quota"], dtype=bool)[order]
    days = {value: _day(value) for value in set(values["due_date"])}
    found["due_date"] = np.fromiter(map(days.__getitem__, values["due_date"]), dtype=np.int64,
                                    count=len(values["due_date"]))[order]  # fmt: skip
    return found


def _coded(values: list, words: list) -> tuple[np.ndarray, np.ndarray]:
    """(`values` as codes, the words they index: `words`, then those of `values` not among
    them, so that codes made before stay good)."""
    words = list(words) + sorted(set(values) - set(words))
    code = {word: n for n, word in enumerate(words)}
    codes = np.fromiter(map(code.__getitem__, values), dtype=np.int16, count=len(values))
    return codes, np.array(words, dtype=str)


def _ints(values: list) -> np.ndarray:
    """Ids as an array, None as NONE (by way of floats, exact for ids below 2**53)."""
    found = np.array(values, dtype=float)
    return np.where(np.isnan(found), NONE, found).astype(np.int64)


def _day(value) -> int:
    if value is None:
        return NONE
    return (value if isinstance(value, dt.date) else dt.date.fromisoformat(value)).toordinal()


def store(run: PlanRun, columns: Columns) -> None:
    """`columns` saved as the run's snapshot, an id column in 32 bits where its values fit
    (some 5 MB for a national plan)."""
    saved = dict(columns)
    for name in INTS:
        if not len(saved[name]) or saved[name].max() <= np.iinfo(np.int32).max:
            saved[name] = saved[name].astype(np.int32)
    data = io.BytesIO()
    np.savez(data, **saved)
    PlanSnapshot.objects.create(run=run, columns=data.getvalue())


def load(run: PlanRun) -> Columns | None:
    """The plan's columns, if its snapshot holds all its rows as they are (and is one this
    version reads: else the rows are read, which it only stands in for)."""
    data = PlanSnapshot.objects.filter(run=run).values_list("columns", flat=True).first()
    if data is None:
        return None
    try:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            columns = {name: arrays[name] for name in arrays.files}
    except (OSError, ValueError, EOFError):  # (numpy's errors of a file it cannot read)
        return None
    if set(columns) != NAMES or len(columns["educator_id"]) != run.placements.count():
        return None
    return columns


def drop(run_id: int) -> None:
    PlanSnapshot.objects.filter(run_id=run_id).delete()


def texts(columns: Columns, name: str) -> list[str]:
    """A text column as values."""
    return columns[name + WORDS].astype(object)[columns[name]].tolist()


def listed(array: np.ndarray) -> list:
    """An id, number or day column as values, NONE as None."""
    values = array.astype(object)
    values[array == NONE] = None
    return values.tolist()


def floats(array: np.ndarray) -> list:
    values = array.astype(object)
    values[np.isnan(array)] = None
    return values.tolist()


def patched(columns: Columns, changed: list[tuple], written: tuple[str, ...]) -> Columns:
    """`columns` with the rows `changed` ((*values of `written`, run, educator) as the what-if
    writes them) replaced."""
    found = {name: array.copy() for name, array in columns.items()}
    if not changed:
        return found
    at = np.searchsorted(found["educator_id"], [row[-1] for row in changed])
    for n, name in enumerate(written):
        values = [row[n] for row in changed]
        if name in INTS:
            values = _ints(values)
        elif name in FLOATS:
            values = np.array(values, dtype=float)  # (None: NaN)
        elif name in TEXTS:
            values, found[name + WORDS] = _coded(values, found[name + WORDS].tolist())
        found[name][at] = values
    return found
