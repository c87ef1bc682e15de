"""The provider's pages: its sessions, the roster and its steps, the Excel roster."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cheber.core.access import Role
from cheber.core.models import PersonalDataAccess
from cheber.delivery.models import Enrolment, EnrolmentEvent
from cheber.registry.privacy import mask_pin
from cheber.registry.tests.factories import (
    KOCHKOR,
    OSH_CITY,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State = Enrolment.State


def enrol(session, *, funding="budget", state=State.ENROLLED, confirmed=True, accepted=False,
          position=None, surname="Асанова"):  # fmt: skip
    """A request in the given state, its confirmations given (or not)."""
    school = OrganizationFactory(unit=unit(KOCHKOR))
    educator = EducatorFactory(surname=surname)
    employ(educator, school)
    now = timezone.now()
    return Enrolment.objects.create(
        session=session, educator=educator, organization=school, unit=school.unit,
        funding=funding, origin=Enrolment.Origin.APPLICATION, state=state,
        waitlist_position=position if state == State.WAITLISTED else None,
        district_confirmed_at=now if confirmed and funding == "budget" else None,
        payment_recorded_at=now if confirmed and funding == "contract" else None,
        payment_reference="ПП-1" if confirmed and funding == "contract" else "",
        release_confirmed_at=now if confirmed else None,
        accepted_at=now if accepted else None,
    )  # fmt: skip


@pytest.fixture
def march_2027(time_machine):
    """Wednesday 10 March 2027 (moved to before logging in, so the login is still valid)."""
    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC))
    return dt.date(2027, 3, 10)


@pytest.fixture
def staff(client):
    user = user_with_role("nrn", Role.PROVIDER_STAFF, organization=factories.provider("NRN-MC"))
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    return user


@pytest.fixture
def ours():
    return factories.session(budget=3, contract=2)


@pytest.fixture
def theirs():
    osh = factories.provider("OSH-IE")
    return factories.session(provider_org=osh, unit_soate=OSH_CITY)


# The provider's sessions -----------------------------------------------------------------


def test_provider_lists_only_its_own_sessions_with_their_figures(client, staff, ours, theirs):
    enrol(ours, accepted=True)
    enrol(ours)
    enrol(ours, state=State.WAITLISTED, position=1)

    response = client.get(reverse("delivery:provider_sessions"))

    [session] = response.context["page"]
    assert session.pk == ours.pk
    assert (session.taken, session.left, session.waiting, session.awaiting) == (2, 3, 1, 1)
    assert session.phase_label == "Upcoming"
    assert reverse("delivery:roster", args=[ours.pk]) in response.content.decode()


def test_provider_sessions_are_grouped_by_phase_and_filtered_by_month(march_2027, client, staff):
    ended = factories.session(start=dt.date(2027, 2, 1), days=5)
    running_now = factories.session(start=dt.date(2027, 3, 8))
    later = factories.session(start=dt.date(2027, 4, 5))
    done = factories.session(start=dt.date(2027, 1, 11), days=5)
    enrol(done, state=State.COMPLETED, accepted=True)

    everything = client.get(reverse("delivery:provider_sessions"))
    march = client.get(reverse("delivery:provider_sessions"), {"year": 2027, "month": 3})

    phases = [(s.pk, s.phase_label) for s in everything.context["page"]]
    assert phases == [
        (later.pk, "Upcoming"), (running_now.pk, "In progress"),
        (ended.pk, "Ended, not completed yet"), (done.pk, "Completed"),
    ]  # fmt: skip
    assert [s.pk for s in march.context["page"]] == [running_now.pk]


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_provider_sessions_take_the_same_queries_for_1_and_3_sessions(
    client, staff, django_assert_num_queries
):
    def add_session():
        session = factories.session()
        enrol(session, accepted=True)
        enrol(session, state=State.WAITLISTED, position=1)

    url = reverse("delivery:provider_sessions")
    add_session()
    one = queries_of(client, url)
    add_session()
    add_session()

    with django_assert_num_queries(one):
        response = client.get(url)

    assert one <= 6  # login session, user, roles, navigation, count, the page of sessions
    assert len(response.context["page"]) == 3


def test_other_roles_have_no_provider_pages(client, ours):
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))

    response = client.get(reverse("delivery:provider_sessions"))

    assert response.status_code == 404
    assert client.get(reverse("delivery:roster", args=[ours.pk])).status_code == 404


def test_the_ministry_reads_the_roster_without_buttons_and_may_not_decline(client, ours):
    enrolled = enrol(ours, surname="Эсенова")
    client.force_login(user_with_role("n", Role.MINISTRY))

    page = client.get(reverse("delivery:roster", args=[ours.pk]))
    declined = client.post(
        reverse("delivery:roster", args=[ours.pk]), {"enrolment": enrolled.pk, "reason": "x"}
    )

    assert page.status_code == 200 and page.context["can_act"] is False
    assert "Эсенова" in page.content.decode()
    assert declined.status_code == 404
    enrolled.refresh_from_db()
    assert enrolled.state == State.ENROLLED


# The roster ------------------------------------------------------------------------------


def test_roster_lists_enrolled_then_waitlist_in_order_then_the_rest(client, staff, ours):
    rejected = enrol(ours, state=State.REJECTED, surname="Абдыкеева")
    second = enrol(ours, state=State.WAITLISTED, position=2, surname="Бекова")
    first = enrol(ours, state=State.WAITLISTED, position=1, surname="Жумабаева")
    enrolled = enrol(ours, surname="Эсенова")

    response = client.get(reverse("delivery:roster", args=[ours.pk]))

    assert [e.pk for e in response.context["enrolments"]] == [
        enrolled.pk, first.pk, second.pk, rejected.pk,
    ]  # fmt: skip
    assert enrolled.organization.name_en in response.content.decode()


def test_provider_cannot_open_another_providers_roster_or_steps(client, staff, theirs):
    foreign = enrol(theirs)

    pages = [
        client.get(reverse("delivery:roster", args=[theirs.pk])),
        client.get(reverse("delivery:roster_export", args=[theirs.pk])),
        client.post(reverse("delivery:accept", args=[foreign.pk])),
        client.post(reverse("delivery:record_payment", args=[foreign.pk]), {"reference": "1"}),
        client.get(reverse("delivery:attendance", args=[theirs.pk])),
        client.get(reverse("delivery:results", args=[theirs.pk])),
        client.post(reverse("delivery:complete", args=[theirs.pk])),
    ]

    assert [page.status_code for page in pages] == [404] * 7
    foreign.refresh_from_db()
    assert foreign.accepted_at is None


def test_roster_takes_the_same_queries_for_1_and_3_participants(
    client, staff, ours, django_assert_num_queries
):
    url = reverse("delivery:roster", args=[ours.pk])
    enrol(ours, funding="contract")
    enrol(ours, state=State.WAITLISTED, position=1)
    one = queries_of(client, url)
    enrol(ours, funding="budget", accepted=True)
    enrol(ours, funding="contract", confirmed=False)
    enrol(ours, state=State.WAITLISTED, position=2)

    with django_assert_num_queries(one):
        response = client.get(url)

    assert one <= 6  # login session, user, roles, navigation, the session, the roster
    assert len(response.context["enrolments"]) == 5


def test_accepting_a_confirmed_participant(client, staff, ours):
    enrolment = enrol(ours)

    response = client.post(reverse("delivery:accept", args=[enrolment.pk]))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.accepted_at is not None
    assert enrolment.events.get().verb == "accept_enrolment"


def test_accepting_before_the_confirmations_names_what_is_missing(client, staff, ours):
    enrolment = enrol(ours, funding="contract", confirmed=False)

    response = client.post(reverse("delivery:accept", args=[enrolment.pk]))

    assert response.status_code == 200
    assert response.context["action_form"].non_field_errors() == [
        "Still awaiting: payment, release from work by the principal."
    ]
    assert "Still awaiting: payment, release from work by the principal." in (
        response.content.decode()
    )
    enrolment.refresh_from_db()
    assert enrolment.accepted_at is None


def test_recording_a_payment_for_a_contract_place(client, staff, ours):
    enrolment = enrol(ours, funding="contract", confirmed=False)

    response = client.post(
        reverse("delivery:record_payment", args=[enrolment.pk]), {"reference": " ПП-2027/15 "}
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.payment_reference == "ПП-2027/15"
    assert enrolment.payment_recorded_at is not None


def test_a_payment_without_the_document_number_is_refused(client, staff, ours):
    enrolment = enrol(ours, funding="contract", confirmed=False)

    response = client.post(reverse("delivery:record_payment", args=[enrolment.pk]), {})

    assert response.context["action_form"].errors == {"reference": ["This field is required."]}
    assert "Payment document number: This field is required." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.payment_recorded_at is None


def test_a_budget_place_takes_no_payment(client, staff, ours):
    enrolment = enrol(ours, funding="budget")

    response = client.post(
        reverse("delivery:record_payment", args=[enrolment.pk]), {"reference": "1"}
    )

    assert response.context["action_form"].non_field_errors() == ["A budget place is not paid for."]


def test_declining_a_request_needs_a_reason_and_promotes_the_waitlist(client, staff, ours):
    taken = [enrol(ours) for _ in range(3)]
    waiting = enrol(ours, state=State.WAITLISTED, position=1)
    url = reverse("delivery:roster", args=[ours.pk])

    refused = client.post(url, {"enrolment": taken[0].pk, "reason": ""})
    declined = client.post(url, {"enrolment": taken[0].pk, "reason": "not a teacher"})

    assert refused.context["action_form"].errors == {"reason": ["This field is required."]}
    assert declined.status_code == 302
    states = dict(Enrolment.objects.values_list("pk", "state"))
    assert (states[taken[0].pk], states[waiting.pk]) == (State.REJECTED, State.ENROLLED)
    event = EnrolmentEvent.objects.get(enrolment=taken[0])
    assert (event.verb, event.note) == ("reject_enrolment", "not a teacher")


def test_declining_another_sessions_request_through_this_roster_is_404(client, staff, ours, theirs):
    foreign = enrol(theirs)

    response = client.post(
        reverse("delivery:roster", args=[ours.pk]), {"enrolment": foreign.pk, "reason": "x"}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == State.ENROLLED


def test_roster_export_has_the_rosters_rows_with_masked_pins(client, staff, ours):
    enrolled = enrol(ours, funding="contract", surname="Эсенова")
    waiting = enrol(ours, state=State.WAITLISTED, position=1, surname="Бекова")

    response = client.get(reverse("delivery:roster_export", args=[ours.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Name", "PIN")
    assert [row[:3] for row in rows[1:]] == [
        (1, enrolled.educator.full_name, mask_pin(enrolled.educator.pin)),
        (2, waiting.educator.full_name, mask_pin(waiting.educator.pin)),
    ]
    [access] = PersonalDataAccess.objects.all()
    assert (access.user, access.kind, access.what, access.rows, access.filters) == (
        staff,
        "export",
        "delivery:roster_export",
        2,
        {"session": ours.pk},
    )
    assert rows[1][5:8] == ("contract place", "enrolled", None)
    assert rows[2][6:8] == ("waitlisted", 1)
    assert rows[1][9] == "ПП-1"


def test_the_national_institute_opens_any_providers_roster(client, theirs):
    enrolment = enrol(theirs)
    client.force_login(user_with_role("ripk", Role.NATIONAL_INSTITUTE))

    response = client.get(reverse("delivery:roster", args=[theirs.pk]))

    assert [e.pk for e in response.context["enrolments"]] == [enrolment.pk]
    # it looks, but only the provider's staff act: no buttons that would answer 403
    assert response.context["can_act"] is False
    assert reverse("delivery:accept", args=[enrolment.pk]) not in response.content.decode()


def test_the_providers_staff_see_the_buttons_to_act(client, staff, ours):
    enrolment = enrol(ours)

    response = client.get(reverse("delivery:roster", args=[ours.pk]))

    assert response.context["can_act"] is True
    assert reverse("delivery:accept", args=[enrolment.pk]) in response.content.decode()
