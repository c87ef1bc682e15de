"""Building a plan, the computing half: the year's instance solved by the optimizer and by
greedy, the figures that compare them, the placements written in bulk. No permission checks
here: the actions (`planner/actions.py`) check who acts and call these."""

import datetime as dt
import hashlib
from collections import Counter

from django.db import connection

from cheber.planner import snapshot
from cheber.planner.instance import Units, load_instance
from cheber.planner.models import Placement, PlanRun
from cheber.planner.optimizer import Instance, Result, Settings, solve_flow, solve_greedy
from cheber.planner.optimizer import violations as violations_of
from cheber.planner.optimizer.checks import Region, counts_within, improving_swaps, region_of
from cheber.planner.optimizer.common import Candidates
from cheber.planner.optimizer.model import DUE_PRIORITY, NEVER_TRAINED_PRIORITY
from cheber.planner.whatif import apply_changes

DEFAULTS = {"release_share": 0.2, "max_km": 300.0}
OVERDUE, NEVER_TRAINED = "overdue", "never_trained"


def settings_of(values: dict) -> Settings:
    merged = {**DEFAULTS, **{k: v for k, v in values.items() if k in DEFAULTS}}
    return Settings(release_share=float(merged["release_share"]), max_km=float(merged["max_km"]))


def figures_of(instance: Instance, result: Result, since: tuple | None = None) -> dict:
    """The figures the command prints and the pages compare, for one method. `since`: (the
    instance, the plan and the figures of the plan `result` was solved from): if its checks
    found nothing, those of `result` are made only where it differs (`checks.Region`), and
    its placed people counted from the plan's figures and the people whose seats changed."""
    region = _region(instance, result, since)
    if region is None:
        persons = instance.persons_by_id
        placed = Counter(persons[pid].status for pid in result.placed)
        found, swaps = len(violations_of(instance, result)), improving_swaps(instance, result)
        classes = classes_of(instance, result)
    else:
        placed, classes = _placed_since(instance, since[1], since[2], result, region)
        found, swaps = counts_within(instance, result, region)
    figures = {
        "placed": len(result.placed),
        "overdue_placed": placed[OVERDUE],
        "never_trained_placed": placed[NEVER_TRAINED],
        "travel_km": round(sum(result.km.values()), 1),
        "violations": found,
        "improving_swaps": swaps,
        "seconds": round(result.seconds, 3),
        "unplaced": dict(sorted(Counter(result.reasons.values()).items())),
        "classes": classes,
    }
    if result.bound is not None:
        figures |= {"value": result.value, "bound": result.bound, "gap": round(result.gap, 6)}
    return figures


def _region(instance: Instance, result: Result, since: tuple | None) -> Region | None:
    """What `result` changed since the plan of `since`, if that plan's checks found nothing on
    an instance alike but for places (and `result` has no bounds of its own to report)."""
    if since is None or result.class_bounds:
        return None
    before, plan, figures = since
    if figures.get("violations") != 0 or figures.get("improving_swaps") != 0:
        return None
    return region_of(before, plan, instance, result)


def _placed_since(instance: Instance, plan: Result, figures: dict, result: Result,
                  region: Region) -> tuple[Counter, list[dict]]:  # fmt: skip
    """The placed by status, and the classes' rows, from the plan's figures and the people of
    the region: the others are placed (or not) as in the plan."""
    persons = instance.persons_by_id
    by_status, by_class = Counter(), Counter()
    for pid in region.persons:
        change = (pid in result.placed) - (pid in plan.placed)
        by_status[persons[pid].status] += change
        by_class[class_name(persons[pid].priority)] += change
    placed = Counter({
        OVERDUE: figures["overdue_placed"] + by_status[OVERDUE],
        NEVER_TRAINED: figures["never_trained_placed"] + by_status[NEVER_TRAINED],
    })  # fmt: skip
    classes = [
        {"class": row["class"], "people": row["people"],
         "placed": row["placed"] + by_class[row["class"]]}
        for row in figures["classes"]
    ]  # fmt: skip
    return placed, classes


def world_of(instance: Instance) -> str:
    """A digest of what a plan's figures and reasons depend on besides its people and seats
    (the sessions with their places, staff, absences, coordinates, settings): a what-if from a
    plan solved in the same world counts them again only where it differs. Its people are not
    in it: a plan's people are read from its own rows, which are written from them."""
    slots = [
        (
            s.id,
            s.start,
            s.end,
            s.form,
            s.language,
            s.kind,
            s.lat,
            s.lon,
            s.open_places,
            s.quotas,
            s.specializations and sorted(s.specializations),
        )
        for s in instance.slots
    ]
    parts = (slots, sorted(instance.staff.items()), sorted(instance.busy.items()),
             sorted(instance.coordinates.items()), instance.settings)  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def class_name(priority: int) -> str:
    if priority == NEVER_TRAINED_PRIORITY:
        return NEVER_TRAINED
    if priority > DUE_PRIORITY:
        return f"overdue_{priority - DUE_PRIORITY - 1}y"  # whole years overdue
    return "due" if priority == DUE_PRIORITY else "compliant_this_year"


def classes_of(instance: Instance, result: Result) -> list[dict]:
    """Per priority class, highest first: people, placed, and (where computed) the most of the
    class a plan could place with the higher classes placed as here: the bound of the class and
    those above it (the network without the release limit, and the limit per school over the
    distinct date ranges of its sessions) less the placed above it."""
    people = Counter(p.priority for p in instance.persons)
    placed = Counter(instance.persons_by_id[pid].priority for pid in result.placed)
    rows, above = [], 0
    for priority in sorted(people, reverse=True):
        row = {"class": class_name(priority), "people": people[priority],
               "placed": placed[priority]}  # fmt: skip
        if priority in result.class_bounds:
            row["bound"] = max(placed[priority], result.class_bounds[priority] - above)
        rows.append(row)
        above += placed[priority]
    return rows


def solve(
    year: int, values: dict, changes: list[dict], today: dt.date
) -> tuple[Instance, dict, Result, Result]:
    """The year's instance with the changes, solved by the optimizer and by greedy."""
    instance, facts = load_instance(year, settings_of(values), today)
    if changes:
        instance = apply_changes(instance, changes, Units())
    candidates = Candidates(instance, {p.place for p in instance.persons})
    return instance, facts, solve_flow(instance, candidates), solve_greedy(instance, candidates)


# rows of one INSERT: 500 × 17 parameters, within SQLite's 32,766 and PostgreSQL's 65,535
ROWS_AT_ONCE = 500
PLACEMENT_COLUMNS = (
    "run_id", "educator_id", "session_id", "proposed", "from_quota", "organization_id",
    "unit_id", "specialization_id", "language", "status", "priority", "last_training_date",
    "due_date", "travel_km", "nearest_km", "reason", "edited",
)  # fmt: skip


def write_placements(run: PlanRun, instance: Instance, facts: dict, result: Result):
    """One row per person, written by multi-row INSERTs of `ROWS_AT_ONCE` rows without
    RETURNING (Django's bulk_create returns the keys: some ten times slower on SQLite for the
    ~95,000 rows of a national run; `executemany` of one-row INSERTs twice as slow). Returns
    the plan's columns (`snapshot`)."""
    day = connection.ops.adapt_datefield_value
    rows = []
    for person in instance.persons:
        slot_id, pool = result.placed.get(person.id, (None, None))
        last, due = facts[person.id]
        rows.append((
            run.pk, person.id, slot_id if slot_id and slot_id > 0 else None,
            -slot_id if slot_id and slot_id < 0 else None, pool is not None, person.school,
            person.unit, person.specialization, person.language, person.status, person.priority,
            day(last), day(due), result.km.get(person.id),
            result.nearest_km.get(person.id), result.reasons.get(person.id, ""), False,
        ))  # fmt: skip
    table = connection.ops.quote_name(Placement._meta.db_table)
    row = "(" + ", ".join(["%s"] * len(PLACEMENT_COLUMNS)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(PLACEMENT_COLUMNS)}) VALUES "
    full = len(rows) - len(rows) % ROWS_AT_ONCE
    chunks = [rows[start : start + ROWS_AT_ONCE] for start in range(0, len(rows), ROWS_AT_ONCE)]
    flat = [[v for r in chunk for v in r] for chunk in chunks]
    with connection.cursor() as cursor:
        # the full chunks by one executemany: Django's SQLite cursor converts the placeholders
        # of a statement once per call, not once per chunk (0.4 s for a national plan)
        if full:
            cursor.executemany(sql + ", ".join([row] * ROWS_AT_ONCE), flat[: full // ROWS_AT_ONCE])
        if full < len(rows):
            cursor.execute(sql + ", ".join([row] * (len(rows) - full)), flat[-1])
    values = zip(*rows, strict=True) if rows else [[]] * len(PLACEMENT_COLUMNS)
    return snapshot.columns_of(dict(zip(PLACEMENT_COLUMNS, values, strict=True)))
