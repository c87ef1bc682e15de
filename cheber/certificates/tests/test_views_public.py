"""The public verification page (no log-in) and the published keys."""

import os
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from cheber.certificates.actions import reissue_certificate, revoke_certificate
from cheber.certificates.tests.conftest import FULL_NAME, PROGRAMME_KY, PROGRAMME_RU
from conftest import fits_the_screen

URL = reverse("certificates:verify")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The count lives in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(client, english, today):
    def get(**params):
        return client.get(URL, params)

    return get


def qr_params(certificate, **changes) -> dict:
    params = {
        "n": certificate.number, "t": certificate.token, "s": certificate.signature,
        "k": certificate.signing_key.key_id,
    }  # fmt: skip
    return params | changes


def text_of(response) -> str:
    return response.content.decode()


def test_valid_certificate_shows_the_data_as_issued_and_is_not_stored(page, certificate):
    response = page(n=certificate.number, t=certificate.token)

    body = text_of(response)
    assert response.status_code == 200
    assert response.context["verdict"].status == "valid"
    assert ">Valid</h2>" in body
    for shown in (certificate.number, FULL_NAME, PROGRAMME_KY, PROGRAMME_RU, "01.10.2026",
                  "12.10.2026", "22.11.2026", certificate.provider_name_ky):  # fmt: skip
        assert shown in body
    assert "<dd>72</dd>" in body
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_valid_certificate_shows_no_pin_and_no_workplace(page, certificate):
    educator = certificate.educator
    workplace = educator.employments.get().organization

    body = text_of(page(**qr_params(certificate)))

    assert ">Valid</h2>" in body
    assert educator.pin not in body
    for name in (workplace.name_ky, workplace.name_ru, workplace.name_en):
        assert name not in body


def test_the_qr_link_verifies_with_its_signature(page, certificate):
    response = page(**qr_params(certificate))

    assert response.context["verdict"].status == "valid"


def test_a_qr_with_an_edited_signature_is_invalid_and_shows_no_data(page, certificate):
    signature = certificate.signature
    edited = ("A" if signature[0] != "A" else "B") + signature[1:]

    response = page(**qr_params(certificate, s=edited))

    body = text_of(response)
    assert response.context["verdict"].status == "invalid"
    assert ">Not valid</h2>" in body
    assert "altered or forged" in body
    assert FULL_NAME not in body


def test_a_damaged_qr_link_asks_to_scan_again(page, certificate):
    response = page(**qr_params(certificate, s="not a signature!"))

    assert response.context["verdict"] is None
    assert "The link is damaged: scan the QR code again" in text_of(response)


def test_a_new_check_does_not_carry_the_qr_signature(page, certificate):
    html = text_of(page(**qr_params(certificate)))

    assert 'name="s"' not in html
    assert 'name="k"' not in html
    assert f'value="{certificate.number}"' in html


def test_a_qr_with_another_key_id_is_invalid(page, certificate):
    response = page(**qr_params(certificate, k="0123456789abcdef"))

    assert response.context["verdict"].status == "invalid"


def test_revoked_certificate_shows_revoked_with_date_reason_and_replacement(
    page, certificate, provider_user
):
    new = reissue_certificate(
        actor=provider_user, certificate=certificate, reason="Фамилия жазылышы ката",
        full_name="Өмүрбекова Жаңыл Сагынбаевна-кызы",
    )  # fmt: skip

    response = page(n=certificate.number, t=certificate.token)

    body = text_of(response)
    assert response.context["verdict"].status == "revoked"
    assert ">Revoked</h2>" in body
    assert "This certificate was revoked on 22.11.2026." in body
    assert "Фамилия жазылышы ката" in body
    assert f"It was replaced by certificate {new.number}." in body
    assert FULL_NAME in body  # the data as it was issued


def test_revoked_without_replacement_names_no_replacement(page, certificate, provider_user):
    revoke_certificate(actor=provider_user, certificate=certificate, reason="Курс бүткөн эмес")

    body = text_of(page(n=certificate.number, t=certificate.token))

    assert "Курс бүткөн эмес" in body
    assert "replaced by" not in body


def test_wrong_token_says_not_found_and_nothing_else(page, certificate):
    response = page(n=certificate.number, t="x" * 43)

    body = text_of(response)
    assert response.context["verdict"].status == "not_found"
    assert ">Not found</h2>" in body
    for hidden in (FULL_NAME, PROGRAMME_KY, "revoked", "altered"):
        assert hidden not in body
    # the hours, as a number of their own in what the page shows (a random CSRF token or
    # script nonce in an attribute may hold the digits 72)
    assert not re.search(r"\b72\b", re.sub(r"<[^>]*>", " ", body))


def test_unknown_number_says_not_found(page, certificate):
    response = page(n="OSH-IE-2026-999999", t=certificate.token)

    assert response.context["verdict"].status == "not_found"
    assert FULL_NAME not in text_of(response)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"t": "abcdefgh12"}, "n", "Certificate number</a>: This field is required."),
        ({"n": "OSH-IE-2026-000001"}, "t", "Verification code</a>: This field is required."),
        ({"n": "OSH-IE-2026-000001", "t": "<script>x</script>"}, "t",
         "Verification code</a>: Use only the letters"),
        ({"n": "OSH IE; DROP", "t": "abcdefgh12"}, "n", "Certificate number</a>: Use only"),
        ({"n": "N" * 65, "t": "abcdefgh12"}, "n", "Certificate number</a>: Ensure this value"),
    ],
)  # fmt: skip
def test_bad_input_is_a_form_error_naming_the_field(page, db, params, field, message):
    response = page(**params)

    assert response.status_code == 200
    assert response.context["verdict"] is None
    assert field in response.context["form"].errors
    assert message in text_of(response)


def test_a_signature_without_its_key_is_an_incomplete_link(page, certificate):
    params = qr_params(certificate)
    del params["k"]

    response = page(**params)

    assert response.context["verdict"] is None
    assert "The link is incomplete: scan the QR code again." in text_of(response)


def test_the_empty_page_shows_the_form_and_counts_nothing(page, settings, db):
    settings.CERTIFICATE_VERIFY_LIMIT = 1

    responses = [page(), page(), page()]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert 'name="n"' in text_of(responses[0])
    assert 'name="t"' in text_of(responses[0])


def test_lookups_beyond_the_limit_get_429_per_address(client, english, settings, certificate):
    settings.CERTIFICATE_VERIFY_LIMIT = 3
    params = {"n": certificate.number, "t": certificate.token}

    allowed = [client.get(URL, params, REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    refused = client.get(URL, params, REMOTE_ADDR="10.0.0.1")
    elsewhere = client.get(URL, params, REMOTE_ADDR="10.0.0.2")

    assert allowed == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "no-store" in refused["Cache-Control"]
    assert "Too many checks from your address." in text_of(refused)
    assert FULL_NAME not in text_of(refused)
    assert elsewhere.status_code == 200


def test_the_limit_counts_bad_input_too(client, settings, db):
    settings.CERTIFICATE_VERIFY_LIMIT = 2

    codes = [client.get(URL, {"n": "?", "t": "?"}).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_public_keys_are_published_as_cacheable_json(client, certificate):
    response = client.get(reverse("certificates:public_keys"))

    document = response.json()
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    [key] = document["keys"]
    assert key["key_id"] == certificate.signing_key.key_id
    assert key["public_key"] == certificate.signing_key.public_key
    assert key["provider"] == "OSH-IE"
    assert document["algorithm"] == "Ed25519"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_scanned_qr_code_shows_the_verdict_on_a_phone(live_server, phone_page, certificate):
    phone = phone_page
    from cheber.certificates.qr import verification_url

    address = verification_url(certificate).split("/certificates/", 1)[1]
    phone.goto(f"{live_server.url}/certificates/{address}")

    assert phone.locator("html").get_attribute("lang") == "ky"
    assert FULL_NAME in phone.locator("main").inner_text()
    assert fits_the_screen(phone)
    if os.environ.get("CHEBER_SCREENSHOTS"):
        phone.screenshot(path=f"{os.environ['CHEBER_SCREENSHOTS']}/verify.png", full_page=True)
