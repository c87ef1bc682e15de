"""Checking the rows of the organizations sheet (see `plan` for the rules they share)."""

from cheber.imports import messages as m
from cheber.imports.columns import ORGANIZATIONS, fold
from cheber.imports.lookups import choice_lookups
from cheber.imports.sheets import diff, filled, keep_warnings, problem, reject
from cheber.registry.models import AdminUnit, Organization

FIELDS = [
    "type",
    "name_ky",
    "name_ru",
    "name_en",
    "unit_id",
    "region_id",
    "locality",
    "languages",
    "address",
]
NATIONAL_TYPES = {"provider", "methodical_cabinet", "education_department", "ministry"}


def check(plan, sheets: list) -> None:
    territory, lookups = plan.extra["territory"], choice_lookups()
    units = {u.soate: u for u in AdminUnit.objects.all()}
    codes = [r.values.get("code") for _layout, rows in sheets for r in rows]
    existing = {
        o["code"]: o
        for o in Organization.objects.filter(code__in=[c for c in codes if c]).values(
            "id", "code", *FIELDS
        )
    }
    seen: dict[str, int] = {}
    plan.extra["organizations"] = {}  # code → {"pk", "unit_id", "region_id", "type", "row"}
    for layout, rows in sheets:
        for row in rows:
            if not keep_warnings(plan, row):
                reject(plan, ORGANIZATIONS, row)
                continue
            incoming, errors = _read(row, layout, lookups, units)
            code = row.values["code"]
            if code in seen:
                errors.append(
                    problem(
                        row,
                        layout,
                        "code",
                        m.SAME_CODE % {"row": seen[code]},
                    )
                )
            seen.setdefault(code, row.number)
            if not errors:
                errors += _scope(row, layout, territory, incoming, existing.get(code))
            if errors:
                reject(plan, ORGANIZATIONS, row, *errors)
                continue
            _sort(plan, row, code, incoming, existing.get(code))


def _read(row, layout, lookups, units) -> tuple[dict, list]:
    values, errors = row.values, []
    incoming = {k: values[k] for k in ("name_ky", "name_ru", "name_en", "address") if k in values}
    for key in ("type", "locality"):
        chosen = lookups[key].get(fold(values.get(key)))
        if chosen is None:
            errors.append(problem(row, layout, key, m.NOT_ALLOWED % {"value": values.get(key)}))
        incoming[key] = chosen
    languages = []
    for word in values.get("languages") or []:
        language = lookups["languages"].get(fold(word))
        if language is None:
            errors.append(problem(row, layout, "languages", m.NOT_A_LANGUAGE % {"value": word}))
        elif language not in languages:
            languages.append(language)
    if languages:
        incoming["languages"] = languages
    unit = units.get(values.get("soate"))
    if unit is None:
        errors.append(problem(row, layout, "soate", m.NO_UNIT % {"code": values.get("soate")}))
    else:
        incoming["unit_id"], incoming["region_id"] = unit.pk, unit.region_id or unit.pk
        incoming["_unit"] = unit
    return incoming, errors


def _scope(row, layout, territory, incoming, current) -> list:
    unit = incoming.pop("_unit")
    outside = not territory.covers_unit(unit) or (
        current is not None
        and not territory.covers(
            pk=None, unit_id=current["unit_id"], region_id=current["region_id"]
        )
    )
    if outside:
        return [problem(row, layout, "soate", m.OUTSIDE)]
    if incoming["type"] in NATIONAL_TYPES and not territory.national:
        return [problem(row, layout, "type", m.NATIONAL_ONLY)]
    return []


def _sort(plan, row, code: str, incoming: dict, current: dict | None) -> None:
    changes = plan.of(ORGANIZATIONS)
    known = {
        "unit_id": incoming["unit_id"],
        "region_id": incoming["region_id"],
        "type": incoming["type"],
        "row": row.number,
    }
    if current is None:
        changes.new.append({"code": code, "languages": [], **incoming})
        changes.counts["created"] += 1
        plan.extra["organizations"][code] = {"pk": None, **known}
        return
    plan.extra["organizations"][code] = {"pk": current["id"], **known}
    changed = diff(current, incoming)
    if changed:
        changes.changed.append(
            {"pk": current["id"], "values": {**current, **filled(incoming)}, "changes": changed}
        )
        changes.counts["updated"] += 1
    else:
        changes.counts["unchanged"] += 1
