"""Queries built once per process and run with new values.

Django builds and compiles a queryset on every call. For a query of many annotations (the
places of sessions counted by `Session.objects.with_places`) that costs ten times its run: on
the national demo, 12 ms to build and compile the places of a teacher's thirty best courses,
under 1 ms to run them. A `Prepared` query is built once per shape from marker values; the
positions of the markers among its parameters are noted, and every later call runs the same
SQL with its own values put in their place. The queryset stays the one definition: only its
compiled form is kept.

A value is an integer, a text, a date, or a list of integers or texts of at most a declared
length (`ListOf`), which a query may only test membership in (`field__in=`): the list is
padded with NULLs, which `IN` never matches (a `NOT IN` would match nothing). The rows are
the database's raw values, as a cursor returns them.
"""

import datetime as dt
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

_FIRST_NUMBER = -7_304_958_112_000  # no key or count is ever this low
_FIRST_DAY = dt.date(1111, 1, 1)
_TEXT = "\u2063prepared {} {}"  # an invisible separator opens it: no name or code does


@dataclass(frozen=True)
class ListOf:
    """A value that is a list of `kind` (int or str) of at most `longest` items."""

    kind: type
    longest: int


@dataclass(frozen=True)
class _Plan:
    alias: str
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, int], ...]  # (parameter index, value name, list position)


class Prepared:
    """`build(shape, **values)` returns the queryset (its `values_list` selecting the columns
    wanted); `kinds` gives each value's kind: int, str, dt.date or a `ListOf`. A shape is what
    changes the SQL itself (a rule, whether a filter applies); the plans are kept per shape."""

    def __init__(self, build: Callable[..., QuerySet], **kinds):
        self._build = build
        self._kinds = kinds
        self._plans: dict[tuple, _Plan] = {}
        self._lock = threading.Lock()

    def rows(self, shape: Hashable = None, **values) -> list[tuple]:
        """The rows of the query built for `shape`, run with `values` (of the kinds named;
        a shape that needs fewer is given fewer)."""
        self._check(values)
        plan = self._plan(shape, tuple(sorted(values)))
        params = list(plan.params)
        for index, name, position in plan.slots:
            params[index] = _value(plan.alias, values[name], position)
        with connections[plan.alias].cursor() as cursor:
            cursor.execute(plan.sql, params)
            return cursor.fetchall()

    def fits(self, values: dict) -> bool:
        """Whether no list of `values` is longer than its kind allows."""
        return not any(
            isinstance(kind := self._kinds.get(name), ListOf) and len(value) > kind.longest
            for name, value in values.items()
        )

    def _check(self, values: dict) -> None:
        if unknown := set(values) - set(self._kinds):
            raise ValueError(f"No kind is given for {sorted(unknown)}")
        if not self.fits(values):
            raise ValueError(f"A list is longer than its kind allows: {self._kinds}")

    def _plan(self, shape: Hashable, names: tuple[str, ...]) -> _Plan:
        if (plan := self._plans.get((shape, names))) is None:
            with self._lock:
                plan = self._plans.get((shape, names)) or self._prepare(shape, names)
                self._plans[(shape, names)] = plan
        return plan

    def _prepare(self, shape: Hashable, names: tuple[str, ...]) -> _Plan:
        markers = {name: _marker(self._kinds[name], n) for n, name in enumerate(names)}
        queryset = self._build(shape, **markers)
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        connection = connections[queryset.db]
        where = {}
        for name, marker in markers.items():
            if isinstance(marker, list):
                where |= {item: (name, i) for i, item in enumerate(marker)}
            else:
                where[_adapted(connection, marker)] = (name, -1)
        slots = tuple((i, *where[p]) for i, p in enumerate(params) if _key(p) in where)
        if missing := set(where.values()) - {(name, at) for _, name, at in slots}:
            raise ValueError(f"The prepared query does not use {sorted(missing)}")
        return _Plan(queryset.db, sql, tuple(params), slots)


def as_date(value) -> dt.date:
    """A date of a row as the database gives it (SQLite: its ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _marker(kind, number: int, item: int = -1):
    """A value no query meets by chance (one for each value, each item of a list): far below
    any key, a date of the year 1111, a text no one types."""
    if isinstance(kind, ListOf):
        return [_marker(kind.kind, number, i) for i in range(kind.longest)]
    if kind is dt.date:
        return _FIRST_DAY + dt.timedelta(days=number)
    if kind is str:
        return _TEXT.format(number, item)
    return _FIRST_NUMBER - number * 1_000_000 - (item + 1)


def _adapted(connection, value):
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _value(alias: str, value, position: int):
    if position < 0:
        return _adapted(connections[alias], value)
    items = list(value)
    return items[position] if position < len(items) else None


def _key(value):
    """A parameter as a key of the markers (lists and other unhashable values are none)."""
    if isinstance(value, bool) or not isinstance(value, int | str | dt.date):
        return None
    return value
