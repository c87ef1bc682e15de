"""What anyone may read without a token: the catalogue's approved programmes and the
published sessions with their free places, and the verification of a certificate (limited
per address); drafts stay hidden."""

from cheber.schedule.tests import factories


def test_the_catalogue_is_public_and_shows_free_places_but_no_drafts(client, place):
    provider_org = factories.provider("NRN-MC")
    published = factories.session(provider_org=provider_org, budget=20, contract=5)
    draft = factories.programme(provider_org, status="draft")

    sessions = client.get("/api/v1/courses/sessions").json()["items"]
    programmes = client.get("/api/v1/courses/programmes").json()["items"]
    hidden = client.get(f"/api/v1/courses/programmes/{draft.pk}")

    assert [(s["id"], s["free_places"]) for s in sessions] == [(published.pk, 25)]
    assert draft.pk not in [p["id"] for p in programmes]
    assert hidden.status_code == 404


def test_verification_is_limited_per_address_with_retry_after(client, place, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 2
    query = {"number": "NRN-2026-000001", "token": "x" * 20}

    answers = [client.get("/api/v1/certificates/verify", query) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].json()["status"] == "not_found"
    assert answers[2].json()["code"] == "rate_limited"
    assert answers[2]["Retry-After"] == "600"


def test_the_documentation_is_served_without_a_cdn(client, place):
    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in page.content
    assert b"cdn" not in page.content.lower()
