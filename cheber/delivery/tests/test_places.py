"""Getting a place: nomination, application, quotas, waitlist and promotion, overlaps."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from cheber.core.access import Role
from cheber.delivery import actions
from cheber.delivery.models import Enrolment, EnrolmentEvent, Notification
from cheber.registry.privacy import mask_pin
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
State = Enrolment.State


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (Kyrgyz is the default language)."""
    with translation.override("en"):
        yield


def teacher_in(school, **fields):
    educator = EducatorFactory(**fields)
    employ(educator, school)
    return educator


def test_nomination_takes_a_quota_place_and_tells_the_educator(school, methodist):
    session = factories.session(budget=2, contract=0, quotas={KOCHKOR: 2})
    educator = teacher_in(school, email="aigul@example.kg")

    enrolment = actions.nominate_educator(actor=methodist, session=session, educator=educator)

    assert enrolment.state == State.ENROLLED
    assert enrolment.unit.soate == KOCHKOR
    assert enrolment.district_confirmed_at is not None
    assert list(enrolment.events.values_list("verb", "from_state", "to_state")) == [
        ("nomination", "", "enrolled")
    ]
    assert list(Notification.objects.values_list("kind", flat=True)) == ["nominated"]


def test_nomination_outside_the_cabinets_district_is_refused(methodist):
    at_bashy_school = OrganizationFactory(unit=unit(AT_BASHY))
    session = factories.session()
    educator = teacher_in(at_bashy_school)

    with pytest.raises(ValidationError) as error:
        actions.nominate_educator(actor=methodist, session=session, educator=educator)

    assert error.value.message_dict == {
        "educator": ["The educator does not work in your district."]
    }
    assert not Enrolment.objects.exists()


def test_quota_places_of_one_district_are_not_taken_by_another(school, methodist):
    session = factories.session(budget=3, contract=0, quotas={KOCHKOR: 2})
    other = user_with_role("atbashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    at_bashy_school = OrganizationFactory(unit=unit(AT_BASHY))
    first, second = teacher_in(at_bashy_school), teacher_in(at_bashy_school)

    states = [
        actions.nominate_educator(actor=other, session=session, educator=e).state
        for e in (first, second)
    ]

    assert states == [State.ENROLLED, State.WAITLISTED]


def test_unused_quota_opens_to_other_districts_on_the_release_date(school, methodist, time_machine):
    start = dt.date(2027, 3, 1)
    time_machine.move_to(dt.datetime(2027, 1, 10, 12))
    session = factories.session(
        start=start, budget=2, contract=0, quotas={KOCHKOR: 2},
        quota_release_date=dt.date(2027, 2, 1),
    )  # fmt: skip
    other = user_with_role("atbashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    outsider = teacher_in(OrganizationFactory(unit=unit(AT_BASHY)))
    waiting = actions.nominate_educator(actor=other, session=session, educator=outsider)
    time_machine.move_to(dt.datetime(2027, 2, 2, 12))

    late = teacher_in(OrganizationFactory(unit=unit(AT_BASHY)))
    enrolment = actions.nominate_educator(actor=other, session=session, educator=late)

    assert waiting.state == State.WAITLISTED
    assert enrolment.state == State.ENROLLED


def test_withdrawal_promotes_the_next_on_the_waitlist_and_tells_them(school, methodist):
    session = factories.session(budget=1, contract=0)
    first, second, third = (teacher_in(school) for _ in range(3))
    enrolments = [
        actions.nominate_educator(actor=methodist, session=session, educator=e)
        for e in (first, second, third)
    ]
    teacher = user_with_role("first", Role.TEACHER, educator=first)

    actions.withdraw_enrolment(actor=teacher, enrolment=enrolments[0], reason="ill")

    states = dict(Enrolment.objects.values_list("educator_id", "state"))
    assert states == {first.pk: "withdrawn", second.pk: "enrolled", third.pk: "waitlisted"}
    promoted = EnrolmentEvent.objects.get(enrolment=enrolments[1], verb="promote_from_waitlist")
    assert (promoted.from_state, promoted.to_state) == ("waitlisted", "enrolled")
    assert Notification.objects.filter(educator=second, kind="promoted").count() == 1


def test_an_educator_cannot_hold_overlapping_sessions(school):
    start = dt.date.today() + dt.timedelta(days=40)
    one = factories.session(start=start)
    overlapping = factories.session(start=start + dt.timedelta(days=5))
    educator = teacher_in(school)
    teacher = user_with_role("t", Role.TEACHER, educator=educator)
    actions.apply_for_place(actor=teacher, session=one, educator=educator, funding="budget")

    with pytest.raises(ValidationError) as error:
        actions.apply_for_place(
            actor=teacher, session=overlapping, educator=educator, funding="contract"
        )

    assert list(error.value.message_dict) == ["session"]
    assert "overlap" in error.value.message_dict["session"][0]
    assert Enrolment.objects.filter(educator=educator).count() == 1


def test_a_budget_application_waits_for_the_cabinet_and_a_contract_one_for_payment(
    school, methodist
):
    session = factories.session()
    budget_teacher, contract_teacher = teacher_in(school), teacher_in(school)
    users = [user_with_role(f"t{e.pk}", Role.TEACHER, educator=e)
             for e in (budget_teacher, contract_teacher)]  # fmt: skip

    budget = actions.apply_for_place(
        actor=users[0], session=session, educator=budget_teacher, funding="budget"
    )
    contract = actions.apply_for_place(
        actor=users[1], session=session, educator=contract_teacher, funding="contract"
    )

    assert budget.awaiting == [
        "confirmation by the methodical cabinet",
        "release from work by the principal",
        "acceptance by the provider",
    ]
    assert contract.awaiting[0] == "payment"
    actions.confirm_nomination(actor=methodist, enrolment=budget)
    budget.refresh_from_db()
    assert budget.awaiting[0] == "release from work by the principal"


def test_an_unpublished_session_takes_no_requests(school, methodist):
    session = factories.session(status="submitted")

    with pytest.raises(ValidationError) as error:
        actions.nominate_educator(actor=methodist, session=session, educator=teacher_in(school))

    assert error.value.message_dict == {"session": ["The session is not published yet."]}


def test_notification_email_is_sent_after_commit(
    school, methodist, django_capture_on_commit_callbacks
):
    session = factories.session()
    educator = teacher_in(school, email="aigul@example.kg")

    with django_capture_on_commit_callbacks(execute=True):
        actions.nominate_educator(actor=methodist, session=session, educator=educator)

    assert [m.to for m in mail.outbox] == [["aigul@example.kg"]]
    assert session.programme.title_ky in mail.outbox[0].body
    assert session.programme.title_ru in mail.outbox[0].body


def test_a_provider_sees_the_educators_who_asked_for_its_sessions_and_no_others(
    school, methodist, client
):
    session = factories.session()
    applicant, bystander = teacher_in(school), teacher_in(school)
    actions.nominate_educator(actor=methodist, session=session, educator=applicant)
    staff = user_with_role("nrn", Role.PROVIDER_STAFF, organization=factories.provider("NRN-MC"))
    other = user_with_role("osh", Role.PROVIDER_STAFF, organization=factories.provider("OSH-IE"))
    client.force_login(staff)

    seen = client.get(f"/registry/educators/{applicant.pk}/")
    hidden = client.get(f"/registry/educators/{bystander.pk}/")
    client.force_login(other)
    other_provider = client.get(f"/registry/educators/{applicant.pk}/")

    assert (seen.status_code, hidden.status_code, other_provider.status_code) == (200, 404, 404)
    assert applicant.surname in seen.content.decode()
    assert applicant.pin not in seen.content.decode()  # masked for a provider
    assert mask_pin(applicant.pin) in seen.content.decode()
