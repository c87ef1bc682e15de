"""A training record keeps its title in Kyrgyz and in Russian: written at completion from the
programme, filled for records completed before by the migration, shown in the reader's
language (the other one when it has none)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from cheber.catalog.models import Form
from cheber.core.access import Role
from cheber.core.actors import SYSTEM
from cheber.delivery.actions.running import complete_enrolment
from cheber.delivery.tests.test_provider_running import participant
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
MIGRATION = importlib.import_module("cheber.delivery.migrations.0006_training_titles_ru")


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC))


@pytest.fixture
def completed():
    """A learner who completed an online session (1 March – 30 April 2027) today."""
    online = factories.session(start=dt.date(2027, 3, 1), days=61, unit_soate=None,
                               form=Form.ONLINE)  # fmt: skip
    enrolment = participant(online)
    complete_enrolment(actor=SYSTEM, enrolment=enrolment)
    enrolment.refresh_from_db()
    return enrolment


def test_completion_writes_the_programmes_titles_in_both_languages(completed):
    programme = completed.session.programme

    record = completed.training_record

    assert (record.title, record.title_ru) == (programme.title_ky, programme.title_ru)


def test_the_migration_fills_the_russian_title_of_trainings_completed_in_a_session(completed):
    record = completed.training_record
    TrainingRecord.objects.filter(pk=record.pk).update(title_ru="")
    outside = TrainingRecord.objects.create(
        educator=completed.educator, title="Семинар", provider_name="USAID", hours=8,
        start_date=dt.date(2020, 3, 1), end_date=dt.date(2020, 3, 2), form="seminar",
    )  # fmt: skip

    MIGRATION.fill_titles(apps, None)

    record.refresh_from_db()
    outside.refresh_from_db()
    assert record.title_ru == completed.session.programme.title_ru
    assert outside.title_ru == ""


@pytest.mark.parametrize(
    ("language", "programme_title"), [("ru", "title_ru"), ("ky", "title_ky"), ("en", "title_ky")]
)
def test_the_history_shows_each_title_in_the_readers_language_else_the_other(
    client, completed, language, programme_title
):
    TrainingRecord.objects.create(
        educator=completed.educator, title="Семинар", provider_name="USAID", hours=8,
        start_date=dt.date(2020, 3, 1), end_date=dt.date(2020, 3, 2), form="seminar",
    )  # fmt: skip
    client.force_login(user_with_role("m", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR)))
    client.cookies["cheber_language"] = language

    page = client.get(reverse("registry:educator_detail", args=[completed.educator.pk]))

    expected = [getattr(completed.session.programme, programme_title), "Семинар"]
    assert [t.shown_title for t in page.context["trainings"]] == expected
    assert all(f"<td>{title} <span" in page.text for title in expected)
