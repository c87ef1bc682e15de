"""A keeper corrects a training entered from outside (`correct_training`, the page
`registry:training_edit`); trainings completed in Cheber, declared ones and one's own are
not theirs to correct."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from cheber.accounts.models import RoleAssignment
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry import actions
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import (
    AT_BASHY,
    KOCHKOR,
    EducatorFactory,
    OrganizationFactory,
    employ,
    unit,
    user_with_role,
)

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def school():
    return OrganizationFactory(unit=unit(KOCHKOR))


@pytest.fixture
def educator(school):
    educator = EducatorFactory(surname="Асанова")
    employ(educator, school)
    return educator


@pytest.fixture
def methodist():
    return user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


def entered(educator, **values) -> TrainingRecord:
    """A training a keeper entered from outside (unless `values` say otherwise)."""
    fields = {"educator": educator, "provider_name": "Сорос-Кыргызстан", "title": "Курс",
              "hours": 72, "start_date": dt.date(2024, 3, 1), "end_date": dt.date(2024, 3, 10),
              "form": "stationary", "source": "external"}  # fmt: skip
    return TrainingRecord.objects.create(**{**fields, **values})


def with_hours(training: TrainingRecord, hours: int) -> TrainingRecord:
    changed = TrainingRecord.objects.get(pk=training.pk)
    changed.hours = hours
    return changed


FORM = {"title": "Курс", "provider_name": "Сорос-Кыргызстан", "hours": "36",
        "start_date": "2024-03-01", "end_date": "2024-03-10", "form": "stationary"}  # fmt: skip


# The action ---------------------------------------------------------------------------------


def test_a_keeper_corrects_the_hours_and_the_audit_names_the_change(educator, methodist):
    training = entered(educator)

    actions.correct_training(actor=methodist, training=with_hours(training, 36))

    stored = TrainingRecord.objects.get(pk=training.pk)
    event = AuditEvent.objects.get(verb="correct_training")
    assert (stored.hours, stored.source, stored.verification) == (36, "external", "not_needed")
    assert stored.corrected_at is not None
    assert (event.actor, event.data["changed"]) == (methodist, {"hours": [72, 36]})
    assert event.data["educator"] == educator.pk


def test_the_correction_is_validated_as_the_entry_is(educator, methodist):
    training = entered(educator)
    changed = with_hours(training, 72)
    changed.end_date = dt.date(2024, 2, 1)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        actions.correct_training(actor=methodist, training=changed)

    with translation.override("en"):  # (the model's messages are lazy)
        errors = refused.value.message_dict
    assert errors == {"end_date": ["The end date cannot be before the start date."]}
    assert TrainingRecord.objects.get(pk=training.pk).end_date == dt.date(2024, 3, 10)
    assert not AuditEvent.objects.filter(verb="correct_training").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"source": "cheber"}, "A training completed in Cheber is as its certificate says; "
                               "it cannot be corrected here."),
        ({"verification": "pending", "document": "registry/declared/scan.pdf"},
         "A training the educator declared is checked through its verification; it cannot be "
         "corrected here."),
    ],
)  # fmt: skip
def test_trainings_from_cheber_or_declared_are_not_corrected(educator, methodist, values, message):
    training = entered(educator, **values)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        actions.correct_training(actor=methodist, training=with_hours(training, 36))

    assert refused.value.messages == [message]
    assert TrainingRecord.objects.get(pk=training.pk).hours == 72
    assert not AuditEvent.objects.filter(verb="correct_training").exists()


def test_a_keeper_does_not_correct_their_own_training(educator, school):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    RoleAssignment.objects.create(user=principal, role=Role.TEACHER, educator=educator)
    training = entered(educator)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        actions.correct_training(actor=principal, training=with_hours(training, 36))

    assert refused.value.messages == [
        "Your own training is corrected by another keeper of the registry."
    ]
    assert TrainingRecord.objects.get(pk=training.pk).hours == 72


def test_the_educator_and_keepers_elsewhere_are_refused(educator):
    training = entered(educator)
    teacher = user_with_role("teacher", Role.TEACHER, educator=educator)
    elsewhere = user_with_role("at-bashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))
    ministry = user_with_role("ministry", Role.MINISTRY)

    for actor in (teacher, elsewhere, ministry):
        with pytest.raises(PermissionDenied):
            actions.correct_training(actor=actor, training=with_hours(training, 36))

    assert TrainingRecord.objects.get(pk=training.pk).hours == 72


# The pages ----------------------------------------------------------------------------------


def test_a_keeper_corrects_a_training_on_its_page(client, educator, methodist):
    training = entered(educator)
    client.force_login(methodist)
    url = reverse("registry:training_edit", args=[training.pk])

    shown = client.get(url)
    answer = client.post(url, FORM)

    assert shown.context["form"].initial["hours"] == 72
    assert answer.url == reverse("registry:educator_detail", args=[educator.pk])
    assert TrainingRecord.objects.get(pk=training.pk).hours == 36


def test_the_educators_page_offers_the_correction_to_keepers_only(client, educator, methodist):
    ours = entered(educator)
    from_cheber = entered(educator, source="cheber", title="Cheber курс")
    teacher = user_with_role("teacher", Role.TEACHER, educator=educator)
    page = reverse("registry:educator_detail", args=[educator.pk])

    client.force_login(methodist)
    keeper_sees = client.get(page).content.decode()
    client.force_login(teacher)
    teacher_sees = client.get(page).content.decode()

    assert reverse("registry:training_edit", args=[ours.pk]) in keeper_sees
    assert reverse("registry:training_edit", args=[from_cheber.pk]) not in keeper_sees
    assert reverse("registry:training_edit", args=[ours.pk]) not in teacher_sees


def test_a_training_not_to_be_corrected_or_out_of_scope_is_404(client, educator, methodist):
    from_cheber = entered(educator, source="cheber")
    outsider = EducatorFactory()
    employ(outsider, OrganizationFactory(unit=unit(AT_BASHY)))
    theirs = entered(outsider)
    client.force_login(methodist)

    answers = [
        client.post(reverse("registry:training_edit", args=[t.pk]), FORM).status_code
        for t in (from_cheber, theirs)
    ]

    assert answers == [404, 404]
    assert list(TrainingRecord.objects.values_list("hours", flat=True)) == [72, 72]


def test_ones_own_training_shows_the_refusal_on_the_form(client, educator, school):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    RoleAssignment.objects.create(user=principal, role=Role.TEACHER, educator=educator)
    training = entered(educator)
    client.force_login(principal)
    client.cookies["cheber_language"] = "en"

    url = reverse("registry:training_edit", args=[training.pk])
    answer = client.post(url, FORM)

    assert answer.status_code == 200
    assert answer.context["form"].non_field_errors() == [
        "Your own training is corrected by another keeper of the registry."
    ]
    assert TrainingRecord.objects.get(pk=training.pk).hours == 72


def test_the_admin_only_reads_trainings_their_actions_write(client, educator):
    """No way around the action: an edit in the admin would change the record without an
    audit event and without judging the educator's status again."""
    from cheber.accounts.models import User

    training = entered(educator)
    client.force_login(User.objects.create_superuser("root", password="pw-root"))
    change = reverse("admin:registry_trainingrecord_change", args=[training.pk])

    page = client.get(change)
    posted = client.post(change, {"hours": 8, "title": "Кыска"})
    added = client.get(reverse("admin:registry_trainingrecord_add"))
    deleted = client.post(
        reverse("admin:registry_trainingrecord_delete", args=[training.pk]), {"post": "yes"}
    )
    educator_page = client.get(reverse("admin:registry_educator_change", args=[educator.pk]))

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert (posted.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert TrainingRecord.objects.get(pk=training.pk).hours == 72
    assert 'name="training_records-0-hours"' not in educator_page.content.decode()
    assert "Курс" in educator_page.content.decode()
