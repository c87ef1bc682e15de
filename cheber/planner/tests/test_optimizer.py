"""The pure optimizer on hand-made instances with a known optimum (including where greedy is
wrong), and every constraint checked by brute force on a random larger instance."""

import itertools
import random
from collections import Counter

from cheber.planner.optimizer import (
    Instance,
    Person,
    Reason,
    Settings,
    Slot,
    solve_flow,
    solve_greedy,
    violations,
)
from cheber.planner.optimizer.model import PLACE_VALUE

KM = 1 / 111.195  # degrees of latitude per kilometre
MATHS, HISTORY = 7, 8
DAY = 740_000  # a day ordinal in 2027


def at(km: float) -> tuple[float, float]:
    """A point `km` north of the equator on the prime meridian."""
    return (km * KM, 0.0)


def person(pid, unit, priority, school=None, spec=MATHS, language="ky", kind="qualification"):
    return Person(pid, unit, spec, language, kind, priority, priority * 365, school or 100 + pid,
                  "never_trained" if priority == 31 else "overdue")  # fmt: skip


def slot(sid, km, places, *, start=DAY, days=11, quotas=(), spec=MATHS, language="ky",
         online=False):  # fmt: skip
    lat, lon = (None, None) if online else at(km)
    return Slot(sid, start, start + days, "online" if online else "stationary", language,
                "qualification", frozenset({spec}) if spec else None, lat, lon, places,
                tuple(quotas))  # fmt: skip


def instance(persons, slots, units, staff=None, busy=None, **settings) -> Instance:
    staff = staff or {p.school: 10 for p in persons}
    return Instance(tuple(persons), tuple(slots), {u: at(km) for u, km in units.items()}, staff,
                    busy or {}, Settings(**settings))  # fmt: skip


def assignment(result) -> dict[int, int]:
    return {pid: sid for pid, (sid, _) in result.placed.items()}


def test_optimizer_moves_the_most_overdue_to_the_farther_seat_that_greedy_takes_nearest():
    # A (30 years overdue) may go to s1 (10 km) or s2 (100 km); C (20 years) reaches s1 only;
    # D (5 years) reaches s2 only. Greedy: A → s1, so C is left out while D is placed.
    units = {1: 10, 2: -40, 3: 150}
    problem = instance(
        [person(1, 1, 30), person(2, 2, 20), person(3, 3, 5)],
        [slot(10, 0, 1), slot(11, 110, 1)],
        units, max_km=120,
    )  # fmt: skip

    best, greedy = solve_flow(problem), solve_greedy(problem)

    assert assignment(greedy) == {1: 10, 3: 11}
    assert greedy.reasons == {2: Reason.NO_SEAT}
    assert assignment(best) == {1: 11, 2: 10}
    assert best.reasons == {3: Reason.NO_SEAT}
    assert best.value == problem.values[1] - 100 + problem.values[2] - 40
    assert best.value == best.bound
    assert best.gap == 0.0
    assert violations(problem, best) == violations(problem, greedy) == []


def test_optimizer_halves_the_travel_greedy_takes_at_equal_priority():
    # A is 10 km from s1 and 20 km from s2; B 15 km from s1, 45 km from s2.
    problem = instance([person(1, 1, 10), person(2, 2, 10)], [slot(10, 0, 1), slot(11, 30, 1)],
                       {1: 10, 2: -15})  # fmt: skip

    best, greedy = solve_flow(problem), solve_greedy(problem)

    assert assignment(greedy) == {1: 10, 2: 11}
    assert sum(greedy.km.values()) == 55.0
    assert assignment(best) == {1: 11, 2: 10}
    assert sum(best.km.values()) == 35.0
    assert best.km == {1: 20.0, 2: 15.0}
    assert best.nearest_km == {1: 10.0, 2: 15.0}


def test_a_district_quota_is_kept_for_its_district():
    # one place, reserved for district 1; the more overdue person of district 2 cannot take it
    problem = instance([person(1, 2, 30), person(2, 1, 1)], [slot(10, 0, 0, quotas=[(1, 1)])],
                       {1: 0, 2: 5})  # fmt: skip

    best, greedy = solve_flow(problem), solve_greedy(problem)

    assert best.placed == greedy.placed == {2: (10, 1)}
    assert best.reasons == {1: Reason.NO_SEAT}


def test_open_places_go_to_any_district_and_the_quota_stays_with_its_own():
    problem = instance(
        [person(1, 2, 30), person(2, 1, 1), person(3, 1, 2)],
        [slot(10, 0, 1, quotas=[(1, 1)])], {1: 0, 2: 5},
    )  # fmt: skip

    best = solve_flow(problem)

    assert best.placed == {1: (10, None), 3: (10, 1)}
    assert best.reasons == {2: Reason.NO_SEAT}


def test_the_release_limit_keeps_a_small_school_teaching():
    # five staff, 20 %: one away at a time; two sessions on the same dates, one later
    staff = {500: 5}
    people = [person(1, 1, 20, school=500), person(2, 1, 10, school=500)]
    same_dates = [slot(10, 0, 1), slot(11, 0, 1)]
    problem = instance(people, same_dates, {1: 0}, staff=staff)

    best, greedy = solve_flow(problem), solve_greedy(problem)

    assert len(best.placed) == len(greedy.placed) == 1
    assert best.placed.keys() == {1}
    assert best.reasons == {2: Reason.RELEASE_LIMIT}
    assert best.bound == problem.values[1] + problem.values[2]
    assert violations(problem, best) == []

    later = instance(people, [slot(10, 0, 1), slot(11, 0, 1, start=DAY + 30)], {1: 0},
                     staff=staff)  # fmt: skip
    assert len(solve_flow(later).placed) == 2


def test_an_online_course_takes_nobody_away_from_school():
    people = [person(1, 1, 20, school=500), person(2, 1, 10, school=500)]
    problem = instance(people, [slot(10, 0, 1), slot(11, 0, 1, online=True)], {1: 0},
                       staff={500: 5}, busy={500: ((DAY, DAY + 11),)})  # fmt: skip

    best = solve_flow(problem)

    assert assignment(best) == {1: 11}  # the one seat held in person is on dates already taken
    assert best.reasons == {2: Reason.RELEASE_LIMIT}


def test_those_left_out_are_told_why():
    people = [
        person(1, 1, 5, spec=HISTORY),  # no History session at all
        person(2, 1, 5, language="ru"),  # Mathematics only in Kyrgyz
        person(3, 9, 5),  # too far from every session
        person(4, 1, 5),
        person(5, 1, 4),  # the one seat goes to person 4
    ]
    problem = instance(people, [slot(10, 0, 1)], {1: 0, 9: 900})

    best, greedy = solve_flow(problem), solve_greedy(problem)

    expected = {1: Reason.NO_SPECIALIZATION, 2: Reason.NO_LANGUAGE, 3: Reason.NO_SEAT,
                5: Reason.NO_SEAT}  # fmt: skip
    assert best.reasons == greedy.reasons == expected


def test_a_session_for_every_specialization_serves_everyone_of_its_language():
    problem = instance([person(1, 1, 5, spec=HISTORY), person(2, 1, 5, spec=None)],
                       [slot(10, 0, 2, spec=None)], {1: 0})  # fmt: skip

    assert solve_flow(problem).placed.keys() == {1, 2}


def _brute_force(problem: Instance) -> int:
    """The best value over every assignment (people to a slot or none), by enumeration."""
    best = 0
    options = [None] + list(range(len(problem.slots)))
    for choice in itertools.product(options, repeat=len(problem.persons)):
        value, ok, taken = 0, True, Counter()
        for p, index in zip(problem.persons, choice, strict=True):
            if index is None:
                continue
            s = problem.slots[index]
            taken[index] += 1
            if not s.serves(p) or not problem.in_reach(p.unit, s) or taken[index] > s.places:
                ok = False
                break
            value += problem.values[p.id] - round(problem.km(p.unit, s))
        if ok:
            best = max(best, value)
    return best


def test_the_optimizer_reaches_the_brute_force_optimum_on_small_random_instances():
    rng = random.Random(6)
    for _ in range(25):
        units = {u: rng.uniform(-100, 100) for u in range(1, 4)}
        people = [person(i, rng.choice(list(units)), rng.randint(0, 31),
                         spec=rng.choice((MATHS, HISTORY))) for i in range(1, 6)]  # fmt: skip
        slots = [slot(10 + j, rng.uniform(-100, 100), rng.randint(1, 2),
                      spec=rng.choice((MATHS, HISTORY, None))) for j in range(3)]  # fmt: skip
        problem = instance(people, slots, units, max_km=120)

        best = solve_flow(problem)

        assert best.value == best.bound == _brute_force(problem)


def _random_instance(seed: int) -> Instance:
    rng = random.Random(seed)
    units = {u: rng.uniform(-300, 300) for u in range(1, 16)}
    schools = {s: rng.choice(list(units)) for s in range(1000, 1120)}
    staff = {s: rng.randint(3, 40) for s in schools}
    specs = (MATHS, HISTORY, 9, 10)
    people = []
    for pid in range(1, 2501):
        school = rng.choice(list(schools))
        people.append(Person(
            pid, schools[school], rng.choice(specs), rng.choice(("ky", "ky", "ru")),
            rng.choice(("qualification",) * 9 + ("retraining",)), rng.randint(0, 31),
            rng.randint(0, 9000), school, rng.choice(("overdue", "due", "never_trained")),
        ))  # fmt: skip
    slots = []
    for sid in range(1, 81):
        online = rng.random() < 0.15
        start = DAY + rng.randint(0, 300)
        unit = rng.choice(list(units))
        quotas = [(u, rng.randint(1, 4)) for u in rng.sample(list(units), rng.randint(0, 3))]
        lat, lon = (None, None) if online else at(units[unit] + rng.uniform(-20, 20))
        slots.append(Slot(
            sid, start, start + (26 if online else 11), "online" if online else "stationary",
            rng.choice(("ky", "ky", "ru")), rng.choice(("qualification",) * 6 + ("retraining",)),
            frozenset(rng.sample(specs, 2)) if rng.random() < 0.8 else None, lat, lon,
            rng.randint(0, 20), tuple(quotas),
        ))  # fmt: skip
    busy = {s: ((DAY + 50, DAY + 61),) * rng.randint(0, 3) for s in schools}
    return Instance(tuple(people), tuple(slots), {u: at(km) for u, km in units.items()}, staff,
                    busy, Settings(max_km=250))  # fmt: skip


def _check_every_constraint(problem: Instance, result) -> None:
    """Each rule checked directly, day by day, independent of `violations`."""
    persons, slots = problem.persons_by_id, {s.id: s for s in problem.slots}
    per_slot, per_quota = Counter(), Counter()
    away: dict[tuple[int, int], int] = Counter()
    for pid, (sid, pool) in result.placed.items():
        p, s = persons[pid], slots[sid]
        assert s.kind == p.kind and s.language == p.language
        assert s.specializations is None or p.specialization in s.specializations
        assert s.online or problem.km(p.unit, s) <= problem.settings.max_km
        assert pool in (None, p.unit)
        per_slot[sid] += 1
        if pool is not None:
            per_quota[(sid, pool)] += 1
        if not s.online:
            for day in range(s.start, s.end + 1):
                away[(p.school, day)] += 1
    for sid, n in per_slot.items():
        s = slots[sid]
        quotas = dict(s.quotas)
        assert n <= s.places
        assert n - sum(per_quota[(sid, u)] for u in quotas) <= s.open_places
        for unit, places in quotas.items():
            assert per_quota[(sid, unit)] <= places
    for (school, day), n in away.items():
        before = sum(1 for start, end in problem.busy.get(school, ()) if start <= day <= end)
        assert n + before <= max(problem.release_limit(school), before)
    assert set(result.placed) | set(result.reasons) == set(persons)
    assert not set(result.placed) & set(result.reasons)


def test_every_constraint_holds_on_a_random_larger_instance():
    problem = _random_instance(2027)

    best, greedy = solve_flow(problem), solve_greedy(problem)

    for result in (best, greedy):
        _check_every_constraint(problem, result)
        assert violations(problem, result) == []
    assert best.value >= greedy.value
    assert best.value <= best.bound
    # the bound ignores the release limit, which binds hard here (small schools, many away)
    assert best.gap <= 0.02
    placed = Counter(problem.persons_by_id[p].priority >= 20 for p in best.placed)
    placed_greedy = Counter(problem.persons_by_id[p].priority >= 20 for p in greedy.placed)
    assert placed[True] >= placed_greedy[True] - 5  # the long overdue are not sacrificed


def test_suggestions_send_mobile_courses_from_the_nearest_provider_that_teaches_it():
    from cheber.planner.optimizer.suggest import Provider, suggest

    far = Provider(1, *at(200), frozenset({(MATHS, "ky", "qualification")}))
    near = Provider(2, *at(10), frozenset({(HISTORY, "ky", "qualification")}))
    left = {(5, MATHS, "ky", "qualification"): 45, (5, HISTORY, "ru", "qualification"): 12,
            (5, HISTORY, "ky", "qualification"): 3}  # fmt: skip

    found = suggest(left, {5: at(0)}, [far, near], place_price=4000)

    assert [
        (s.specialization, s.language, s.people, s.courses, s.provider, s.needs_programme)
        for s in found
    ] == [(MATHS, "ky", 45, 3, 1, False), (HISTORY, "ru", 12, 1, 2, True)]
    maths = found[0]
    assert maths.serves == 45
    assert maths.km == 200.0
    # two trainers a course travel 400 km and stay 12 nights; 45 people would do the same
    assert maths.mobile_cost == 45 * 4000 + 3 * 2 * (400 * 4 + 12 * 1500)
    assert maths.stationary_cost == 45 * (4000 + 400 * 4 + 12 * 1500)


def test_the_strict_rule_places_the_most_days_overdue_of_a_class_before_the_nearest():
    # both in their second year overdue; one seat, nearer the one less overdue
    people = [Person(1, 1, MATHS, "ky", "qualification", 3, 400, 101, "overdue"),
              Person(2, 2, MATHS, "ky", "qualification", 3, 700, 102, "overdue")]  # fmt: skip
    strict = instance(people, [slot(10, 0, 1)], {1: 10, 2: 100})
    weighted = instance(people, [slot(10, 0, 1)], {1: 10, 2: 100}, priority_rule="weighted")

    assert assignment(solve_flow(strict)) == {2: 10}
    assert assignment(solve_flow(weighted)) == {1: 10}
    assert weighted.values == {1: 3 * PLACE_VALUE, 2: 3 * PLACE_VALUE}


def test_strict_values_keep_far_below_the_solvers_integer_range():
    problem = _random_instance(7)

    values = problem.values

    assert max(values.values()) * 4 * (len(problem.persons) + 200) < 2**62
    orders = sorted(problem.persons, key=lambda p: p.order)
    assert all(values[a.id] <= values[b.id] for a, b in itertools.pairwise(orders))


def test_a_what_if_resolved_from_the_plan_it_changes_leaves_no_improving_swap():
    from dataclasses import replace

    from cheber.planner.optimizer.checks import improving_swaps
    from cheber.planner.optimizer.common import Candidates, place_key
    from cheber.planner.optimizer.flow import resolve

    problem = _random_instance(2028)
    candidates = Candidates(problem, {place_key(p) for p in problem.persons})
    plan = solve_flow(problem, candidates=candidates)
    wider, narrower = problem.slots[3], problem.slots[5]
    changed = replace(problem, slots=tuple(
        replace(s, open_places=s.open_places + 6) if s is wider
        else replace(s, open_places=max(0, s.open_places - 4), quotas=()) if s is narrower
        else s for s in problem.slots
    ))  # fmt: skip

    quick, full = resolve(changed, plan, candidates, {wider.id, narrower.id}), solve_flow(changed)

    assert violations(changed, quick) == []
    assert improving_swaps(changed, quick) == 0
    assert improving_swaps(changed, full) == 0
    # a local optimum, not the flow's: here, of 1,010 placed by the full solve, one person of
    # class 22 and one of 17 fewer, one of class 10 more
    ours = Counter(problem.persons_by_id[p].priority for p in quick.placed)
    theirs = Counter(problem.persons_by_id[p].priority for p in full.placed)
    assert (len(quick.placed), len(full.placed)) == (1009, 1010)
    assert (ours - theirs, theirs - ours) == (Counter({10: 1}), Counter({17: 1, 22: 1}))


def test_the_checker_counts_a_school_over_its_limit_only_on_days_someone_planned_is_away():
    from cheber.planner.optimizer import Result

    # a school of five may spare one; one colleague already away on days 0-3 (before the plan)
    people = [person(1, 1, 20, school=500), person(2, 1, 10, school=500)]
    sessions = [slot(10, 0, 2, start=DAY + 2, days=5), slot(11, 0, 2, start=DAY + 20, days=5)]
    problem = instance(people, sessions, {1: 0}, staff={500: 5}, busy={500: ((DAY, DAY + 3),)})

    def plan(*seats):
        return Result("plan", {pid: (sid, None) for pid, sid in seats}, {}, {}, {})

    assert violations(problem, plan((1, 11))) == []
    assert violations(problem, plan((1, 11), (2, 11))) == ["school 500 has more than 1 away"]
    # days 2-3: the colleague before the plan and the one planned
    assert violations(problem, plan((1, 10))) == ["school 500 has more than 1 away"]
    assert violations(problem, plan((1, 10), (2, 11))) == ["school 500 has more than 1 away"]


def test_a_what_ifs_checks_counted_within_what_it_changed_equal_the_full_checks():
    # a plan with neither violations nor improving swaps; the instance changed in some sessions'
    # places; then seats changed at random (people in, out, moved, some breaking a limit, many
    # leaving a swap): counted only within what changed, the counts are those of the whole plan
    from dataclasses import replace

    from cheber.planner.building import figures_of
    from cheber.planner.optimizer import Result
    from cheber.planner.optimizer.checks import counts_within, improving_swaps, region_of
    from cheber.planner.optimizer.common import Candidates
    from cheber.planner.optimizer.flow import resolve

    problem = _random_instance(2029)
    plan = solve_flow(problem)
    figures = figures_of(problem, plan)
    assert (figures["violations"], figures["improving_swaps"]) == (0, 0)
    rng, people, counted = random.Random(7), [p.id for p in problem.persons], []
    for _ in range(40):
        changed_slots = set(rng.sample(range(len(problem.slots)), rng.randint(0, 3)))
        changed = replace(problem, slots=tuple(
            replace(s, open_places=max(0, s.open_places + rng.randint(-5, 5)),
                    quotas=s.quotas[: rng.randint(0, len(s.quotas))])
            if i in changed_slots else s for i, s in enumerate(problem.slots)
        ))  # fmt: skip
        if len(counted) % 4:
            seats = dict(plan.placed)
            for pid in rng.sample(sorted(seats), rng.randint(0, 6)):
                del seats[pid]
            for pid in rng.sample(people, rng.randint(0, 6)):
                slot = rng.choice(problem.slots)
                seats[pid] = (slot.id, rng.choice([None, *(u for u, _ in slot.quotas)]))
            result = Result("what-if", seats, {}, {}, {})
        else:  # as the page's what-if solves it
            ids = {problem.slots[i].id for i in changed_slots}
            result = resolve(changed, plan, Candidates(changed, changed.by_place), ids)

        region = region_of(problem, plan, changed, result)

        full = (len(violations(changed, result)), improving_swaps(changed, result))
        assert counts_within(changed, result, region) == full
        assert figures_of(changed, result, (problem, plan, figures)) == figures_of(changed, result)
        counted.append(full)
    assert sum(1 for v, s in counted if v) > 5 and sum(1 for v, s in counted if s) > 5
    assert any(v == s == 0 for v, s in counted)


def test_a_what_ifs_checks_are_not_counted_within_a_region_of_another_world():
    from dataclasses import replace

    from cheber.planner.optimizer.checks import region_of

    problem = _random_instance(2029)
    plan = solve_flow(problem)
    moved = replace(problem, slots=(replace(problem.slots[0], start=problem.slots[0].start + 1),
                                    *problem.slots[1:]))  # fmt: skip
    fewer = replace(problem, staff={**problem.staff, 1000: 1})

    assert region_of(problem, plan, moved, plan) is None
    assert region_of(problem, plan, fewer, plan) is None
    assert region_of(problem, plan, problem, plan).persons == frozenset()


def test_a_what_if_resolved_from_the_whole_plan_counts_again_only_where_seats_changed():
    # travel, nearest sessions and reasons taken from the plan but where the what-if changed
    # seats: the same result as counted anew for everyone, whatever the change of places
    from dataclasses import replace

    from cheber.planner.optimizer.common import Candidates
    from cheber.planner.optimizer.flow import resolve

    problem = _random_instance(2030)  # schools sparing one in ten: the limit binds often
    problem = replace(problem, settings=replace(problem.settings, release_share=0.1))
    candidates = Candidates(problem, problem.by_place)
    plan = solve_flow(problem, candidates=candidates)
    rng, moved, elsewhere = random.Random(11), 0, 0
    for _ in range(12):
        changes = {i: rng.randint(-8, 8) for i in rng.sample(range(len(problem.slots)), 3)}
        changed = replace(problem, slots=tuple(
            replace(s, open_places=max(0, s.open_places + changes[i]), quotas=s.quotas[1:])
            if i in changes else s for i, s in enumerate(problem.slots)
        ))  # fmt: skip
        ids = {problem.slots[i].id for i in changes}

        anew = resolve(changed, plan, candidates, ids)
        kept = resolve(changed, plan, candidates, ids, kept=True)

        assert (kept.placed, kept.km, kept.nearest_km) == (anew.placed, anew.km, anew.nearest_km)
        assert kept.reasons == anew.reasons
        # (the rows of the others are copied from the plan's as they are)
        for pid in {p.id for p in problem.persons} - kept.recounted:
            assert (anew.placed.get(pid), anew.km.get(pid), anew.reasons.get(pid)) == (
                plan.placed.get(pid), plan.km.get(pid), plan.reasons.get(pid))  # fmt: skip
        seats = {pid for pid in plan.placed.keys() | anew.placed.keys()
                 if plan.placed.get(pid) != anew.placed.get(pid)}  # fmt: skip
        moved += len(seats)
        keys = {problem.persons_by_id[pid].place for pid in seats}
        elsewhere += sum(1 for pid, why in anew.reasons.items()
                         if plan.reasons.get(pid) != why and problem.persons_by_id[pid].place
                         not in keys)  # fmt: skip
    # seats changed, and reasons changed for people of place keys none of whose seats did
    assert moved > 50 and elsewhere > 20


def test_a_course_a_what_if_adds_is_resolved_from_the_whole_plan_as_counted_anew():
    # a mobile course proposed (a session added after the plan's): the plan's travel, nearest
    # sessions and reasons kept but where the course reaches, the same as counted anew; the
    # checks counted within the region of the course alone find what they find everywhere
    from dataclasses import replace

    from cheber.planner.building import figures_of
    from cheber.planner.optimizer.checks import region_of
    from cheber.planner.optimizer.common import Candidates
    from cheber.planner.optimizer.flow import resolve

    problem = _random_instance(2031)
    problem = replace(problem, settings=replace(problem.settings, release_share=0.1))
    plan = solve_flow(problem, candidates=Candidates(problem, problem.by_place))
    rng, placed, nearer = random.Random(12), 0, 0
    for number in range(1, 9):
        like = rng.choice([s for s in problem.slots if not s.online])
        course = replace(like, id=-number, open_places=rng.randint(3, 15), quotas=(),
                         lat=like.lat + rng.uniform(-1, 1), lon=like.lon)  # fmt: skip
        changed = replace(problem, slots=(*problem.slots, course))
        candidates = Candidates(changed, changed.by_place)

        anew = resolve(changed, plan, candidates, {course.id})
        kept = resolve(changed, plan, candidates, {course.id}, kept=True)

        assert (kept.placed, kept.km, kept.reasons) == (anew.placed, anew.km, anew.reasons)
        assert kept.nearest_km == anew.nearest_km
        assert region_of(problem, plan, changed, kept).sessions >= {course.id}
        since = figures_of(changed, kept, (problem, plan, figures_of(problem, plan)))
        whole = figures_of(changed, kept)
        assert (since["violations"], since["improving_swaps"]) == (0, 0) == (
            whole["violations"], whole["improving_swaps"])  # fmt: skip
        assert since["placed"] == whole["placed"] and since["classes"] == whole["classes"]
        placed += sum(1 for seat in kept.placed.values() if seat[0] == course.id)
        nearer += sum(
            1 for pid, km in kept.nearest_km.items() if km < plan.nearest_km.get(pid, 1e9)
        )
    # the courses took people, and were nearer than any session before for some
    assert placed > 20 and nearer > 20
