"""The plan builder on a seeded national demo: the year's instance read from the database,
then solved by the optimizer (min-cost flow with the release-limit repair) and by the greedy
baseline; for each: solve time, peak memory, educators placed, overdue placed, never-trained
placed, travel km, constraint violations (must be 0), and the optimizer's gap to its bound;
then a what-if rerun (one session's budget places changed) on the instance in memory, the
whole `build_plan` action (read, solve both, store the draft) once, and the page's what-ifs
from that draft (a session's places, a district's quota, a mobile course), each five times in a
process of their own (`--page-what-ifs RUN SESSION` runs only them).

    CHEBER_VAR_DIR=/tmp/planner-var .venv/bin/python bench/build_plan.py [--year 2027]
    CHEBER_VAR_DIR=/tmp/planner-var-yearly .venv/bin/python bench/build_plan.py --yearly

`--yearly` first puts in force, on 1 January of this year, a policy of one counting course a
year (if none is in force yet) and judges every status again by it: some 130,000 educators then
need a course next year. It changes the database: run it on a copy of the national demo.
Online and blended sessions are capacity as the plan builder reads them (an online session's
tutors' capacity, a blended one's budget places). Per priority class the optimizer's placed
people are printed against the class's bound, and the improving swaps its checker finds.

The database is the one the settings name (CHEBER_VAR_DIR's SQLite, or DATABASE_URL), seeded
with `seed_demo --scale national`, `seed_courses`, `refresh_compliance`. Targets on 2 cores:
the national plan under 30 s (aim 10 s, also for a yearly rule), a what-if from the plan it
changes under 1 s, peak memory under 1.5 GB, gap at
most 0.5 % (aim 0.1 %), no violations. Peak memory is the process's resident high-water mark
(Django, the instance and the solver together) read after each step, so greedy's includes the
optimizer's before it; and the Python heap's peak during each (tracemalloc, in a second,
untimed run). The machine's other load shows in the wall times: the CPU times are printed too.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def heap_peak_mb(solve, instance) -> float:
    tracemalloc.start()
    solve(instance)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=None, help="default: next year")
    parser.add_argument("--yearly", action="store_true", help="a yearly rule (changes the DB)")
    parser.add_argument("--page-what-ifs", nargs=2, type=int, metavar=("RUN", "SESSION"),
                        help="only the page's what-ifs from the stored draft RUN")  # fmt: skip
    args = parser.parse_args()
    import django

    django.setup()
    settled()
    if args.page_what_ifs:
        from django.utils import timezone

        from cheber.planner.models import PlanRun

        run = PlanRun.objects.get(pk=args.page_what_ifs[0])
        page_what_if(run, args.page_what_ifs[1], timezone.localdate())
        return
    if args.yearly:
        yearly_rule()

    from django.utils import timezone

    from cheber.core.actors import SYSTEM
    from cheber.planner.actions import build_plan
    from cheber.planner.building import DEFAULTS, figures_of, settings_of
    from cheber.planner.instance import load_instance
    from cheber.planner.optimizer import solve_flow, solve_greedy
    from cheber.planner.optimizer.common import gc_paused

    today = timezone.localdate()
    year = args.year or today.year + 1
    started = time.perf_counter()
    with gc_paused():  # as build_plan reads it
        instance, _ = load_instance(year, settings_of(DEFAULTS), today)
    read = time.perf_counter() - started
    seats = sum(slot.places for slot in instance.slots)
    print(f"Plan {year}: {len(instance.persons):,} educators to place, {len(instance.slots):,} "
          f"sessions with {seats:,} budget places free; read in {read:.2f} s, "
          f"RSS {rss_mb():,.0f} MB")  # fmt: skip
    rows = {}
    for name, solve in (("optimizer", solve_flow), ("greedy", solve_greedy)):
        cpu = time.process_time()
        result = solve(instance)
        cpu = time.process_time() - cpu
        rows[name] = figures_of(instance, result) | {"rss": rss_mb(), "cpu": cpu}
    # (after both: tracemalloc's own bookkeeping would raise the resident figures)
    for name, solve in (("optimizer", solve_flow), ("greedy", solve_greedy)):
        rows[name]["heap"] = heap_peak_mb(solve, instance)
    _print(rows)
    session_id = in_memory_what_if(instance, rows["optimizer"])
    started, cpu = time.perf_counter(), time.process_time()
    run = build_plan(actor=SYSTEM, year=year, today=today)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"build_plan action (read, solve both, store draft #{run.pk} with "
          f"{run.placements.count():,} placements): {wall:.1f} s ({cpu:.1f} s CPU); "
          f"peak RSS {rss_mb():,.0f} MB")  # fmt: skip
    # the page's what-ifs in a process of their own, as a server's: not the one that solved the
    # plan three times in memory and traced its heap (which slows what follows in it)
    subprocess.run([sys.executable, __file__, "--page-what-ifs", str(run.pk), str(session_id)],
                   check=True)  # fmt: skip


def settled() -> None:
    """PostgreSQL's statistics brought up to date, as its autovacuum keeps them on a server: a
    database just seeded has none, and the planner's join orders are then far off."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def in_memory_what_if(instance, before: dict) -> int:
    """A what-if (+10 budget places in the session with the most) on the instance in memory:
    solved anew, and from the plan it changes; returns the session's id."""
    from dataclasses import replace

    from cheber.planner.building import figures_of
    from cheber.planner.optimizer import solve_flow
    from cheber.planner.optimizer.common import Candidates, place_key
    from cheber.planner.optimizer.flow import resolve

    slot = max(instance.slots, key=lambda s: s.places)
    changed = replace(instance, slots=tuple(
        replace(s, open_places=s.open_places + 10) if s.id == slot.id else s
        for s in instance.slots
    ))  # fmt: skip
    candidates = Candidates(instance, {place_key(p) for p in instance.persons})
    plan = solve_flow(instance, candidates=candidates)
    for name, solve in (
        ("re-solved in memory", lambda: solve_flow(changed, candidates=candidates)),
        ("from the plan it changes", lambda: resolve(changed, plan, candidates, {slot.id})),
    ):
        cpu = time.process_time()
        rerun = solve()
        cpu = time.process_time() - cpu
        after = figures_of(changed, rerun)
        gap = f"gap {after['gap']:.4%}" if "gap" in after else "no bound"
        print(f"what-if (session {slot.id} +10 places), {name}: {rerun.seconds:.2f} s "
              f"({cpu:.2f} s CPU); placed {after['placed'] - before['placed']:+,}, overdue placed "
              f"{after['overdue_placed'] - before['overdue_placed']:+,}, travel "
              f"{after['travel_km'] - before['travel_km']:+,.1f} km, {gap}, "
              f"violations {after['violations']}, "
              f"improving swaps {after['improving_swaps']}")  # fmt: skip
    return slot.id


def page_what_if(run, session_id: int, today, times: int = 5) -> None:
    """The page's what-ifs (the action the view calls) on the stored draft, each solved from
    the plan: +10 budget places in the session (its steps timed apart first), one open place
    of it moved into a district's quota, a mobile course of 20 places proposed near it. Each
    action `times` times (each a new draft from the same plan): their median and slowest,
    since one wall time on a shared machine says little."""
    from cheber.planner.optimizer.common import gc_paused
    from cheber.schedule.models import Session

    session = Session.objects.get(pk=session_id)
    kinds = {
        "+10 places": {"kind": "capacity", "session": session.pk,
                       "places": session.budget_places + 10},
        "a quota place": {"kind": "quota", "session": session.pk, "unit": _other_unit(session),
                          "places": 1},
        "a mobile course": {"kind": "mobile", "programme": session.programme_id,
                            "unit": session.unit_id or _other_unit(session),
                            "language": session.language,
                            "places": 20, "start": f"{run.year}-05-03"},
    }  # fmt: skip
    with gc_paused():  # as the action runs them
        steps = _what_if_steps(run, [kinds["+10 places"]], today)
    print(f"what-if on the page, its steps (session {session.pk} +10 places): {steps}")
    for name, change in kinds.items():
        _timed_what_if(run, name, [change], today, times)


def _other_unit(session) -> int:
    """A district with no quota in the session (its neighbour in the table of units)."""
    from cheber.registry.models import AdminUnit

    quotas = set(session.quotas.values_list("unit_id", flat=True))
    return AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT).exclude(pk__in=quotas)[0].pk


def _timed_what_if(run, name: str, changes: list, today, times: int) -> None:
    from cheber.core.actors import SYSTEM
    from cheber.planner.actions import build_plan

    walls, cpus = [], []
    for _ in range(times):
        started, cpu = time.perf_counter(), time.process_time()
        new = build_plan(actor=SYSTEM, year=run.year, today=today, parent=run, changes=changes)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    mine, theirs = new.figures["optimizer"], run.figures["optimizer"]
    print(f"what-if on the page, {name} (drafts from #{run.pk}, {times} times, from the plan: "
          f"{new.figures.get('from_plan', False)}): median {statistics.median(walls):.2f} s "
          f"(CPU {statistics.median(cpus):.2f} s), slowest {max(walls):.2f} s; placed "
          f"{mine['placed'] - theirs['placed']:+,}, violations {mine['violations']}, improving "
          f"swaps {mine['improving_swaps']}")  # fmt: skip


def _what_if_steps(run, changes, today) -> str:
    """Where a what-if from the plan spends its time (the same steps as `rerun.from_plan`; the
    plan's world: whether the plan was solved in today's, whose figures are then counted again
    only where the what-if changes seats)."""
    from dataclasses import replace

    from cheber.planner.building import figures_of, settings_of
    from cheber.planner.instance import Units, load_busy, load_slots, load_staff, priority_rule
    from cheber.planner.optimizer import Instance
    from cheber.planner.optimizer.common import Candidates, place_key
    from cheber.planner.optimizer.flow import resolve
    from cheber.planner.rerun import _changed_sessions, _plan_of, plans_world
    from cheber.planner.whatif import apply_changes

    times = {}

    def timed(name, work):
        started = time.perf_counter()
        value = work()
        times[name] = time.perf_counter() - started
        return value

    persons, start, stored, gone, _, unedited = timed("plan read", lambda: _plan_of(run))
    units = Units()
    slots = timed("sessions read", lambda: load_slots(run.year, today, units))
    staff = timed("staff read", lambda: load_staff({p.school for p in persons}))
    busy = timed("absences read", lambda: load_busy(run.year))
    instance = Instance(
        tuple(persons), tuple(slots), {u: p for u in {p.unit for p in persons}
                                       if (p := units.point(u))}, staff, busy,
        replace(settings_of(run.settings), priority_rule=priority_rule(run.year, today)),
    )  # fmt: skip
    changed = timed("changes", lambda: apply_changes(instance, changes, units))
    keys = {place_key(p) for p in persons}
    candidates = timed("candidates", lambda: Candidates(changed, keys))
    sessions = _changed_sessions(changes, run.changes) | {s.id for s in changed.slots if s.id < 0}
    plan = (start, stored, gone, unedited)
    before, whole = timed("plan's world", lambda: plans_world(
        run, instance, changed, units, plan, sessions))  # fmt: skip
    kept = whole is not start
    result = timed("resolve", lambda: resolve(changed, whole, candidates, sessions, gone, kept))
    since = (*before, run.figures["optimizer"]) if before else None
    timed("checks", lambda: figures_of(changed, result, since))
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())


def yearly_rule() -> None:
    import datetime as dt

    from django.utils import timezone

    from cheber.compliance.engine import refresh_statuses
    from cheber.compliance.models import Policy

    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    if Policy.objects.in_force(today).period_months == 12:
        return
    Policy.objects.create(
        name_ky="Жыл сайын", name_ru="Ежегодно", name_en="Every year", effective_from=start,
        mode=Policy.Mode.CYCLE, period_months=12, min_course_hours=72,
    )  # fmt: skip
    started = time.perf_counter()
    refresh_statuses(today=today)
    print(f"A yearly rule in force from {start}: statuses judged again in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def _print_classes(best: dict) -> None:
    print(f"optimizer per priority class (placed / bound / people); improving swaps left: "
          f"{best['improving_swaps']}")  # fmt: skip
    for row in best["classes"]:
        print(f"  {row['class']:<22}{row['placed']:>9,} /{row.get('bound', 0):>9,} /"
              f"{row['people']:>9,}")  # fmt: skip


def _print(rows: dict) -> None:
    labels = [
        ("solve time (s)", "seconds", "{:.2f}"),
        ("solve CPU time (s)", "cpu", "{:.2f}"),
        ("peak RSS, process (MB)", "rss", "{:,.0f}"),
        ("peak Python heap (MB)", "heap", "{:,.0f}"),
        ("educators placed", "placed", "{:,}"),
        ("overdue placed", "overdue_placed", "{:,}"),
        ("never-trained placed", "never_trained_placed", "{:,}"),
        ("travel (km)", "travel_km", "{:,.0f}"),
        ("constraint violations", "violations", "{:,}"),
        ("improving swaps left", "improving_swaps", "{:,}"),
    ]
    print(f"{'':<26}{'optimizer':>14}{'greedy':>14}")
    for label, key, fmt in labels:
        cells = "".join(f"{fmt.format(rows[m][key]):>14}" for m in ("optimizer", "greedy"))
        print(f"{label:<26}{cells}")
    best = rows["optimizer"]
    print(f"optimizer: value {best['value']:,}, bound {best['bound']:,} (the network without "
          f"the release limit), gap {best['gap']:.4%}")  # fmt: skip
    _print_classes(best)


if __name__ == "__main__":
    main()
