"""A what-if from the plan it changes: the run's own people and placements (one read of its
placements, not the demand's queries: the what-if is asked of that plan), the sessions, staff
and absences as they stand, the changes applied in memory, then `resolve`: the plan's
placements kept where their seats still are and the local search from the changed sessions.
Its placements are the plan's copied in the database, with only the rows that differ written.
When the plan was solved in the world the what-if is (the digest of its instance in its
figures, no row edited by hand since), its travel, nearest sessions, reasons and figures are
the plan's, counted again only where the what-if changes seats (a national what-if changes
few of some 95,000).

Only for the run's own settings: another release share or reach changes every school's limit
or every person's sessions, and the what-if is then built anew (`building.solve`)."""

import datetime as dt
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import connection

from cheber.compliance.models import Status
from cheber.planner.building import settings_of, world_of
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
from cheber.planner.optimizer.common import Candidates, place_key
from cheber.planner.optimizer.flow import resolve
from cheber.planner.whatif import apply_changes

READ = ("educator_id", "unit_id", "specialization_id", "language", "status", "due_date",
        "organization_id", "session_id", "proposed", "from_quota", "travel_km", "nearest_km",
        "reason")  # fmt: skip
WRITTEN = ("session_id", "proposed", "from_quota", "travel_km", "nearest_km", "reason")


@dataclass
class FromPlan:
    instance: Instance
    result: Result
    stored: dict[int, tuple]  # educator → the plan's row (WRITTEN's columns)
    # the plan's instance and seats, when it was solved in the world the what-if is (the same
    # sessions, staff and absences as now, no row edited by hand since): what its figures say
    before: tuple[Instance, Result] | None = None


def from_plan(run: PlanRun, values: dict, changes: list[dict], today: dt.date) -> FromPlan | None:
    """The what-if solved from `run`; None when its settings are not the run's."""
    settings = settings_of(values)
    if settings != settings_of(run.settings):
        return None
    persons, start, stored, gone = _plan_of(run)
    units = Units()
    instance = Instance(
        persons=tuple(persons), slots=tuple(load_slots(run.year, today, units)),
        coordinates={u: p for u in {p.unit for p in persons} if (p := units.point(u))},
        staff=load_staff({p.school for p in persons}), busy=load_busy(run.year),
        settings=replace(settings, priority_rule=priority_rule(run.year, today)),
    )  # fmt: skip
    changed = apply_changes(instance, changes, units)
    candidates = Candidates(changed, {place_key(p) for p in persons})
    sessions = _changed_sessions(changes, run.changes) | {s.id for s in changed.slots if s.id < 0}
    before, whole = plans_world(run, instance, changed, units, (start, stored, gone), sessions)
    result = resolve(changed, whole, candidates, sessions, schools=gone, kept=whole is not start)
    return FromPlan(changed, result, stored, before)


def plans_world(run: PlanRun, instance: Instance, changed: Instance, units: Units, plan: tuple,
                sessions: set[int]) -> tuple[tuple | None, Result]:  # fmt: skip
    """(the run's instance and seats, if its figures were counted in today's world (`_before`);
    the plan to start from: with its travel, nearest sessions and reasons (`_whole`) when the
    what-if changes places only in those `sessions` too, which are then counted again only
    where seats change, if it breaks no limit; else its seats alone). `plan`: (seats, rows,
    gone) as `_plan_of`."""
    start, stored, gone = plan
    before = None if gone else _before(run, instance, units, start)
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


def _before(run: PlanRun, instance: Instance, units: Units, start: Result):
    """The run's own instance (today's sessions with its changes) and seats, if its figures
    were counted on that instance: the digest it stored matches and no row was edited since
    (nor placed into a proposed course: `start` leaves those out)."""
    world = run.figures.get("world")
    if world is None or run.placements.filter(edited=True).exists():
        return None
    try:
        before = apply_changes(instance, run.changes, units)
    except ValidationError:  # a change that no longer applies: another world
        return None
    return (before, start) if world_of(before) == world else None


def _plan_of(run: PlanRun):
    """The run's people (by id, as the demand reads them), its placements into sessions, its
    rows as stored, and the schools of those it placed into a proposed course (not carried
    over: the what-if's own courses are numbered anew). Read by the cursor: the ORM's
    conversions of 80,000 rows cost more than the query."""
    persons, placed, gone = [], {}, set()
    judged: dict[tuple, tuple] = {}  # (status, due date as read) → (kind, class, days overdue)
    rows = _rows(run)
    for pk, unit, spec, language, status, due, school, session, proposed, quota, *_ in rows:
        found = judged.get((status, due))
        if found is None:
            found = judged[(status, due)] = _judged(status, due, run.year)
        kind, priority, days = found
        persons.append(Person(pk, unit, spec, language, kind, priority, days, school, status))
        if session is not None:
            placed[pk] = (session, unit if quota else None)
        elif proposed is not None:
            gone.add(school)
    # WRITTEN's columns as read (the driver gives from_quota as a bool), sliced in C
    stored = {row[0]: row[len(READ) - len(WRITTEN) :] for row in rows}
    return persons, Result("plan", placed, {}, {}, {}), stored, gone


def _judged(status: str, due, year: int) -> tuple[str, int, int]:
    due = due if due is None or isinstance(due, dt.date) else dt.date.fromisoformat(due)
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


def copy_placements(run: PlanRun, parent: PlanRun, found: FromPlan) -> int:
    """The parent's rows copied in one statement, then the rows the what-if changed updated
    (of the people it counted again, when it kept the others' from the plan); returns how
    many were."""
    table = connection.ops.quote_name(Placement._meta.db_table)
    columns = ("educator_id", "organization_id", "unit_id", "specialization_id", "language",
               "status", "priority", "last_training_date", "due_date", *WRITTEN)  # fmt: skip
    names = ", ".join(columns)
    result, updates, stored = found.result, [], found.stored
    recounted = stored if result.recounted is None else result.recounted
    for pk in recounted:
        before, after = stored[pk], _row(result, pk)
        if after != before:
            updates.append((*after, run.pk, pk))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (run_id, edited, {names}) "  # noqa: S608 (names are ours)
            f"SELECT %s, %s, {names} FROM {table} WHERE run_id = %s",
            [run.pk, False, parent.pk],
        )
        sets = ", ".join(f"{c} = %s" for c in WRITTEN)
        cursor.executemany(
            f"UPDATE {table} SET {sets} WHERE run_id = %s AND educator_id = %s",  # noqa: S608
            updates,
        )
    return len(updates)


def _row(result: Result, pk: int) -> tuple:
    slot_id, pool = result.placed.get(pk, (None, None))
    return (
        slot_id if slot_id and slot_id > 0 else None,
        -slot_id if slot_id and slot_id < 0 else None, pool is not None,
        result.km.get(pk), result.nearest_km.get(pk), result.reasons.get(pk, ""),
    )  # fmt: skip
