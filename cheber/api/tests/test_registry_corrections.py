"""PATCH /api/v1/registry/educators/{id}/trainings/{training_id}: the page's correction of a
training (`registry.actions.correct_training`), with the same refusals, as JSON."""

import datetime as dt

from cheber.accounts.models import RoleAssignment
from cheber.api.tests.conftest import bearer, token_for
from cheber.core.access import Role
from cheber.core.models import AuditEvent
from cheber.registry.models import TrainingRecord
from cheber.registry.tests.factories import EducatorFactory, employ


def entered(educator, **values) -> TrainingRecord:
    fields = {"educator": educator, "provider_name": "Сорос-Кыргызстан", "title": "Курс",
              "hours": 72, "start_date": dt.date(2024, 3, 1), "end_date": dt.date(2024, 3, 10),
              "form": "stationary", "source": "external"}  # fmt: skip
    return TrainingRecord.objects.create(**{**fields, **values})


def patch(client, user, training, data, *, educator=None, read_only=False):
    educator_id = educator.pk if educator else training.educator_id
    url = f"/api/v1/registry/educators/{educator_id}/trainings/{training.pk}"
    headers = bearer(token_for(user, read_only=read_only), HTTP_ACCEPT_LANGUAGE="en")
    return client.patch(url, data, content_type="application/json", **headers)


def hours_of(training) -> int:
    return TrainingRecord.objects.get(pk=training.pk).hours


def test_a_keeper_corrects_the_hours_and_gets_the_record(client, place):
    training = entered(place.educator)

    answer = patch(client, place.methodist, training, {"hours": 36})

    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in ("id", "hours", "title", "end_date", "source")} == {
        "id": training.pk, "hours": 36, "title": "Курс", "end_date": "2024-03-10",
        "source": "external",
    }  # fmt: skip
    assert hours_of(training) == 36
    assert AuditEvent.objects.get(verb="correct_training").data["changed"] == {"hours": [72, 36]}


def test_bad_values_are_named_by_field(client, place):
    training = entered(place.educator)

    answers = [
        patch(client, place.methodist, training, {"end_date": "2024-02-01"}),
        patch(client, place.methodist, training, {"hours": "many"}),
        patch(client, place.methodist, training, {"title": None}),
    ]

    assert [a.status_code for a in answers] == [422, 422, 422]
    assert answers[0].json()["fields"] == {
        "end_date": ["The end date cannot be before the start date."]
    }
    assert answers[1].json()["fields"] == {"hours": ["Enter a whole number."]}
    assert answers[2].json()["fields"] == {"title": ["This field is required."]}
    assert hours_of(training) == 72


def test_ones_own_training_is_refused_with_the_pages_message(client, place):
    principal_teaches = EducatorFactory()
    employ(principal_teaches, place.school)
    RoleAssignment.objects.create(
        user=place.principal, role=Role.TEACHER, educator=principal_teaches
    )
    training = entered(principal_teaches)

    answer = patch(client, place.principal, training, {"hours": 36})

    assert answer.status_code == 400
    assert answer.json() == {
        "code": "rejected",
        "message": "Your own training is corrected by another keeper of the registry.",
        "fields": {
            "__all__": ["Your own training is corrected by another keeper of the registry."]
        },
    }
    assert hours_of(training) == 72


def test_trainings_not_to_correct_elsewhere_or_under_another_educator_are_404(client, place):
    from_cheber = entered(place.educator, source="cheber")
    declared = entered(place.educator, verification="pending",
                       document="registry/declared/scan.pdf")  # fmt: skip
    theirs = entered(place.their_educator)
    ours = entered(place.educator)

    answers = [
        patch(client, place.methodist, from_cheber, {"hours": 36}),
        patch(client, place.methodist, declared, {"hours": 36}),
        patch(client, place.methodist, theirs, {"hours": 36}),
        patch(client, place.institute, ours, {"hours": 36}, educator=place.their_educator),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert set(TrainingRecord.objects.values_list("hours", flat=True)) == {72}


def test_readers_and_read_only_tokens_are_refused(client, place):
    training = entered(place.educator)

    answers = [
        patch(client, place.teacher, training, {"hours": 36}),
        patch(client, place.ministry, training, {"hours": 36}),
        patch(client, place.methodist, training, {"hours": 36}, read_only=True),
    ]

    assert [(a.status_code, a.json()["code"]) for a in answers] == [
        (403, "forbidden"), (403, "forbidden"), (403, "read_only_token"),
    ]  # fmt: skip
    assert hours_of(training) == 72
    assert not AuditEvent.objects.filter(verb="correct_training").exists()
