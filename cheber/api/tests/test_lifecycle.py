"""One whole course through the API alone, each step by the role that takes it in the
pages: propose → approve → plan and session → apply → nominate → release → accept →
attendance → result → complete → certificate → verify."""

import datetime as dt

import time_machine
from django.utils import timezone

from cheber.api.tests.conftest import bearer, token_for
from cheber.core.access import Role
from cheber.registry.tests.factories import EducatorFactory, employ, user_with_role
from cheber.schedule.tests import factories

API = "/api/v1"


class Caller:
    def __init__(self, client, user):
        self.client, self.headers = client, bearer(token_for(user))

    def post(self, path, data=None, status=200):
        answer = self.client.post(API + path, data or {}, content_type="application/json",
                                  **self.headers)  # fmt: skip
        assert answer.status_code == status, answer.content
        return answer.json()

    def get(self, path, status=200):
        answer = self.client.get(API + path, **self.headers)
        assert answer.status_code == status, answer.content
        return answer


def _programme(provider_org) -> dict:
    return {"provider_id": provider_org.pk, "code": "API-1", "title_ky": "Санарип сабат",
            "title_ru": "Цифровая грамотность", "description_ky": "Сүрөттөмө",
            "description_ru": "Описание", "hours": 24, "form": "stationary",
            "assessment": "test", "languages": ["ky"]}  # fmt: skip


def test_a_course_runs_from_proposal_to_verified_certificate(client, place, reference):
    provider_org = factories.provider("NRN-MC")
    staff = Caller(client, user_with_role("staff", Role.PROVIDER_STAFF, organization=provider_org))
    institute = Caller(client, place.institute)
    methodist, principal = Caller(client, place.methodist), Caller(client, place.principal)
    teacher = Caller(client, place.teacher)
    colleague = EducatorFactory(surname="Токтогулова")
    employ(colleague, place.school)
    start = timezone.localdate() + dt.timedelta(days=30)

    programme = staff.post("/courses/programmes", _programme(provider_org), status=201)
    assert institute.post(f"/courses/programmes/{programme['id']}/approve")["status"] == "approved"
    plan = staff.post("/courses/plans", {"provider_id": provider_org.pk, "year": start.year})
    session = staff.post(f"/courses/plans/{plan['id']}/sessions", {
        "programme_id": programme["id"], "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=2)).isoformat(), "form": "stationary",
        "unit_id": place.school.unit_id, "language": "ky", "budget_places": 10,
    }, status=201)  # fmt: skip
    staff.post(f"/courses/plans/{plan['id']}/submit")
    assert institute.post(f"/courses/plans/{plan['id']}/approve")["status"] == "approved"
    public = client.get(f"{API}/courses/sessions/{session['id']}").json()
    assert public["free_places"] == 10

    applied = teacher.post(f"/delivery/sessions/{session['id']}/applications",
                           {"funding": "budget"}, status=201)  # fmt: skip
    nominated = methodist.post(f"/delivery/sessions/{session['id']}/nominations",
                               {"educator_id": colleague.pk}, status=201)  # fmt: skip
    methodist.post(f"/delivery/enrolments/{applied['id']}/confirm-nomination")
    for enrolment in (applied, nominated):
        principal.post(f"/delivery/enrolments/{enrolment['id']}/confirm-release")
        staff.post(f"/delivery/enrolments/{enrolment['id']}/accept")
    assert client.get(f"{API}/courses/sessions/{session['id']}").json()["free_places"] == 8

    days = [start + dt.timedelta(days=n) for n in range(3)]
    with time_machine.travel(timezone.now() + dt.timedelta(days=34)):
        marks = [{"enrolment_id": e["id"], "day": d.isoformat(), "present": e is applied}
                 for e in (applied, nominated) for d in days]  # fmt: skip
        assert staff.post(f"/delivery/sessions/{session['id']}/attendance",
                          {"marks": marks}) == {"count": 6}  # fmt: skip
        for enrolment in (applied, nominated):
            staff.post(f"/delivery/enrolments/{enrolment['id']}/result", {"passed": True})
        closed = staff.post(f"/delivery/sessions/{session['id']}/complete")
        issued = staff.post(f"/certificates/sessions/{session['id']}/issue", {"language": "ky"})

    assert closed == {"completed": 1, "not_completed": 1}
    assert [c["enrolment_id"] for c in issued] == [applied["id"]]
    mine = teacher.get("/certificates").json()["items"]
    assert [c["number"] for c in mine] == [issued[0]["number"]]
    assert teacher.get(f"/certificates/{mine[0]['id']}/pdf")["Content-Type"] == "application/pdf"
    credential = teacher.get(f"/certificates/{mine[0]['id']}/credential")
    assert credential["Content-Type"] == "application/vc+jwt"
    assert credential.content.count(b".") == 2
    paper = {"number": mine[0]["number"], "token": mine[0]["token"]}
    verdict = client.get(f"{API}/certificates/verify", paper).json()
    assert verdict["status"] == "valid"
    assert verdict["certificate"]["full_name"].startswith("Асанова")
    forged = client.get(f"{API}/certificates/verify",
                        {"number": mine[0]["number"], "token": "x" * 20}).json()  # fmt: skip
    assert forged == {"status": "not_found", "certificate": None, "signature": None,
                      "revoked_at": None, "reason": None, "replaced_by": None}  # fmt: skip
