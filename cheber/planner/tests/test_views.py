"""The plan builder's pages: build, review with reasons, what-if, moves by hand, nominations;
scope (At-Bashy's people never shown to Kochkor's methodist), N+1 guards, bad input."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.delivery.models import Enrolment
from cheber.planner.actions import build_plan
from cheber.planner.models import Placement, PlanRun, Reason
from cheber.planner.tests.conftest import YEAR
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.django_db


def build(actor=SYSTEM, **kwargs) -> PlanRun:
    return build_plan(actor=actor, year=YEAR, **kwargs)


def where(run: PlanRun) -> dict:
    return {p.educator_id: (p.session_id, p.reason) for p in run.placements.all()}


def test_institute_builds_the_plan_from_the_page(client, english, institute, small):
    client.force_login(institute)

    response = client.post(reverse("planner:run_list"),
                           {"year": YEAR, "release_percent": 20, "max_km": 300})  # fmt: skip

    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planner:run_detail", args=[run.pk])
    assert run.created_by == institute
    assert run.figures["demand"] == 3
    assert run.figures["seats"] == 3
    assert run.figures["optimizer"]["placed"] == 3
    assert run.figures["optimizer"]["violations"] == 0
    assert run.figures["optimizer"]["gap"] == 0.0
    first, second = small.kochkor
    (outsider,) = small.at_bashy
    placed = where(run)
    # the school has two staff: only one may be away at once, the other studies online
    assert {placed[first.pk][0], placed[second.pk][0]} == {small.stationary.pk, small.online.pk}
    assert placed[outsider.pk] == (small.stationary.pk, "")
    quota = run.placements.get(session=small.stationary, unit=unit(KOCHKOR))
    assert quota.from_quota is True


def test_the_plan_page_sets_optimizer_against_greedy(client, english, institute, small):
    run = build()
    client.force_login(institute)

    response = client.get(reverse("planner:run_detail", args=[run.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Greedy (most overdue first, nearest seat)" in body
    assert "3 placed of 3" in body
    assert "Overdue by 16 whole years</th><td>1</td><td>1</td><td>1</td>" in body
    assert reverse("planner:district_detail", args=[run.pk, unit(AT_BASHY).pk]) in body
    assert "Turn the plan into nominations" in body


def test_each_placement_is_explained(client, english, institute, small):
    run = build()
    client.force_login(institute)

    response = client.get(reverse("planner:district_detail", args=[run.pk, unit(AT_BASHY).pk]))

    body = response.content.decode()
    assert "17 years since the last course" in body
    assert "session in Kyrgyz" in body
    assert " km" in body
    assert "Жумабаева" in body
    assert "Асанова" not in body


def test_a_past_year_is_a_field_error(client, english, institute, small):
    client.force_login(institute)

    response = client.post(reverse("planner:run_list"),
                           {"year": 2020, "release_percent": 20, "max_km": 300})  # fmt: skip

    assert response.status_code == 200
    assert "Plan a year from 2026 to 2031." in response.content.decode()
    assert not PlanRun.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"capacity_session": 999999, "capacity_places": 5}, "There is no session 999999 in 2027."),
        ({"quota_session": 1, "quota_places": 3},
         "Fill this in too, or leave the whole change empty."),
        ({"release_percent": 0}, "Ensure this value is greater than or equal to 1."),
        ({"max_km": "far"}, "Enter a whole number."),
    ],
)  # fmt: skip
def test_bad_what_if_input_is_a_field_error(client, english, institute, small, data, message):
    run = build()
    client.force_login(institute)

    response = client.post(reverse("planner:what_if", args=[run.pk]),
                           {"release_percent": 20, "max_km": 300, **data})  # fmt: skip

    assert response.status_code == 400
    assert message in response.content.decode()
    assert PlanRun.objects.count() == 1


def test_a_what_if_with_fewer_places_places_fewer(client, english, institute, small):
    run = build()
    client.force_login(institute)

    response = client.post(reverse("planner:what_if", args=[run.pk]), {
        "release_percent": 100, "max_km": 300,
        "capacity_session": small.stationary.pk, "capacity_places": 1,
    })  # fmt: skip

    new = PlanRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302
    assert new.parent == run
    assert new.changes == [{"kind": "capacity", "session": small.stationary.pk, "places": 1}]
    assert new.settings["release_share"] == 1.0
    # one place left, Kochkor's by its quota; the other two share the online place
    assert new.figures["optimizer"]["placed"] == 2
    assert new.placements.get(session=small.stationary).unit == unit(KOCHKOR)
    page = client.get(reverse("planner:run_detail", args=[new.pk]))
    assert "Plan it changed" in page.content.decode()


def test_a_what_if_with_the_plans_settings_is_solved_from_the_plan(
    client, english, institute, small
):
    run = build()
    change = {"kind": "capacity", "session": small.stationary.pk, "places": 1}
    full = build(changes=[change])  # the same what-if built anew: flow, repair, search
    client.force_login(institute)

    response = client.post(reverse("planner:what_if", args=[run.pk]), {
        "release_percent": 20, "max_km": 300,
        "capacity_session": small.stationary.pk, "capacity_places": 1,
    })  # fmt: skip

    new = PlanRun.objects.get(parent=run)
    assert response.status_code == 302
    assert new.figures["from_plan"] is True
    assert "greedy" not in new.figures and "bound" not in new.figures["optimizer"]
    assert where(new) == where(full)
    (outsider,) = small.at_bashy
    first, second = small.kochkor
    # the one place left is Kochkor's quota: At-Bashy's teacher (17 years) moves online, out of
    # the seat of Kochkor's less overdue one (11 years)
    assert where(new) == {first.pk: (small.stationary.pk, ""), outsider.pk: (small.online.pk, ""),
                          second.pk: (None, Reason.NO_SEAT)}  # fmt: skip
    assert new.figures["optimizer"]["placed"] == full.figures["optimizer"]["placed"] == 2
    assert new.figures["optimizer"]["improving_swaps"] == 0
    copied = ("educator_id", "organization_id", "unit_id", "priority", "status", "due_date",
              "last_training_date", "edited")  # fmt: skip
    assert sorted(new.placements.values_list(*copied)) == sorted(
        full.placements.values_list(*copied)
    )
    body = client.get(reverse("planner:run_detail", args=[new.pk])).content.decode()
    assert "Solved from the plan it changes" in body


@pytest.mark.parametrize("percent", [100, 20])  # other settings: built anew; the plan's: from it
def test_a_what_if_mobile_course_is_proposed_not_a_session(
    client, english, institute, small, percent
):
    run = build(settings={"max_km": 10})  # Naryn town is out of reach for both districts
    programme = small.stationary.programme
    client.force_login(institute)

    client.post(reverse("planner:what_if", args=[run.pk]), {
        "release_percent": percent, "max_km": 10, "mobile_programme": programme.pk,
        "mobile_district": unit(AT_BASHY).pk, "mobile_language": "ky", "mobile_places": 5,
        "mobile_start": f"{YEAR}-05-03",
    })  # fmt: skip

    new = PlanRun.objects.exclude(pk=run.pk).get()
    (outsider,) = small.at_bashy
    assert new.figures.get("from_plan", False) is (percent == 20)
    assert new.placements.get(educator=outsider).proposed == 1
    assert new.figures["optimizer"]["placed"] == run.figures["optimizer"]["placed"] + 1


def test_a_what_if_of_a_what_if_from_the_plan_drops_the_course_it_proposed(
    client, english, institute, small
):
    run = build(settings={"max_km": 10})
    mobile = {"kind": "mobile", "programme": small.stationary.programme.pk,
              "unit": unit(AT_BASHY).pk, "language": "ky", "places": 5,
              "start": f"{YEAR}-05-03"}  # fmt: skip
    with_course = build(settings={"max_km": 10}, changes=[mobile], parent=run)
    client.force_login(institute)

    # the same settings and no change: the year's sessions alone, from the plan with the course
    response = client.post(reverse("planner:what_if", args=[with_course.pk]),
                           {"release_percent": 20, "max_km": 10})  # fmt: skip

    new = PlanRun.objects.get(parent=with_course)
    (outsider,) = small.at_bashy
    assert response.status_code == 302
    assert with_course.figures["from_plan"] is True
    assert with_course.placements.get(educator=outsider).proposed == 1
    assert new.figures["from_plan"] is True
    assert where(new) == where(run)
    assert where(new)[outsider.pk] == (None, Reason.NO_SEAT)


def test_methodist_sees_only_their_district(client, english, methodist, small):
    run = build()
    client.force_login(methodist)

    detail = client.get(reverse("planner:run_detail", args=[run.pk]))
    own = client.get(reverse("planner:district_detail", args=[run.pk, unit(KOCHKOR).pk]))
    other = client.get(reverse("planner:district_detail", args=[run.pk, unit(AT_BASHY).pk]))
    sessions = client.get(reverse("planner:session_list", args=[run.pk]))
    placement = run.placements.get(unit=unit(AT_BASHY))
    edit = client.get(reverse("planner:placement_edit", args=[run.pk, placement.pk]))
    nominate = client.post(reverse("planner:nominate", args=[run.pk]))

    assert detail.status_code == 200
    assert unit(AT_BASHY).name_en not in detail.content.decode()
    assert "Optimizer and greedy baseline" not in detail.content.decode()
    assert "Асанова" in own.content.decode()
    assert other.status_code == 404
    assert sessions.status_code == 404
    assert edit.status_code == 403
    assert nominate.status_code == 403
    assert not Enrolment.objects.exists()


def test_a_teacher_finds_no_plan_builder(client, small):
    run = build()
    (teacher,) = small.at_bashy
    user = user_with_role("teacher.x", Role.TEACHER, educator=teacher)
    client.force_login(user)

    assert client.get(reverse("planner:run_list")).status_code == 404
    assert client.get(reverse("planner:run_detail", args=[run.pk])).status_code == 404


def test_moving_into_a_full_session_is_a_field_error(client, english, institute, small):
    run = build()
    first = small.kochkor[0]
    placement = run.placements.get(educator=first)
    target = small.online if placement.session == small.stationary else small.stationary
    client.force_login(institute)

    response = client.post(reverse("planner:placement_edit", args=[run.pk, placement.pk]),
                           {"session": target.pk})  # fmt: skip

    assert response.status_code == 400
    body = response.content.decode()
    assert ("The session has no free seat for this district." in body
            or "above its limit" in body)  # fmt: skip
    assert run.placements.get(educator=first).session == placement.session


def test_taking_out_and_putting_back_by_hand(client, english, institute, small):
    run = build()
    (outsider,) = small.at_bashy
    placement = run.placements.get(educator=outsider)
    client.force_login(institute)
    url = reverse("planner:placement_edit", args=[run.pk, placement.pk])

    removed = client.post(url, {"session": ""})
    after_removal = Placement.objects.get(pk=placement.pk)
    back = client.post(url, {"session": small.stationary.pk})

    assert removed.status_code == back.status_code == 302
    assert (after_removal.session, after_removal.reason) == (None, Reason.REMOVED)
    placement.refresh_from_db()
    assert (placement.session, placement.reason, placement.edited) == (small.stationary, "", True)
    assert placement.travel_km > 0


def test_a_plan_turns_into_nominations_in_one_step(client, english, institute, small):
    run = build()
    client.force_login(institute)

    response = client.post(reverse("planner:nominate", args=[run.pk]), follow=True)

    enrolments = Enrolment.objects.filter(session=small.stationary)
    assert enrolments.count() == 2
    assert set(enrolments.values_list("state", "origin", "funding")) == {
        ("enrolled", "nomination", "budget")}  # fmt: skip
    assert {e.educator_id for e in enrolments} == set(
        run.placements.filter(session=small.stationary).values_list("educator_id", flat=True)
    )
    run.refresh_from_db()
    assert run.status == PlanRun.Status.NOMINATED
    assert run.placements.exclude(enrolment=None).count() == 2
    assert "2 enrolled, 0 on waitlists; 1 wait for their plan-schedule" in response.content.decode()
    progress = client.get(reverse("planner:run_progress", args=[run.pk]))
    assert progress.content.decode().lstrip().startswith('<section id="nominations"')
    assert "Not nominated: 0 refused" in progress.content.decode()
    again = client.post(reverse("planner:nominate", args=[run.pk]), follow=True)
    assert "already turned into nominations" in again.content.decode()
    assert Enrolment.objects.count() == 2


def queries(client, url: str) -> int:
    client.get(url)  # the session's first request writes what later ones only read
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _runs(n: int) -> None:
    for _ in range(n):
        PlanRun.objects.create(year=YEAR, figures={"optimizer": {"placed": 1}, "demand": 2})


def test_run_list_queries_do_not_grow(client, institute, small, django_assert_num_queries):
    client.force_login(institute)
    _runs(1)
    with_one = queries(client, reverse("planner:run_list"))
    _runs(2)
    with django_assert_num_queries(with_one):
        client.get(reverse("planner:run_list"))


def _placements(run: PlanRun, n: int, session) -> None:
    school = run.placements.first().organization
    for educator in [EducatorFactory() for _ in range(n)]:
        Placement.objects.create(
            run=run, educator=educator, session=session, organization=school,
            unit=unit(KOCHKOR), language="ky", status="overdue", priority=5, travel_km=12.0,
            nearest_km=12.0,
        )  # fmt: skip


@pytest.mark.parametrize("name", ["district_detail", "session_detail"])
def test_placement_lists_queries_do_not_grow(client, institute, small, name,
                                             django_assert_num_queries):  # fmt: skip
    run = build()
    client.force_login(institute)
    args = [run.pk, unit(KOCHKOR).pk if name == "district_detail" else small.stationary.pk]
    url = reverse(f"planner:{name}", args=args)
    with_few = queries(client, url)
    _placements(run, 3, small.stationary)
    with django_assert_num_queries(with_few):
        client.get(url)


def test_session_list_queries_do_not_grow(client, institute, small, django_assert_num_queries):
    run = build()
    client.force_login(institute)
    url = reverse("planner:session_list", args=[run.pk])
    with_two = queries(client, url)
    for _ in range(2):
        factories.session(start=small.stationary.start_date, budget=3, contract=0)
    with django_assert_num_queries(with_two):
        response = client.get(url)
    assert response.content.decode().count(f"planner/{run.pk}/sessions/") >= 4


def test_suggestions_name_where_people_are_left(client, english, institute, small):
    run = build(settings={"max_km": 10})
    client.force_login(institute)

    response = client.get(reverse("planner:suggestions", args=[run.pk]))

    assert response.status_code == 200
    # only two people are left in Kochkor: fewer than a course needs
    assert "Nowhere are enough people left to fill a course." in response.content.decode()


def test_build_plan_command_prints_the_json_the_issue_names(small):
    out = StringIO()

    call_command("build_plan", "--year", str(YEAR), "--json", stdout=out)

    figures = json.loads(out.getvalue())
    keys = {"placed", "overdue_placed", "never_trained_placed", "travel_km", "violations",
            "improving_swaps", "seconds", "classes"}  # fmt: skip
    assert set(figures) == {"optimizer", "greedy"}
    assert set(figures["optimizer"]) == keys | {"bound", "gap"}
    assert set(figures["greedy"]) == keys
    assert figures["optimizer"]["placed"] == 3
    assert figures["optimizer"]["overdue_placed"] == 3
    assert figures["optimizer"]["violations"] == figures["greedy"]["violations"] == 0
    assert figures["optimizer"]["improving_swaps"] == 0
    assert figures["optimizer"]["classes"] == [
        {"class": "overdue_16y", "people": 1, "placed": 1, "bound": 1},
        {"class": "overdue_12y", "people": 1, "placed": 1, "bound": 1},
        {"class": "overdue_6y", "people": 1, "placed": 1, "bound": 1},
    ]
    assert 0 <= figures["optimizer"]["gap"] <= 1
    assert PlanRun.objects.count() == 1


def test_build_plan_command_refuses_a_bad_share(small):
    with pytest.raises(CommandError, match="--release-share must be above 0 and at most 1."):
        call_command("build_plan", "--year", str(YEAR), "--release-share", "1.5")


def test_methodist_may_not_rerun_and_sees_only_their_people_in_a_session(
    client, english, methodist, small
):
    run = build()
    client.force_login(methodist)

    what_if = client.post(reverse("planner:what_if", args=[run.pk]),
                          {"release_percent": 50, "max_km": 300})  # fmt: skip
    session = client.get(reverse("planner:session_detail", args=[run.pk, small.stationary.pk]))
    suggestions = client.get(reverse("planner:suggestions", args=[run.pk]))

    assert what_if.status_code == 403
    assert PlanRun.objects.count() == 1
    assert "Жумабаева" not in session.content.decode()
    assert unit(AT_BASHY).name_en not in suggestions.content.decode()


def test_a_teacher_cannot_poll_the_nominations(client, small):
    run = build()
    (teacher,) = small.at_bashy
    client.force_login(user_with_role("teacher.y", Role.TEACHER, educator=teacher))

    assert client.get(reverse("planner:run_progress", args=[run.pk])).status_code == 404
