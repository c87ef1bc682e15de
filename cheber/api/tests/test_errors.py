"""Errors are JSON with a stable code, a message in the language asked for (Accept-Language),
and the fields they concern; bad input is never a server error."""

import pytest

from cheber.api.tests.conftest import bearer, token_for


@pytest.mark.parametrize(
    ("language", "required"),
    [("ky", "Бул талаа керектүү."), ("ru", "Обязательное поле."),
     ("en", "This field is required.")],
)  # fmt: skip
def test_a_missing_field_is_named_in_the_language_asked_for(client, place, language, required):
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"
    headers = bearer(token_for(place.methodist), HTTP_ACCEPT_LANGUAGE=language)

    answer = client.post(url, {"kind": "illness", "end_date": "2026-02-10"},
                         content_type="application/json", **headers)  # fmt: skip

    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert answer.json()["fields"] == {"start_date": [required]}
    assert answer["Content-Language"] == language
    assert "Accept-Language" in answer["Vary"]


def test_a_rule_of_the_action_answers_400_naming_its_field(client, place):
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"
    headers = bearer(token_for(place.methodist), HTTP_ACCEPT_LANGUAGE="en")

    answer = client.post(url, {"kind": "illness", "start_date": "2026-03-10",
                               "end_date": "2026-02-10"},
                         content_type="application/json", **headers)  # fmt: skip

    assert answer.status_code == 400
    assert answer.json()["code"] == "rejected"
    assert answer.json()["fields"] == {
        "end_date": ["The end date cannot be before the start date."]
    }


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [(b"{", 400, "invalid_json"), (b"\x00", 400, "invalid_json"),
     (b"[]", 422, "invalid_input"), (b'{"kind": 5}', 422, "invalid_input"),
     (b'{"kind": "illness", "start_date": "31.12.2026"}', 422, "invalid_input")],
)  # fmt: skip
def test_malformed_bodies_are_field_errors(client, place, body, status, code):
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"

    answer = client.post(url, body, content_type="application/json",
                         **bearer(token_for(place.methodist)))  # fmt: skip

    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert answer.json()["fields"]


def test_without_a_token_the_answer_is_401_in_json(client, place):
    answer = client.get("/api/v1/registry/educators", HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("language", "said"),
    [("ru", "Адрес содержит"), ("en", "The address holds a character no field takes.")],
)  # fmt: skip
def test_an_address_with_a_nul_is_refused_in_json_in_the_language_asked_for(
    client, place, language, said
):
    headers = bearer(token_for(place.methodist), HTTP_ACCEPT_LANGUAGE=language)

    answer = client.get("/api/v1/registry/educators?search=a%00b", **headers)

    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    assert answer.json()["code"] == "bad_request"
    assert answer.json()["message"].startswith(said)


def test_a_body_over_the_limit_is_refused_in_json_before_it_is_read(client, place, settings):
    settings.CHEBER_UPLOAD_LIMITS = {**settings.CHEBER_UPLOAD_LIMITS, "default": 2**20}
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20
    url = f"/api/v1/registry/educators/{place.educator.pk}/leaves"
    headers = bearer(token_for(place.methodist), HTTP_ACCEPT_LANGUAGE="en")

    answer = client.post(url, b"{" + b" " * 2**21 + b"}", content_type="application/json",
                         **headers)  # fmt: skip

    assert (answer.status_code, answer["Content-Type"]) == (413, "application/json")
    assert answer.json()["code"] == "too_large"
    assert answer.json()["message"].startswith(
        "What you sent is larger than this form accepts: at most 1 MB. Nothing was saved."
    )
    assert answer["Connection"] == "close"
