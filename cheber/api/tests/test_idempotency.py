"""`Idempotency-Key` on creating POSTs: a retry replays the first answer and creates nothing
twice; the same key with another body is 422; while the first is running, 409."""

import datetime as dt

from django.utils import timezone

from cheber.api.idempotency import prune
from cheber.api.models import IdempotencyKey
from cheber.api.tests.conftest import bearer, token_for
from cheber.core.models import AuditEvent

LEAVE = {"kind": "illness", "start_date": "2026-01-10", "end_date": "2026-02-10"}


def _post(client, place, token, body, key="3f1c-leave"):
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"
    return client.post(url, body, content_type="application/json",
                       **bearer(token, HTTP_IDEMPOTENCY_KEY=key))  # fmt: skip


def test_a_retry_replays_the_answer_and_creates_nothing_twice(client, place):
    token = token_for(place.methodist)

    first = _post(client, place, token, LEAVE)
    retry = _post(client, place, token, LEAVE)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert place.educator.leaves.count() == 1
    assert AuditEvent.objects.filter(verb="record_leave").count() == 1


def test_the_same_key_with_another_body_is_422(client, place):
    token = token_for(place.methodist)
    _post(client, place, token, LEAVE)

    answer = _post(client, place, token, LEAVE | {"kind": "military"})

    assert answer.status_code == 422
    assert answer.json()["code"] == "idempotency_key_reused"
    assert place.educator.leaves.count() == 1


def test_a_retry_while_the_first_runs_is_409(client, place):
    token = token_for(place.methodist)
    _post(client, place, token, LEAVE)
    IdempotencyKey.objects.update(state=IdempotencyKey.State.IN_PROGRESS)

    answer = _post(client, place, token, LEAVE)

    assert answer.status_code == 409
    assert answer.json()["code"] == "idempotency_in_progress"


def test_an_error_is_replayed_too(client, place):
    token = token_for(place.methodist)
    bad = LEAVE | {"start_date": "2026-03-01"}

    first, retry = _post(client, place, token, bad), _post(client, place, token, bad)

    assert first.status_code == retry.status_code == 400
    assert retry.content == first.content


def test_keys_are_per_token(client, place):
    first = _post(client, place, token_for(place.methodist), LEAVE)
    other = _post(client, place, token_for(place.methodist), LEAVE)

    assert (first.status_code, other.status_code) == (201, 201)
    assert place.educator.leaves.count() == 2


def test_expired_keys_are_pruned(client, place):
    token = token_for(place.methodist)
    _post(client, place, token, LEAVE, key="old")
    _post(client, place, token, LEAVE | {"kind": "military"}, key="new")
    IdempotencyKey.objects.filter(key="old").update(expires_at=timezone.now() - dt.timedelta(1))

    assert prune() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
