"""Loading the reference data shipped in data/: geography, positions, specializations and the
national organizations (ministry, providers, a methodical cabinet per district and city).

Idempotent: a second load changes nothing and says so.
"""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from cheber.registry.models import AdminUnit, Organization, Position, Specialization

# The two cities of republican significance appear as top-level rows in the СОАТЕ table.
CITY_SOATE = {"41711000000000", "41721000000000"}
LEVEL_BY_CSV = {
    "region": AdminUnit.Level.REGION,
    "district": AdminUnit.Level.DISTRICT,
    "city_of_oblast_significance": AdminUnit.Level.TOWN,
    "city_district": AdminUnit.Level.CITY_DISTRICT,
}
CABINET_LEVELS = (AdminUnit.Level.DISTRICT, AdminUnit.Level.TOWN, AdminUnit.Level.CITY)


def _rows(name: str) -> list[dict[str, str]]:
    path = Path(settings.REFERENCE_DATA_DIR) / name
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _upsert(model: type[models.Model], lookup: dict, values: dict, counts: Counter) -> models.Model:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        counts["created"] += 1
        return model.objects.create(**lookup, **values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return obj


def _names(row: dict[str, str]) -> dict[str, str]:
    return {"name_ky": row["name_ky"], "name_ru": row["name_ru"], "name_en": row["name_en"]}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text).quantize(Decimal("0.00001")) if text else None


def load_units(counts: Counter) -> None:
    rows = _rows("kg_admin_units.csv")
    by_soate: dict[str, AdminUnit] = {}
    # Parents before children: the top level first, then the rest in СОАТЕ order.
    for row in sorted(rows, key=lambda r: (r["level"] != "region", r["soate"])):
        soate = row["soate"]
        level = AdminUnit.Level.CITY if soate in CITY_SOATE else LEVEL_BY_CSV[row["level"]]
        parent = by_soate.get(row["parent_soate"])
        values = {
            **_names(row),
            "level": level,
            "parent": parent,
            "latitude": _decimal(row["lat"]),
            "longitude": _decimal(row["lon"]),
            "population": int(row["population_2025"]) if row["population_2025"] else None,
        }
        unit = _upsert(AdminUnit, {"soate": soate}, values, counts)
        region = unit if parent is None else (parent.region or parent)
        if unit.region_id != region.pk:
            AdminUnit.objects.filter(pk=unit.pk).update(region=region)
            unit.region = region
        by_soate[soate] = unit


def load_specializations(counts: Counter) -> None:
    for order, row in enumerate(_rows("specializations.csv"), start=1):
        values = {**_names(row), "staff_kind": row["staff_kind"], "sort_order": order}
        _upsert(Specialization, {"code": row["code"]}, values, counts)


def load_positions(counts: Counter) -> None:
    for row in _rows("positions.csv"):
        values = {
            **_names(row),
            "organization_types": row["organization_types"].split(),
            "is_pedagogical": row["is_pedagogical"] == "1",
        }
        _upsert(Position, {"code": row["code"]}, values, counts)


def load_national_organizations(counts: Counter) -> None:
    units = {u.soate: u for u in AdminUnit.objects.all()}
    for row in _rows("organizations.csv"):
        unit = units[row["unit_soate"]]
        values = {
            **_names(row),
            "type": row["type"],
            "unit": unit,
            "region_id": unit.region_id,
            "locality": row["locality"],
            "languages": row["languages"].split(),
        }
        _upsert(Organization, {"code": row["code"]}, values, counts)


def load_methodical_cabinets(counts: Counter) -> None:
    for unit in AdminUnit.objects.filter(level__in=CABINET_LEVELS):
        values = {
            "name_ky": f"{unit.name_ky}: методикалык кабинет",
            "name_ru": f"Методический кабинет: {unit.name_ru}",
            "name_en": f"Methodical cabinet, {unit.name_en}",
            "type": Organization.Type.METHODICAL_CABINET,
            "unit": unit,
            "region_id": unit.region_id,
            "locality": Organization.Locality.URBAN
            if unit.level != AdminUnit.Level.DISTRICT
            else Organization.Locality.RURAL,
            "languages": ["ky", "ru"],
        }
        _upsert(Organization, {"code": f"MK-{unit.soate}"}, values, counts)


@transaction.atomic
def load_reference() -> dict[str, Counter]:
    """Load everything; returns counts per kind: created / updated / unchanged."""
    steps = {
        "units": load_units,
        "specializations": load_specializations,
        "positions": load_positions,
        "organizations": load_national_organizations,
        "methodical_cabinets": load_methodical_cabinets,
    }
    report = {}
    for name, step in steps.items():
        counts: Counter = Counter()
        step(counts)
        report[name] = counts
    return report
