"""Programmes, plan-schedules and sessions for tests, in the states tests need them."""

import datetime as dt

from django.utils import timezone

from cheber.catalog.models import Form, Programme
from cheber.registry.models import AdminUnit, Organization
from cheber.schedule.models import DistrictQuota, PlanSchedule, Session

_counter = iter(range(1, 10**6))


def provider(code: str = "NRN-MC") -> Organization:
    return Organization.objects.get(code=code)


def programme(
    provider_org: Organization | None = None, *, status="approved", **fields
) -> Programme:
    provider_org = provider_org or provider()
    n = next(_counter)
    values = {
        "code": f"P-{n:04d}",
        "title_ky": f"Функционалдык сабаттуулук {n}",
        "title_ru": f"Функциональная грамотность {n}",
        "title_en": f"Functional literacy {n}",
        "description_ky": "Окуу, математикалык жана табигый-илимий сабаттуулук.",
        "description_ru": "Читательская, математическая и естественнонаучная грамотность.",
        "hours": 72,
        "form": Form.STATIONARY,
        "assessment": Programme.Assessment.TEST,
        "languages": ["ky", "ru"],
        "themes": ["pisa"],
        "contract_price": 4500,
        "status": status,
    }
    values.update(fields)
    if values["status"] == "approved":
        values.setdefault("approved_at", timezone.now())
    return Programme.objects.create(provider=provider_org, **values)


def plan(provider_org: Organization, year: int, status="approved") -> PlanSchedule:
    extra = {"approved_at": timezone.now()} if status == "approved" else {}
    return PlanSchedule.objects.get_or_create(
        provider=provider_org, year=year, defaults={"status": status, **extra}
    )[0]


def session(
    *,
    provider_org: Organization | None = None,
    start: dt.date | None = None,
    days: int = 12,
    budget: int = 20,
    contract: int = 5,
    quotas: dict[str, int] | None = None,
    status: str = "approved",
    language: str = "ky",
    unit_soate: str = "41704400000010",  # Naryn town
    **fields,
) -> Session:
    """A session of an approved programme; published unless `status` says otherwise."""
    provider_org = provider_org or provider()
    start = start or timezone.localdate() + dt.timedelta(days=30)
    the_programme = fields.pop("programme", None) or programme(provider_org)
    unit = AdminUnit.objects.get(soate=unit_soate) if unit_soate else None
    created = Session.objects.create(
        plan=plan(provider_org, start.year, status),
        programme=the_programme,
        provider=provider_org,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        form=fields.pop("form", the_programme.form),
        unit=unit,
        region=unit.region if unit else None,
        language=language,
        budget_places=budget,
        contract_places=contract,
        **fields,
    )
    for soate, places in (quotas or {}).items():
        DistrictQuota.objects.create(
            session=created, unit=AdminUnit.objects.get(soate=soate), places=places
        )
    return created
