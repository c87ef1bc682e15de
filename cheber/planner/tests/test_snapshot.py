"""A plan's snapshot (`planner.snapshot`): a what-if reads the same plan from it as from the
plan's rows (people, seats, travel, reasons, proposed courses); a change by hand drops it, and
rows gone with a deleted session make the what-if read the rows again."""

import pytest
from django.urls import reverse

from cheber.compliance.tests.conftest import make_educator
from cheber.core.actors import SYSTEM
from cheber.planner import snapshot
from cheber.planner.actions import build_plan
from cheber.planner.models import PlanRun, PlanSnapshot
from cheber.planner.rerun import _plan_of
from cheber.planner.tests.conftest import YEAR
from cheber.registry.tests.factories import AT_BASHY, unit

pytestmark = pytest.mark.django_db


def read(run: PlanRun) -> tuple:
    """The plan as a what-if reads it: people, seats, rows, schools of proposed courses."""
    persons, start, stored, gone, _, unedited = _plan_of(run)
    return persons, start.placed, stored, gone, unedited


def read_from_rows(run: PlanRun) -> tuple:
    snapshot.drop(run.pk)
    return read(run)


def mobile_course(small) -> dict:
    return {"kind": "mobile", "programme": small.stationary.programme.pk,
            "unit": unit(AT_BASHY).pk, "language": "ky", "places": 5,
            "start": f"{YEAR}-05-03"}  # fmt: skip


def test_a_plan_and_its_what_if_are_read_from_their_snapshots_as_from_their_rows(small):
    never = make_educator(small.kochkor_school, surname="Осмонова")  # never trained
    run = build_plan(actor=SYSTEM, year=YEAR, settings={"max_km": 10})
    what_if = build_plan(actor=SYSTEM, year=YEAR, settings={"max_km": 10}, parent=run,
                         changes=[mobile_course(small)])  # fmt: skip

    for plan in (run, what_if):
        from_snapshot = read(plan)
        assert from_snapshot[-1] is True  # (known unedited)
        assert from_snapshot[:-1] == read_from_rows(plan)[:-1]
    persons, placed, stored, gone, _ = read(what_if)
    (outsider,) = small.at_bashy
    # what the what-if changed is in its snapshot: the course it proposed, no travel to it
    assert stored[outsider.pk][:2] == (None, 1)
    assert gone == {outsider.employments.get().organization_id}
    assert len(persons) == what_if.placements.count() == 4
    assert what_if.placements.get(educator=never).status == "never_trained"
    assert {p.id: p.priority for p in persons} == dict(
        what_if.placements.values_list("educator_id", "priority")
    )


def test_a_change_by_hand_drops_the_snapshot(client, institute, small):
    run = build_plan(actor=SYSTEM, year=YEAR)
    (outsider,) = small.at_bashy
    placement = run.placements.get(educator=outsider)
    client.force_login(institute)

    client.post(reverse("planner:placement_edit", args=[run.pk, placement.pk]), {"session": ""})

    assert not PlanSnapshot.objects.filter(run=run).exists()
    persons, placed, stored, gone, unedited = read(run)
    assert unedited is False
    assert outsider.pk not in placed and stored[outsider.pk][-1] == "removed"


def test_rows_gone_with_their_session_are_not_read_from_the_snapshot(small):
    run = build_plan(actor=SYSTEM, year=YEAR)
    in_online = run.placements.filter(session=small.online).count()
    assert in_online == 1

    small.online.delete()  # its placements go with it (the plan's rows are the record)

    assert snapshot.load(run) is None
    persons, *_ = read(run)
    assert len(persons) == run.placements.count() == 2
    what_if = build_plan(actor=SYSTEM, year=YEAR, parent=run)
    assert what_if.figures["demand"] == what_if.placements.count() == 2


@pytest.mark.parametrize("data", [b"not a snapshot", b""])
def test_a_snapshot_that_cannot_be_read_leaves_the_rows_to_read(small, data):
    run = build_plan(actor=SYSTEM, year=YEAR)
    rows = read_from_rows(run)
    PlanSnapshot.objects.create(run=run, columns=data)

    assert snapshot.load(run) is None
    assert read(run) == rows
    what_if = build_plan(actor=SYSTEM, year=YEAR, parent=run)
    assert what_if.figures["from_plan"] is True and snapshot.load(what_if) is not None
