"""Checking the rows of the training-history sheet: one completed training of an educator
(registered, or on the educators sheet of the same file), given by any organization: a
provider, a methodical cabinet, a university… (registered, or on the organizations sheet of the
same file; a code nobody has is refused, never guessed)."""

from django.utils import timezone

from cheber.imports import messages as m
from cheber.imports.columns import TRAININGS, fold
from cheber.imports.lookups import choice_lookups
from cheber.imports.sheets import chunks, diff, filled, keep_warnings, problem, reject
from cheber.registry.models import Educator, Organization, TrainingRecord

FIELDS = [
    "title",
    "title_ru",
    "provider_id",
    "provider_name",
    "hours",
    "start_date",
    "end_date",
    "form",
    "kind",
    "certificate_number",
]
MAX_HOURS = 32767


def key_of(pin: str, values: dict) -> tuple:
    """How a training is recognised again: its certificate number, else title and end date."""
    if values.get("certificate_number"):
        return (pin, "number", values["certificate_number"])
    return (pin, "title", fold(values.get("title")), values.get("end_date"))


def check(plan, sheets: list) -> None:
    rows = [(layout, row) for layout, sheet_rows in sheets for row in sheet_rows]
    pins = sorted({row.values.get("pin") for _l, row in rows} - {"", None})
    educators, current = _existing(plan, pins)
    context = {
        "choices": choice_lookups(),
        "providers": _organizations(plan),
        "today": timezone.localdate(),
    }
    seen: dict[tuple, list[int]] = {}
    for layout, row in rows:
        if not keep_warnings(plan, row):
            reject(plan, TRAININGS, row)
            continue
        pin = row.values["pin"]
        incoming, errors = _read(context, layout, row)
        if pin not in educators and pin not in plan.extra.get("educators", set()):
            errors.insert(0, problem(row, layout, "pin", m.PIN_UNKNOWN))
        key = key_of(pin, incoming)
        earlier = seen.setdefault(key, [])
        # The n-th row of a training matches the n-th such record of the registry (one kept
        # twice there comes back twice in its export); a row beyond them repeats an earlier.
        registered = current.get(key, [])
        existing = registered[len(earlier)] if len(earlier) < len(registered) else None
        if earlier and existing is None:
            errors.append(
                problem(row, layout, "certificate_number", m.SAME_TRAINING % {"row": earlier[0]})
            )
        earlier.append(row.number)
        if not errors and existing and existing["source"] == TrainingRecord.Source.CHEBER:
            if diff(existing, incoming):
                errors.append(problem(row, layout, "title", m.CHEBER_TRAINING))
        if errors:
            reject(plan, TRAININGS, row, *errors)
            continue
        _sort(plan, pin, educators.get(pin), incoming, existing)


def _read(context: dict, layout, row) -> tuple[dict, list]:
    values, errors = row.values, []
    incoming = {
        k: values[k]
        for k in (
            "title",
            "title_ru",
            "provider_name",
            "hours",
            "start_date",
            "end_date",
            "certificate_number",
        )
        if k in values
    }
    for key in ("form", "kind"):
        if values.get(key) in ("", None):
            continue
        incoming[key] = context["choices"][key].get(fold(values[key]))
        if incoming[key] is None:
            errors.append(problem(row, layout, key, m.NOT_ALLOWED % {"value": values[key]}))
    if code := values.get("provider"):
        if code not in context["providers"]:
            errors.append(problem(row, layout, "provider", m.NO_ORGANIZATION % {"code": code}))
        # An organization new in the same file has its id only once written: by its code then.
        incoming["provider_id"] = context["providers"].get(code) or code
    elif not values.get("provider_name"):
        errors.append(problem(row, layout, "provider", m.NO_PROVIDER_GIVEN))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.append(problem(row, layout, "end_date", m.END_BEFORE_START))
    if end and end > context["today"]:
        errors.append(problem(row, layout, "end_date", m.END_IN_FUTURE))
    if values.get("hours") not in ("", None) and not 0 < values["hours"] <= MAX_HOURS:
        errors.append(problem(row, layout, "hours", m.HOURS))
    return incoming, errors


def _organizations(plan) -> dict[str, int | str]:
    """Code → id of every registered organization, and code → code of those the
    organizations sheet of the same file creates."""
    found: dict[str, int | str] = dict(Organization.objects.values_list("code", "id"))
    for code, known in plan.extra.get("organizations", {}).items():
        found.setdefault(code, known["pk"] or code)
    return found


def _existing(plan, pins: list[str]) -> tuple[dict, dict]:
    """PIN → educator id (of those whose full PIN the user may see: a PIN of anyone else gets
    the answer of a PIN nobody has), and the registered trainings by key (a list: the registry
    may hold the same training twice)."""
    educators = Educator.objects.shown_in_full_to(plan.actor)
    ids, current = {}, {}
    for chunk in chunks(pins):
        ids.update(educators.filter(pin__in=chunk).values_list("pin", "id"))
    pins_by_id = {v: k for k, v in ids.items()}
    for chunk in chunks(list(pins_by_id)):
        found = TrainingRecord.objects.filter(educator_id__in=chunk).order_by("pk")
        for t in found.values("id", "educator_id", "source", *FIELDS):
            current.setdefault(key_of(pins_by_id[t["educator_id"]], t), []).append(t)
    return ids, current


def _sort(plan, pin: str, educator_id: int | None, incoming: dict, existing: dict | None) -> None:
    changes = plan.of(TRAININGS)
    if existing is None:
        defaults = {
            "provider_id": None,
            "provider_name": "",
            "title_ru": "",
            "certificate_number": "",
            "kind": TrainingRecord.Kind.QUALIFICATION,
        }
        changes.new.append({**defaults, **filled(incoming), "pin": pin})
        changes.counts["created"] += 1
    elif changed := diff(existing, incoming):
        changes.changed.append(
            {"pk": existing["id"], "values": {**existing, **filled(incoming)}, "changes": changed}
        )
        changes.counts["updated"] += 1
    else:
        changes.counts["unchanged"] += 1
