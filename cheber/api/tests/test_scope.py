"""The API answers exactly what the pages show the same user: their scope (404 outside), the
PIN masked where the pages mask it, and the personal-data access log."""

from cheber.api.tests.conftest import OUR_PIN, THEIR_PIN, THEIR_SURNAME, bearer, token_for
from cheber.core.models import PersonalDataAccess
from cheber.registry.privacy import mask_pin

EDUCATORS = "/api/v1/registry/educators"


def _get(client, user, path):
    return client.get(path, **bearer(token_for(user)))


def test_a_methodist_lists_their_district_only_with_full_pins(client, place):
    answer = _get(client, place.methodist, EDUCATORS)

    body = answer.content.decode()
    assert [e["pin"] for e in answer.json()["items"]] == [OUR_PIN]
    assert THEIR_PIN not in body and THEIR_SURNAME not in body


def test_an_educator_of_another_district_is_404(client, place):
    answer = _get(client, place.methodist, f"{EDUCATORS}/{place.their_educator.pk}")

    assert answer.status_code == 404
    assert answer.json() == {"code": "not_found", "message": answer.json()["message"], "fields": {}}
    assert THEIR_SURNAME not in answer.content.decode()


def test_national_roles_see_everyone_with_pins_masked_as_the_pages_mask_them(client, place):
    answer = _get(client, place.ministry, f"{EDUCATORS}/{place.their_educator.pk}")

    assert answer.json()["pin"] == mask_pin(THEIR_PIN) == "1•••••••••••99"
    assert answer.json()["birth_date"] == "••.••.1985"


def test_a_principal_sees_their_staff_masked(client, place):
    answer = _get(client, place.principal, EDUCATORS)

    assert [e["pin"] for e in answer.json()["items"]] == [mask_pin(OUR_PIN)]


def test_a_teacher_sees_only_themself_in_full(client, place):
    listed = _get(client, place.teacher, EDUCATORS)
    theirs = _get(client, place.teacher, f"{EDUCATORS}/{place.their_educator.pk}")

    assert [(e["id"], e["pin"]) for e in listed.json()["items"]] == [(place.educator.pk, OUR_PIN)]
    assert theirs.status_code == 404


def test_reading_an_educator_is_logged_as_the_page_logs_it(client, place):
    _get(client, place.methodist, f"{EDUCATORS}/{place.educator.pk}")
    _get(client, place.methodist, EDUCATORS)

    logged = list(
        PersonalDataAccess.objects.order_by("pk").values_list("user__username", "what", "rows")
    )
    assert logged == [
        ("methodist", "api:educator_detail", 1),
        ("methodist", "api:educator_list", 1),
    ]


def test_the_cursor_walks_every_row_once(client, place):
    from cheber.registry.tests.factories import EducatorFactory, employ

    for _ in range(4):
        employ(EducatorFactory(), place.school)
    token, seen, cursor = token_for(place.methodist), [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        page = client.get(EDUCATORS + query, **bearer(token)).json()
        seen += [e["id"] for e in page["items"]]
        if not (cursor := page["next_cursor"]):
            break

    assert len(seen) == 5 and seen == sorted(set(seen))


def test_a_forged_cursor_is_a_field_error_not_a_fault(client, place):
    answer = _get(client, place.methodist, EDUCATORS + "?cursor=%%%")

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_cursor"
    assert list(answer.json()["fields"]) == ["cursor"]


def test_writes_on_public_paths_still_need_their_role(client, place):
    """(The matrix reads the catalogue's paths as public; their writes are checked here.)"""
    from cheber.schedule.tests import factories

    provider_org = factories.provider("NRN-MC")
    data = {"provider_id": provider_org.pk, "code": "X-1", "title_ky": "К", "title_ru": "К",
            "description_ky": "К", "description_ru": "К", "hours": 8, "form": "stationary",
            "assessment": "test", "languages": ["ky"]}  # fmt: skip

    anonymous = client.post("/api/v1/courses/programmes", data, content_type="application/json")
    teacher = client.post("/api/v1/courses/programmes", data, content_type="application/json",
                          **bearer(token_for(place.teacher)))  # fmt: skip

    assert anonymous.status_code == 401
    assert teacher.status_code == 404
