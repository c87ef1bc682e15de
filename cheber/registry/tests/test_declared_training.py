"""A training an educator declares themself: the district cabinet's queue, verifying and
rejecting it (the educator is told), the scan it comes with, and who may touch it.

Kochkor's methodist verifies the declarations of Kochkor's educators; At-Bashy's methodist
(another district of Naryn) gets 404 on them; staff of the provider a declaration names may
verify it too; nobody verifies their own."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.actions import record_training, reject_training, verify_training
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
from cheber.schedule.tests.factories import provider as make_provider

BISHKEK_TZ = dt.timezone(dt.timedelta(hours=6))
QUEUE = reverse("registry:training_queue")
pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture(autouse=True)
def setting(settings, tmp_path, time_machine, client):
    """22 November 2026; scans in a folder of the test's own; pages in English."""
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=BISHKEK_TZ))
    client.cookies["cheber_language"] = "en"


@pytest.fixture
def school():
    return OrganizationFactory(unit=unit(KOCHKOR))


@pytest.fixture
def educator(school):
    person = EducatorFactory(surname="Өмүрбекова", email="omurbekova@example.kg")
    employ(person, school)
    return person


@pytest.fixture
def teacher(educator):
    user = user_with_role("omurbekova", Role.TEACHER, educator=educator)
    user.email = "j.omurbekova@mail.kg"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def methodist():
    return user_with_role("kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))


@pytest.fixture
def other_methodist():
    return user_with_role("at-bashy", Role.DISTRICT_METHODIST, unit=unit(AT_BASHY))


def declare(educator, by, *, provider=None, ended=dt.date(2026, 10, 16), **fields):
    """What the teacher's external certificate writes: a pending record with its scan."""
    from django.core.files.base import ContentFile

    values = {
        "educator": educator, "provider": provider,
        "provider_name": "" if provider else "Алатоо ЖЧК", "title": "Заманбап сабак",
        "hours": 72, "start_date": ended - dt.timedelta(days=11), "end_date": ended,
        "form": "stationary", "source": "external", "verification": "pending",
        "recorded_by": by,
    }  # fmt: skip
    training = TrainingRecord(**(values | fields))
    training.document.save("scan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    training.save()
    return training


@pytest.fixture
def declared(educator, teacher):
    return declare(educator, teacher)


def fresh(training) -> TrainingRecord:
    return TrainingRecord.objects.get(pk=training.pk)


# The queue -----------------------------------------------------------------------------------


def test_the_methodist_sees_the_declarations_of_their_district_oldest_first(
    client, methodist, declared, time_machine
):
    time_machine.shift(dt.timedelta(hours=1))
    later = declare(EducatorFactory(), None)
    employ(later.educator, OrganizationFactory(unit=unit(KOCHKOR)))
    at_bashy = declare(EducatorFactory(surname="Жашыруунова"), None)
    employ(at_bashy.educator, OrganizationFactory(unit=unit(AT_BASHY)))
    decided = declare(declared.educator, None, title="Мурунку курс")
    verify_training(actor=methodist, training=decided)
    client.force_login(methodist)

    response = client.get(QUEUE)

    assert [t.pk for t in response.context["page"]] == [declared.pk, later.pk]
    page = response.content.decode()
    assert "Жашыруунова" not in page and "Мурунку курс" not in page
    assert reverse("registry:declared_training", args=[declared.pk]) in page


def test_the_queue_takes_the_same_queries_for_1_and_3(client, methodist, declared):
    client.force_login(methodist)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for _ in range(2):
        employ(declare(EducatorFactory(), None).educator, OrganizationFactory(unit=unit(KOCHKOR)))

    with CaptureQueriesContext(connection) as three:
        response = client.get(QUEUE)

    assert len(response.context["page"]) == 3
    assert len(three) == len(one)


def test_the_queue_is_in_the_menu_and_counted_on_the_home_page(client, methodist, declared):
    client.force_login(methodist)

    page = client.get(reverse("core:home")).content.decode()

    assert f'href="{QUEUE}"' in page
    assert "1 training declared by an educator waits for your verification." in page


@pytest.mark.parametrize("role", ["teacher", "principal", "oblast"])
def test_who_verifies_nothing_has_no_queue(client, teacher, school, role):
    users = {
        "teacher": teacher,
        "principal": user_with_role("principal", Role.PRINCIPAL, organization=school),
        "oblast": user_with_role("naryn", Role.OBLAST_COORDINATOR, unit=unit("41704000000000")),
    }
    client.force_login(users[role])

    assert client.get(QUEUE).status_code == 404


# Verifying -----------------------------------------------------------------------------------


def test_the_methodist_verifies_and_the_teacher_is_told(
    client, methodist, declared, django_capture_on_commit_callbacks
):
    client.force_login(methodist)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:verify_training", args=[declared.pk]))

    assert response["Location"] == QUEUE
    training = fresh(declared)
    assert (training.verification, training.reviewed_by) == ("verified", methodist)
    assert training.reviewed_at is not None
    event = AuditEvent.objects.get(verb="verify_training")
    assert (event.actor, event.object_id) == (methodist, str(declared.pk))
    [message] = mail.outbox
    assert message.to == ["j.omurbekova@mail.kg", "omurbekova@example.kg"]
    assert message.body.count("Заманбап сабак") == 2  # in Kyrgyz and in Russian


def test_the_provider_named_verifies_it_and_another_provider_may_not(client, educator, teacher):
    ours, theirs = make_provider("OSH-IE"), make_provider("NRN-MC")
    training = declare(educator, teacher, provider=ours)
    their_staff = user_with_role("naryn.staff", Role.PROVIDER_STAFF, organization=theirs)
    our_staff = user_with_role("osh.staff", Role.PROVIDER_STAFF, organization=ours)

    with pytest.raises(PermissionDenied):
        verify_training(actor=their_staff, training=training)
    verify_training(actor=our_staff, training=training)

    assert fresh(training).verification == "verified"


def test_nobody_verifies_their_own_declaration(educator, school, methodist):
    # a methodist who also teaches in the district, and a provider's staff who entered it
    educator_and_methodist = user_with_role("teaching.methodist", Role.TEACHER, educator=educator)
    educator_and_methodist.role_assignments.create(role=Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    own = declare(educator, educator_and_methodist)
    provider = make_provider("OSH-IE")
    staff = user_with_role("osh.staff", Role.PROVIDER_STAFF, organization=provider)
    entered = declare(educator, staff, provider=provider)

    with pytest.raises(PermissionDenied):
        verify_training(actor=educator_and_methodist, training=own)
    with pytest.raises(PermissionDenied):
        verify_training(actor=staff, training=entered)
    verify_training(actor=methodist, training=entered)

    assert (fresh(own).verification, fresh(entered).verification) == ("pending", "verified")


@pytest.mark.usefixtures("in_english")
def test_a_decision_is_taken_once(methodist, declared):
    verify_training(actor=methodist, training=declared)

    with pytest.raises(ValidationError) as error:
        reject_training(actor=methodist, training=declared, reason="Ката")

    assert error.value.messages == ["This training has already been verified or rejected."]
    assert fresh(declared).verification == "verified"


# Rejecting -----------------------------------------------------------------------------------


def test_rejection_tells_the_teacher_why(
    client, methodist, declared, teacher, django_capture_on_commit_callbacks
):
    client.force_login(methodist)
    url = reverse("registry:reject_training", args=[declared.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Күбөлүктө саат көрсөтүлгөн эмес."})

    assert response["Location"] == QUEUE
    training = fresh(declared)
    assert (training.verification, training.review_note) == (
        "rejected", "Күбөлүктө саат көрсөтүлгөн эмес."
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["j.omurbekova@mail.kg", "omurbekova@example.kg"]
    assert message.body.count("Күбөлүктө саат көрсөтүлгөн эмес.") == 2  # in Kyrgyz and Russian
    event = AuditEvent.objects.get(verb="reject_training")
    assert event.data["reason"] == "Күбөлүктө саат көрсөтүлгөн эмес."
    client.force_login(teacher)
    page = client.get(reverse("registry:educator_detail", args=[declared.educator_id]))
    assert "self-declared: rejected" in page.content.decode()
    assert "Күбөлүктө саат көрсөтүлгөн эмес." in page.content.decode()


def test_rejection_without_a_reason_names_the_field_and_changes_nothing(
    client, methodist, declared
):
    client.force_login(methodist)

    response = client.post(reverse("registry:reject_training", args=[declared.pk]), {"reason": " "})

    assert response.status_code == 200
    assert response.context["reject_form"].errors == {"reason": ["This field is required."]}
    assert fresh(declared).verification == "pending"
    assert not mail.outbox and not AuditEvent.objects.filter(verb="reject_training").exists()


# Out of scope --------------------------------------------------------------------------------


def test_a_methodist_of_another_district_gets_404(client, other_methodist, declared):
    client.force_login(other_methodist)
    pk = declared.pk

    answers = [
        client.get(reverse("registry:declared_training", args=[pk])).status_code,
        client.post(reverse("registry:verify_training", args=[pk])).status_code,
        client.post(reverse("registry:reject_training", args=[pk]), {"reason": "x"}).status_code,
        client.get(reverse("registry:training_document", args=[pk])).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert fresh(declared).verification == "pending"
    assert [t.pk for t in client.get(QUEUE).context["page"]] == []
    with pytest.raises(PermissionDenied):
        verify_training(actor=other_methodist, training=declared)


# The scan ------------------------------------------------------------------------------------


def test_the_scan_downloads_for_the_teacher_and_the_methodist_only(
    client, teacher, methodist, other_methodist, declared
):
    url = reverse("registry:training_document", args=[declared.pk])
    answers = {}
    for name, user in (("teacher", teacher), ("methodist", methodist),
                       ("other", other_methodist)):  # fmt: skip
        client.force_login(user)
        answers[name] = client.get(url)

    assert {name: answer.status_code for name, answer in answers.items()} == {
        "teacher": 200, "methodist": 200, "other": 404,
    }  # fmt: skip
    download = answers["methodist"]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="training-{declared.pk}.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# The keepers' own path -----------------------------------------------------------------------


@pytest.mark.usefixtures("in_english")
def test_a_keeper_records_others_training_as_it_is_but_not_their_own(educator, school):
    principal = user_with_role("principal", Role.PRINCIPAL, organization=school)
    principal.role_assignments.create(role=Role.TEACHER, educator=educator)
    colleague = EducatorFactory()
    employ(colleague, school)

    def training(person) -> TrainingRecord:
        return TrainingRecord(
            educator=person, provider_name="Алатоо ЖЧК", title="Курс", hours=72,
            start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 12), form="stationary",
        )  # fmt: skip

    recorded = record_training(actor=principal, training=training(colleague))
    with pytest.raises(ValidationError) as error:
        record_training(actor=principal, training=training(educator))

    assert recorded.verification == "not_needed"
    assert "Your own training is recorded under My certificates" in error.value.messages[0]
    assert not TrainingRecord.objects.filter(educator=educator).exists()


@pytest.fixture
def in_english():
    """The messages in English, for the tests that assert them (the default is Kyrgyz)."""
    with translation.override("en"):
        yield
