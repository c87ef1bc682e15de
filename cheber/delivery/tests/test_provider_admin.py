"""The admin: enrolments and notifications are read, completion rules edited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cheber.accounts.models import User
from cheber.delivery.models import CompletionRule, Enrolment, EnrolmentEvent
from cheber.registry.tests.factories import EducatorFactory, OrganizationFactory, employ
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def enrolment():
    school = OrganizationFactory()
    educator = EducatorFactory()
    employ(educator, school)
    enrolment = Enrolment.objects.create(
        session=factories.session(), educator=educator, organization=school, unit=school.unit,
        funding="budget", origin="nomination", state="enrolled",
        district_confirmed_at=timezone.now(),
    )  # fmt: skip
    EnrolmentEvent.objects.create(enrolment=enrolment, verb="nomination", to_state="enrolled")
    return enrolment


def test_admin_shows_an_enrolment_with_its_steps_read_only(client, enrolment):
    client.force_login(User.objects.create_superuser("root", password="pw-root"))

    listing = client.get(reverse("admin:delivery_enrolment_changelist"))
    page = client.get(reverse("admin:delivery_enrolment_change", args=[enrolment.pk]))
    notifications = client.get(reverse("admin:delivery_notification_changelist"))

    assert listing.status_code == page.status_code == notifications.status_code == 200
    assert "nomination" in page.content.decode()
    assert page.context["has_change_permission"] is False
    assert client.get(reverse("admin:delivery_enrolment_add")).status_code == 403


def test_admin_adds_a_completion_rule(client):
    client.force_login(User.objects.create_superuser("root", password="pw-root"))

    response = client.post(
        reverse("admin:delivery_completionrule_add"),
        {"effective_from": "2028-09-01", "min_attendance_percent": "75",
         "requires_passed_assessment": "on", "note": "Order No. 1"},
    )  # fmt: skip

    assert response.status_code == 302
    rules = CompletionRule.objects.values_list("min_attendance_percent", flat=True)
    assert list(rules) == [75, 80]
