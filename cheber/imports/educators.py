"""Checking the rows of the educators sheet: a person (matched by PIN) and one job each.

A PIN may stand on several rows when the person holds several jobs; the rows must then agree
on the person, and a job (organization and position) may be given once."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from cheber.core import dates
from cheber.imports import messages as m
from cheber.imports.columns import EDUCATORS, fold
from cheber.imports.lookups import choice_lookups, positions, specializations
from cheber.imports.sheets import chunks, diff, filled, keep_warnings, problem, reject
from cheber.registry.models import Educator, Employment, Organization
from cheber.registry.pin import parse_pin

PERSON = [
    "surname",
    "first_name",
    "patronymic",
    "sex",
    "birth_date",
    "education_level",
    "has_pedagogical_education",
    "category",
    "phone",
    "email",
]
JOB = ["specialization_id", "start_date", "workload"]
DEFAULTS = {
    "has_pedagogical_education": True,
    "category": Educator.Category.NONE,
    "patronymic": "",
    "phone": "",
    "email": "",
}


class Context:
    def __init__(self, plan, rows):
        self.plan = plan
        self.territory = plan.extra["territory"]
        self.choices = choice_lookups()
        self.positions = positions()
        self.specializations = specializations()
        codes = {r.values.get("organization") for r in rows} - {"", None}
        found = Organization.objects.filter(code__in=codes)
        self.organizations = {
            o["code"]: {"pk": o.pop("id"), **o}
            for o in found.values("id", "code", "type", "unit_id", "region_id")
        }
        self.organizations.update(plan.extra.get("organizations", {}))


def check(plan, sheets: list) -> None:
    rows = [(layout, row) for layout, sheet_rows in sheets for row in sheet_rows]
    context = Context(plan, [row for _layout, row in rows])
    people: dict[str, list] = {}
    for layout, row in rows:
        if not keep_warnings(plan, row):
            reject(plan, EDUCATORS, row)
            continue
        person, job, errors = _read(context, layout, row)
        if errors:
            reject(plan, EDUCATORS, row, *errors)
            continue
        people.setdefault(row.values["pin"], []).append((layout, row, person, job))
    people = _consistent(plan, people)
    current = _existing(plan, list(people))
    hidden = _registered_unseen(plan, set(people) - set(current))
    jobs = _active_jobs([c["id"] for c in current.values()])
    plan.extra.setdefault("jobs_new", [])
    plan.extra.setdefault("jobs_changed", [])
    plan.extra.setdefault("specializations", {})
    plan.extra["educators"] = set()
    for pin, entries in people.items():
        if pin in hidden:
            for layout, row, _p, _j in entries:
                reject(plan, EDUCATORS, row, problem(row, layout, "pin", m.PIN_HIDDEN))
            continue
        _sort(plan, pin, entries, current.get(pin), jobs)


def _read(context: Context, layout, row) -> tuple[dict, dict, list]:
    values, errors = row.values, []
    person = {
        k: values[k]
        for k in (
            "surname",
            "first_name",
            "patronymic",
            "phone",
            "email",
            "birth_date",
            "has_pedagogical_education",
        )
        if k in values
    }
    for key in ("sex", "education_level", "category"):
        if values.get(key) in ("", None):
            continue
        person[key] = context.choices[key].get(fold(values[key]))
        if person[key] is None:
            errors.append(problem(row, layout, key, m.NOT_ALLOWED % {"value": values[key]}))
    errors += _pin_facts(row, layout, person)
    specs = []
    for word in values.get("specializations") or []:
        found = context.specializations.get(fold(word))
        if found is None:
            errors.append(
                problem(row, layout, "specializations", m.NO_SPECIALIZATION % {"value": word})
            )
        elif found.pk not in specs:
            specs.append(found.pk)
    if "specializations" in values and specs:
        person["specializations"] = frozenset(specs)
    job, job_errors = _job(context, layout, row)
    return person, job, errors + job_errors


def _pin_facts(row, layout, person: dict) -> list:
    try:
        facts = parse_pin(row.values["pin"])
    except ValidationError as error:
        return [problem(row, layout, "pin", error.messages[0])]
    errors = []
    if person.get("sex") and person["sex"] != facts.sex:
        errors.append(problem(row, layout, "sex", m.PIN_SEX % {"digit": row.values["pin"][0]}))
    if person.get("birth_date") and person["birth_date"] != facts.birth_date:
        errors.append(
            problem(
                row,
                layout,
                "birth_date",
                m.PIN_BIRTH % {"date": dates.day(facts.birth_date)},
            )
        )
    person["sex"], person["birth_date"] = facts.sex, facts.birth_date
    return errors


def _job(context: Context, layout, row) -> tuple[dict, list]:
    values, errors = row.values, []
    code = values.get("organization")
    organization = context.organizations.get(code)
    if organization is None:
        return {}, [problem(row, layout, "organization", m.NO_ORGANIZATION % {"code": code})]
    if not context.territory.covers(
        pk=organization["pk"], unit_id=organization["unit_id"], region_id=organization["region_id"]
    ):
        return {}, [problem(row, layout, "organization", m.OUTSIDE)]
    position = context.positions.get(fold(values.get("position")))
    if position is None:
        errors.append(
            problem(
                row,
                layout,
                "position",
                m.NO_POSITION % {"value": values.get("position")},
            )
        )
    elif not position.is_allowed_in(organization["type"]):
        errors.append(
            problem(
                row,
                layout,
                "position",
                m.NO_POSITION_THERE
                % {
                    "organization_type": Organization.Type(organization["type"]).label,
                    "position": position.name,
                },
            )
        )
    job = {
        "organization": code,
        "position_id": position.pk if position else None,
        "start_date": values.get("start_date"),
    }
    if values.get("job_specialization"):
        found = context.specializations.get(fold(values["job_specialization"]))
        if found is None:
            errors.append(
                problem(
                    row,
                    layout,
                    "job_specialization",
                    m.NO_SPECIALIZATION % {"value": values["job_specialization"]},
                )
            )
        job["specialization_id"] = found.pk if found else None
    if values.get("workload") not in ("", None):
        if not Decimal("0.1") <= values["workload"] <= Decimal("2"):
            errors.append(problem(row, layout, "workload", m.WORKLOAD))
        job["workload"] = values["workload"]
    return job, errors


def _consistent(plan, people: dict) -> dict:
    """Rows of one PIN agree on the person and name each job once; else they are rejected."""
    kept = {}
    for pin, entries in people.items():
        person = _merged([e[2] for e in entries])
        if person is None:
            for layout, row, _p, _j in entries:
                rows = ", ".join(str(e[1].number) for e in entries if e[1] is not row)
                reject(
                    plan,
                    EDUCATORS,
                    row,
                    problem(row, layout, "pin", m.PIN_OTHER_PERSON % {"rows": rows}),
                )
            continue
        seen, unique = {}, []
        for layout, row, _p, job in entries:
            key = (job["organization"], job["position_id"])
            if key in seen:
                reject(
                    plan,
                    EDUCATORS,
                    row,
                    problem(row, layout, "pin", m.PIN_SAME_JOB % {"row": seen[key]}),
                )
                continue
            seen[key] = row.number
            unique.append((layout, row, person, job))
        kept[pin] = unique
    return kept


def _merged(people: list[dict]) -> dict | None:
    """One person from the rows of a PIN: a cell left empty on one row takes the others'
    value; two different values of a field are a conflict (None)."""
    if len(people) == 1:
        return people[0]
    merged: dict = {}
    for person in people:
        for key, value in person.items():
            if value in ("", None):
                merged.setdefault(key, value)
            elif merged.get(key) in ("", None):
                merged[key] = value
            elif merged[key] != value:
                return None
    return merged


def _existing(plan, pins: list[str]) -> dict[str, dict]:
    """The registered educators of these PINs whose full PIN the user may see: only they are
    matched. To the check, a PIN of anyone else (masked to the user, outside their territory)
    is one nobody has: the same answer as a PIN not registered at all."""
    found = {}
    known = Educator.objects.shown_in_full_to(plan.actor)
    for chunk in chunks(pins):
        for e in known.filter(pin__in=chunk).values("id", "pin", *PERSON):
            found[e["pin"]] = e | {"specializations": frozenset()}
    through = Educator.specializations.through
    by_id = {e["id"]: e for e in found.values()}
    for chunk in chunks(list(by_id)):
        links = through.objects.filter(educator_id__in=chunk)
        for educator_id, spec_id in links.values_list("educator_id", "specialization_id"):
            by_id[educator_id]["specializations"] |= {spec_id}
    return found


def _registered_unseen(plan, pins: set[str]) -> set[str]:
    """When the plan is to be written: those of `pins` registered to someone the user may not
    see in full. Their rows are refused then, and only then, so that learning whether a PIN
    is registered costs writing the file's other rows for real, in the audit trail."""
    if not plan.writing:
        return set()
    taken = set()
    for chunk in chunks(sorted(pins)):
        taken.update(Educator.objects.filter(pin__in=chunk).values_list("pin", flat=True))
    return taken


def _active_jobs(educator_ids: list[int]) -> dict[tuple, dict]:
    jobs = {}
    for chunk in chunks(educator_ids):
        active = Employment.objects.active().filter(educator_id__in=chunk)
        for j in active.values("id", "educator_id", "organization__code", "position_id", *JOB):
            jobs[(j["educator_id"], j["organization__code"], j["position_id"])] = j
    return jobs


def _sort(plan, pin: str, entries: list, current: dict | None, jobs: dict) -> None:
    changes = plan.of(EDUCATORS)
    layout, row, person, _job = entries[0]
    plan.extra["educators"].add(pin)
    person_changed = False
    if current is None:
        values = {**DEFAULTS, **filled(person), "pin": pin}
        values["specializations"] = sorted(values.get("specializations", ()))
        changes.new.append(values)
    elif changed := diff(current, person):
        person_changed = True
        merged = {**current, **filled(person)}
        changes.changed.append({"pk": current["id"], "values": merged, "changes": changed})
    for _layout, _row, _p, job in entries:
        job_changed = _sort_job(plan, pin, job, current, jobs)
        key = (
            "created"
            if current is None
            else ("updated" if person_changed or job_changed else "unchanged")
        )
        changes.counts[key] += 1


def _sort_job(plan, pin: str, job: dict, current: dict | None, jobs: dict) -> bool:
    key = (current["id"] if current else None, job["organization"], job["position_id"])
    existing = jobs.get(key) if current else None
    if existing is None:
        new = {"specialization_id": None, "workload": Decimal("1"), **job, "pin": pin}
        plan.extra["jobs_new"].append(new)
        return True
    incoming = {k: job[k] for k in JOB if k in job}
    if changed := diff(existing, incoming):
        plan.extra["jobs_changed"].append(
            {"pk": existing["id"], "values": {**existing, **filled(incoming)}, "changes": changed}
        )
        return True
    return False
