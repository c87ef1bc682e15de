"""The steps after a request through the pages: withdrawing, the cabinet's and the principal's
confirmations, releasing a quota, the teacher's courses and notifications."""

import datetime as dt

import pytest
from django.urls import reverse

from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.delivery import actions
from cheber.delivery.models import Enrolment, Notification
from cheber.delivery.tests.test_views import messages_of, query_count, teacher_in, user_of
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    unit,
    user_with_role,
)
from cheber.schedule.models import DistrictQuota
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference", "today", "english")


def applied(educator, session, funding="budget"):
    return actions.apply_for_place(
        actor=user_of(educator), session=session, educator=educator, funding=funding
    )


# Withdrawing and the waitlist ----------------------------------------------------------------


def test_withdrawal_promotes_the_next_who_sees_a_notification(client, school, methodist):
    session = factories.session(budget=1, contract=0)
    first, second = teacher_in(school), teacher_in(school)
    leaving = actions.nominate_educator(actor=methodist, session=session, educator=first)
    actions.nominate_educator(actor=methodist, session=session, educator=second)
    client.force_login(user_of(first))

    response = client.post(
        reverse("delivery:withdraw", args=[leaving.pk]),
        {"reason": "ill", "next": reverse("delivery:my_courses")},
        follow=True,
    )
    client.force_login(user_of(second))
    courses = client.get(reverse("delivery:my_courses"))
    notifications = client.get(reverse("delivery:notifications"))

    assert messages_of(response) == ["The request is withdrawn."]
    assert [e.pk for e in response.context["courses"].history] == [leaving.pk]
    assert "Notifications (3)" in courses.text  # nominated, waitlisted, promoted
    title = session.programme.title_en
    texts = [text for _n, text in notifications.context["items"]]
    assert texts[0] == (
        f"A place has become free: you are now enrolled in “{title}”, 22.12.2026–02.01.2027."
    )
    assert Notification.objects.filter(educator=second, read_at=None).count() == 0
    assert "Notifications (" not in client.get(reverse("delivery:my_courses")).text


def test_teacher_cannot_withdraw_a_colleagues_request(client, school):
    session = factories.session()
    colleague = applied(teacher_in(school), session)
    client.force_login(user_of(teacher_in(school)))

    response = client.post(reverse("delivery:withdraw", args=[colleague.pk]), {"reason": ""})

    assert response.status_code == 404
    assert Enrolment.objects.get().state == "enrolled"


def test_reject_needs_a_reason(client, school, methodist):
    enrolment = applied(teacher_in(school), factories.session())
    client.force_login(methodist)

    response = client.post(reverse("delivery:reject", args=[enrolment.pk]), {"reason": " "})

    assert response.context["reject_form"].errors == {"reason": ["This field is required."]}
    assert Enrolment.objects.get().state == "enrolled"


# The request page ---------------------------------------------------------------------------


def test_enrolment_detail_shows_the_steps_to_those_in_scope(client, school, other_school):
    enrolment = applied(teacher_in(school), factories.session())
    owner = enrolment.educator
    outsider = user_with_role("atbashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    client.force_login(user_of(owner))

    mine = client.get(reverse("delivery:enrolment_detail", args=[enrolment.pk]))
    client.force_login(outsider)
    theirs = client.get(reverse("delivery:enrolment_detail", args=[enrolment.pk]))

    events = mine.context["events"]
    assert [(str(e.label), str(e.from_label), str(e.to_label)) for e in events] == [
        ("applied", "—", "enrolled")
    ]
    assert mine.context["can"] == {
        "withdraw": True, "confirm": False, "release": False, "reject": False,
    }  # fmt: skip
    assert theirs.status_code == 404


# The principal ------------------------------------------------------------------------------


def test_principal_confirms_release_only_for_their_own_school(client, school, other_school):
    session = factories.session()
    ours = applied(teacher_in(school), session)
    theirs = applied(teacher_in(other_school), session)
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    client.force_login(principal)

    response = client.post(
        reverse("delivery:confirm_release", args=[ours.pk]),
        {"next": reverse("delivery:staff_away")},
    )
    refused = client.post(reverse("delivery:confirm_release", args=[theirs.pk]))

    assert response.status_code == 302
    assert response.url == reverse("delivery:staff_away")
    assert refused.status_code == 404
    released = dict(Enrolment.objects.values_list("pk", "release_confirmed_at"))
    assert released[ours.pk] is not None
    assert released[theirs.pk] is None


def test_staff_away_shows_the_weeks_and_what_awaits_release(client, school, other_school):
    soon = factories.session(start=dt.date(2026, 12, 1), days=10)  # weeks 2 and 3
    away = applied(teacher_in(school, surname="Асанова"), soon)
    applied(teacher_in(other_school), soon)
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    client.force_login(principal)

    response = client.get(reverse("delivery:staff_away"))

    context = response.context
    assert context["weeks"][0] == dt.date(2026, 11, 16)
    assert len(context["weeks"]) == 8
    [row] = context["table"]
    assert row["educator"] == away.educator
    assert [len(cell) for cell in row["cells"]] == [0, 0, 1, 1, 0, 0, 0, 0]
    assert [e.pk for e in context["awaiting"]] == [away.pk]


def test_only_a_principal_opens_staff_away(client, methodist):
    client.force_login(methodist)

    assert client.get(reverse("delivery:staff_away")).status_code == 403


# The methodical cabinet -------------------------------------------------------------------


def test_cabinet_confirms_a_budget_self_application(client, school, methodist, other_school):
    session = factories.session(quotas={KOCHKOR: 2})
    ours = applied(teacher_in(school), session)
    applied(teacher_in(other_school), session)
    applied(teacher_in(school), session, funding="contract")
    client.force_login(methodist)

    page = client.get(reverse("delivery:cabinet"))
    response = client.post(
        reverse("delivery:confirm", args=[ours.pk]), {"next": reverse("delivery:cabinet")}
    )

    assert [e.pk for e in page.context["awaiting"]] == [ours.pk]
    [row] = page.context["rows"]
    # the contract request of the same district uses no quota place
    assert (row.unit.soate, row.quota.places, row.used, row.waiting) == (KOCHKOR, 2, 1, 0)
    assert response.url == reverse("delivery:cabinet")
    ours.refresh_from_db()
    assert ours.district_confirmed_at is not None
    assert ours.awaiting[0] == "release from work by the principal"


def test_cabinet_cannot_confirm_another_districts_request(client, methodist, other_school):
    theirs = applied(teacher_in(other_school), factories.session())
    client.force_login(methodist)

    response = client.post(reverse("delivery:confirm", args=[theirs.pk]))

    assert response.status_code == 404
    assert Enrolment.objects.get().district_confirmed_at is None


def test_releasing_a_quota_promotes_the_waitlist(client, school, methodist, other_school):
    session = factories.session(budget=1, contract=0, quotas={KOCHKOR: 1})
    quota = DistrictQuota.objects.get(session=session)
    waiting = applied(teacher_in(other_school), session)
    client.force_login(methodist)

    response = client.post(reverse("delivery:release_quota", args=[quota.pk]), follow=True)

    assert messages_of(response) == ["The unused places of Kochkor District are released."]
    quota.refresh_from_db()
    waiting.refresh_from_db()
    assert quota.released_at is not None
    assert (waiting.state, response.context["rows"][0].can_release) == ("enrolled", False)


def test_a_quota_is_not_released_once_its_session_has_begun(client, methodist, time_machine):
    session = factories.session(start=dt.date(2026, 12, 1), quotas={KOCHKOR: 2})
    quota = session.quotas.get()
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
    client.force_login(methodist)

    response = client.post(reverse("delivery:release_quota", args=[quota.pk]), follow=True)

    assert messages_of(response) == ["The session has already begun."]
    quota.refresh_from_db()
    assert quota.released_at is None
    assert not AuditEvent.objects.filter(verb="release_quota").exists()


def test_a_methodist_cannot_release_another_districts_quota(client, methodist):
    session = factories.session(quotas={AT_BASHY: 2})
    quota = session.quotas.get()
    client.force_login(methodist)

    response = client.post(reverse("delivery:release_quota", args=[quota.pk]))

    assert response.status_code == 404
    quota.refresh_from_db()
    assert quota.released_at is None


def test_cabinet_is_free_of_n_plus_1(client, school, methodist, django_assert_num_queries):
    applied(teacher_in(school), factories.session(quotas={KOCHKOR: 2}))
    client.force_login(methodist)
    one = query_count(client, reverse("delivery:cabinet"))
    for _n in range(2):
        applied(teacher_in(school), factories.session(quotas={KOCHKOR: 1}))

    with django_assert_num_queries(one):
        response = client.get(reverse("delivery:cabinet"))

    assert (len(response.context["rows"]), len(response.context["awaiting"])) == (3, 3)


# The teacher's courses ------------------------------------------------------------------------


def test_my_courses_is_free_of_n_plus_1(client, school, django_assert_num_queries):
    educator = teacher_in(school)
    client.force_login(user_of(educator))
    applied(educator, factories.session(start=dt.date(2026, 12, 1)))
    one = query_count(client, reverse("delivery:my_courses"))
    applied(educator, factories.session(start=dt.date(2027, 1, 10)))
    applied(educator, factories.session(start=dt.date(2027, 2, 10)))

    with django_assert_num_queries(one):
        response = client.get(reverse("delivery:my_courses"))

    assert len(response.context["courses"].upcoming) == 3


def test_my_courses_and_notifications_are_for_teachers(client, methodist):
    client.force_login(methodist)

    statuses = [
        client.get(reverse(name)).status_code
        for name in ("delivery:my_courses", "delivery:notifications")
    ]

    assert statuses == [403, 403]


def test_navigation_offers_each_role_its_course_pages(client, school):
    users = {
        "teacher": user_of(teacher_in(school)),
        "methodist": user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)),
        "principal": user_with_role("p", Role.PRINCIPAL, organization=school),
        "provider": user_with_role("s", Role.PROVIDER_STAFF, organization=factories.provider()),
        "ministry": user_with_role("n", Role.MINISTRY),
    }
    labels = {}

    for role, user in users.items():
        client.force_login(user)
        items = client.get(reverse("core:home")).context["nav_items"]
        labels[role] = [str(item.label) for item in items][1:4]

    assert labels == {
        "teacher": ["Courses", "My courses", "My status"],
        "methodist": ["Courses", "Cabinet", "Compliance"],
        "principal": ["Courses", "Staff on courses", "Compliance"],
        "provider": ["Courses", "My sessions", "Programmes"],
        "ministry": ["Courses", "Programmes", "Plan-schedules"],
    }


# Where a step goes back to -------------------------------------------------------------------


@pytest.mark.parametrize(
    "next_value",
    ["x", "delivery:my_courses", "//evil.example/x", "https://evil.example/", "/\\evil.example",
     "javascript:alert(1)", "/a\r\nLocation: https://evil.example/", ""],
)  # fmt: skip
def test_a_step_with_a_next_that_is_not_a_path_of_the_site_goes_back_to_the_request(
    client, school, next_value
):
    enrolment = applied(teacher_in(school), factories.session())
    client.force_login(user_of(enrolment.educator))

    response = client.post(
        reverse("delivery:withdraw", args=[enrolment.pk]), {"reason": "", "next": next_value}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("delivery:enrolment_detail", args=[enrolment.pk])
    assert Enrolment.objects.get().state == "withdrawn"


def test_a_step_goes_back_to_the_page_of_the_site_it_names(client, school, methodist):
    enrolment = applied(teacher_in(school), factories.session())
    client.force_login(methodist)

    response = client.post(
        reverse("delivery:confirm", args=[enrolment.pk]),
        {"next": reverse("delivery:cabinet") + "?year=2026"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("delivery:cabinet") + "?year=2026"
