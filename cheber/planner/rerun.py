"""A what-if from the plan it changes: the run's own people and placements (read from its
snapshot, else its rows; not the demand's queries: the what-if is asked of that plan), the
sessions, staff and absences as they stand, the changes applied in memory, then `resolve`:
the plan's placements kept where their seats still are and the local search from the changed
sessions, while the database copies the plan's rows; then only the rows that differ written,
and the what-if's snapshot. When the plan was solved in the world the what-if is (the digest
of its instance in its figures, no row edited by hand since), its travel, nearest sessions,
reasons and figures are the plan's, counted again only where the what-if changes seats or a
course it proposes reaches (a national what-if changes few of some 95,000).

Only for the run's own settings: another release share or reach changes every school's limit
or every person's sessions, and the what-if is then built anew (`building.solve`)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection

from cheber.compliance.models import Status
from cheber.planner import snapshot
from cheber.planner.building import figures_of, settings_of, world_of
from cheber.planner.instance import (
    QUALIFICATION,
    RETRAINING,
    Units,
    load_busy,
    load_slots,
    load_staff,
    priority_of,
    priority_rule,
)
from cheber.planner.models import Placement, PlanRun
from cheber.planner.optimizer import Instance, Person, Result
from cheber.planner.optimizer.checks import places_changed
from cheber.planner.optimizer.common import Candidates
from cheber.planner.optimizer.flow import resolve
from cheber.planner.whatif import apply_changes

READ = ("educator_id", "unit_id", "specialization_id", "language", "status", "due_date",
        "organization_id", "session_id", "proposed", "from_quota", "travel_km", "nearest_km",
        "reason")  # fmt: skip
WRITTEN = ("session_id", "proposed", "from_quota", "travel_km", "nearest_km", "reason")


@dataclass
class FromPlan:
    """A what-if read and ready to solve: `solve` is pure computing (no query), so it can run
    while the database copies the plan's rows."""

    instance: Instance
    start: Result  # the plan to start from (`plans_world`)
    candidates: Candidates
    sessions: set[int]  # the sessions whose places changed (by id)
    schools: set[int]  # the schools of those the plan placed into a proposed course
    stored: dict[int, tuple]  # educator → the plan's row (WRITTEN's columns)
    columns: snapshot.Columns  # the plan's rows, the what-if's made from them
    # the plan's instance and seats, when it was solved in the world the what-if is (the same
    # sessions, staff and absences as now, no row edited by hand since): what its figures say
    before: tuple[Instance, Result] | None = None
    kept: bool = False  # `start` is the whole plan, travel, nearest sessions and reasons too

    def solve(self, figures: dict) -> tuple[Result, dict]:
        """The what-if's result and its figures (`figures`: the plan's, counted again only
        where the what-if differs when the plan was solved in its world)."""
        result = resolve(self.instance, self.start, self.candidates, self.sessions,
                         schools=self.schools, kept=self.kept)  # fmt: skip
        since = (*self.before, figures) if self.before else None
        return result, figures_of(self.instance, result, since)


def from_plan(run: PlanRun, values: dict, changes: list[dict], today: dt.date) -> FromPlan | None:
    """The what-if solved from `run`; None when its settings are not the run's."""
    settings = settings_of(values)
    if settings != settings_of(run.settings):
        return None
    persons, start, stored, gone, columns, unedited = _plan_of(run)
    units = Units()
    instance = Instance(
        persons=tuple(persons), slots=tuple(load_slots(run.year, today, units)),
        coordinates={u: p for u in {p.unit for p in persons} if (p := units.point(u))},
        staff=load_staff({p.school for p in persons}), busy=load_busy(run.year),
        settings=replace(settings, priority_rule=priority_rule(run.year, today)),
    )  # fmt: skip
    changed = apply_changes(instance, changes, units)
    candidates = Candidates(changed, changed.by_place)  # (the search's too)
    sessions = _changed_sessions(changes, run.changes) | {s.id for s in changed.slots if s.id < 0}
    plan = (start, stored, gone, unedited)
    before, whole = plans_world(run, instance, changed, units, plan, sessions)
    return FromPlan(changed, whole, candidates, sessions, gone, stored, columns, before,
                    whole is not start)  # fmt: skip


def plans_world(run: PlanRun, instance: Instance, changed: Instance, units: Units, plan: tuple,
                sessions: set[int]) -> tuple[tuple | None, Result]:  # fmt: skip
    """(the run's instance and seats, if its figures were counted in today's world (`_before`);
    the plan to start from: with its travel, nearest sessions and reasons (`_whole`) when the
    what-if changes places only in those `sessions` too, which are then counted again only
    where seats change, if it breaks no limit; else its seats alone). `plan`: (seats, rows,
    gone, unedited) as `_plan_of`."""
    start, stored, gone, unedited = plan
    before = None if gone else _before(run, instance, units, start, unedited)
    differ = places_changed(before[0], changed) if before else None
    if differ is None or not differ <= sessions or run.figures["optimizer"]["violations"]:
        return before, start
    return before, _whole(start, stored)


def _whole(start: Result, stored: dict[int, tuple]) -> Result:
    """The plan's result with its travel, nearest sessions and reasons as its rows have them."""
    km, nearest, reasons = {}, {}, {}
    for pk, (_, _, _, travel, near, reason) in stored.items():
        if travel is not None:
            km[pk] = travel
        if near is not None:
            nearest[pk] = near
        if reason:
            reasons[pk] = reason
    return Result("plan", start.placed, reasons, km, nearest)


def _before(run: PlanRun, instance: Instance, units: Units, start: Result, unedited: bool):
    """The run's own instance (today's sessions with its changes) and seats, if its figures
    were counted on that instance: the digest it stored matches and no row was edited since
    (`unedited`: known so, its snapshot still there; nor placed into a proposed course:
    `start` leaves those out)."""
    world = run.figures.get("world")
    if world is None or not unedited and run.placements.filter(edited=True).exists():
        return None
    try:
        before = apply_changes(instance, run.changes, units)
    except ValidationError:  # a change that no longer applies: another world
        return None
    return (before, start) if world_of(before) == world else None


def _plan_of(run: PlanRun):
    """The run's people (by id, as the demand reads them), its placements into sessions, its
    rows as stored, the schools of those it placed into a proposed course (not carried over:
    the what-if's own courses are numbered anew), its columns (`snapshot`), and whether they
    are known to be unedited: from its snapshot where it holds, else from its rows."""
    columns, unedited = _columns_of(run)
    return (*_plan_of_columns(columns, run.year), columns, unedited)


def _columns_of(run: PlanRun) -> tuple[snapshot.Columns, bool]:
    """The run's columns, and whether they are known to be unedited: from its snapshot where
    it holds (a change by hand drops it), else from its rows."""
    columns = snapshot.load(run)
    if columns is not None:
        return columns, True
    rows = _rows(run)
    values = dict(zip(READ, zip(*rows, strict=True), strict=True)) if rows else {}
    return snapshot.columns_of({name: values.get(name, []) for name in READ}), False


def _plan_of_columns(columns: snapshot.Columns, year: int):
    """`_plan_of`'s people, placements, rows and schools from a plan's columns: each column
    turned into values at once, and each distinct (status, due date) judged once."""
    values = {name: columns[name].tolist() for name in ("educator_id", "unit_id",
                                                        "organization_id")}  # fmt: skip
    values |= {name: snapshot.texts(columns, name) for name in ("language", "status")}
    pks, units, schools = values["educator_id"], values["unit_id"], values["organization_id"]
    specs = snapshot.listed(columns["specialization_id"])
    sessions, proposed = snapshot.listed(columns["session_id"]), columns["proposed"]
    statuses, dues = values["status"], columns["due_date"].tolist()
    judged = {pair: _judged(*pair, year) for pair in set(zip(statuses, dues, strict=True))}
    kinds, priorities, days = zip(*map(judged.__getitem__, zip(statuses, dues, strict=True)),
                                  strict=True) if pks else ((), (), ())  # fmt: skip
    persons = Person.many(pks, units, specs, values["language"], kinds, priorities, days,
                          schools, statuses)  # fmt: skip
    quota = columns["from_quota"].tolist()
    placed = {
        pks[n]: (sessions[n], units[n] if quota[n] else None)
        for n in np.flatnonzero(columns["session_id"] != snapshot.NONE).tolist()
    }
    gone = set(columns["organization_id"][proposed != snapshot.NONE].tolist())
    km = (snapshot.floats(columns["travel_km"]), snapshot.floats(columns["nearest_km"]))
    written = (sessions, snapshot.listed(proposed), quota, *km, snapshot.texts(columns, "reason"))
    stored = dict(zip(pks, zip(*written, strict=True), strict=True))
    return persons, Result("plan", placed, {}, {}, {}), stored, gone


def _judged(status: str, due: int, year: int) -> tuple[str, int, int]:
    """(kind, class, days overdue) of a status and due day (an ordinal, or snapshot.NONE)."""
    due = None if due == snapshot.NONE else dt.date.fromordinal(due)
    kind = RETRAINING if status == Status.NEEDS_RETRAINING else QUALIFICATION
    return kind, *priority_of(status, due, year)


def _rows(run: PlanRun) -> list[tuple]:
    """The run's rows; on SQLite the due dates as text (`_judged` reads them once per distinct
    value: the driver's date converter, called for each row, costs a tenth of the read)."""
    table = connection.ops.quote_name(Placement._meta.db_table)
    read = [f"CAST({c} AS TEXT)" if c == "due_date" and connection.vendor == "sqlite" else c
            for c in READ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(read)} FROM {table} WHERE run_id = %s "  # noqa: S608 (ours)
            "ORDER BY educator_id",
            [run.pk],
        )
        return cursor.fetchall()


def _changed_sessions(*change_lists) -> set[int]:
    return {c["session"] for changes in change_lists for c in changes if "session" in c}


def solved_beside_copy(run: PlanRun, parent: PlanRun, found: FromPlan) -> tuple[Result, dict]:
    """`found` solved while the parent's rows are copied to `run` in one statement: the
    database copies (the driver lets go of the interpreter meanwhile, SQLite's and
    PostgreSQL's alike) while the search runs, on a second core. Returns its result and
    figures; `write_changed` then writes the rows that differ."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        solving = pool.submit(found.solve, parent.figures["optimizer"])
        _copy_rows(run, parent)
        result, figures = solving.result()
    return result, figures


def _copy_rows(run: PlanRun, parent: PlanRun) -> None:
    table = connection.ops.quote_name(Placement._meta.db_table)
    columns = ("educator_id", "organization_id", "unit_id", "specialization_id", "language",
               "status", "priority", "last_training_date", "due_date", *WRITTEN)  # fmt: skip
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (run_id, edited, {names}) "  # noqa: S608 (names are ours)
            f"SELECT %s, %s, {names} FROM {table} WHERE run_id = %s",
            [run.pk, False, parent.pk],
        )


def write_changed(run: PlanRun, found: FromPlan, result: Result) -> int:
    """The rows the what-if changed, over the copy of its plan's (of the people it counted
    again, when it kept the others' from the plan), and its snapshot; returns how many."""
    table = connection.ops.quote_name(Placement._meta.db_table)
    updates, stored = [], found.stored
    recounted = stored if result.recounted is None else result.recounted
    for pk in recounted:
        before, after = stored[pk], _row(result, pk)
        if after != before:
            updates.append((*after, run.pk, pk))
    with connection.cursor() as cursor:
        sets = ", ".join(f"{c} = %s" for c in WRITTEN)
        cursor.executemany(
            f"UPDATE {table} SET {sets} WHERE run_id = %s AND educator_id = %s",  # noqa: S608
            updates,
        )
    snapshot.store(run, snapshot.patched(found.columns, updates, WRITTEN))
    return len(updates)


def _row(result: Result, pk: int) -> tuple:
    slot_id, pool = result.placed.get(pk, (None, None))
    return (
        slot_id if slot_id and slot_id > 0 else None,
        -slot_id if slot_id and slot_id < 0 else None, pool is not None,
        result.km.get(pk), result.nearest_km.get(pk), result.reasons.get(pk, ""),
    )  # fmt: skip
