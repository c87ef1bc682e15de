"""Exporting a territory and checking the file again changes nothing: for districts of every
kind of the small demo on the real geography (a rural district, a town, the city of Osh with
its university, a district of Bishkek with the national university), every row comes back
unchanged, trainings given by methodical cabinets and universities' staff included."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from cheber.imports.columns import ENTITIES, INSTRUCTIONS, LANGUAGES
from cheber.registry.demo.plans import BISHKEK_LENINSKY, KOCHKOR, NARYN_TOWN, OSH_CITY
from cheber.registry.models import AdminUnit, Organization, TrainingRecord

TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def demo():
    """The small demo (about a second to seed)."""
    call_command("seed_demo", "--scale", "small", "--seed", "1", "--today", str(TODAY),
                 stdout=StringIO())  # fmt: skip


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("district", [KOCHKOR, NARYN_TOWN, OSH_CITY, BISHKEK_LENINSKY])
def test_importing_an_export_changes_nothing(demo, tmp_path, district):
    out = tmp_path / f"{district}.xlsx"
    run("export_registry", "--district", district, str(out))

    report = json.loads(run("import_registry", str(out), "--json"))

    assert report["problems"] == []
    assert {entity: (c["created"], c["updated"], c["rejected"])
            for entity, c in report["counts"].items()} == {
        "organizations": (0, 0, 0), "educators": (0, 0, 0), "trainings": (0, 0, 0),
    }  # fmt: skip
    assert report["counts"]["trainings"]["unchanged"] > 0


def test_the_districts_tested_have_cabinets_trainings_and_universities(demo):
    """What the round trip above goes through: trainings given by methodical cabinets as well
    as providers, and universities with their staff in the two cities."""
    kinds = set(
        TrainingRecord.objects.filter(provider__isnull=False).values_list(
            "provider__type", flat=True
        )
    )
    universities = {
        soate: Organization.objects.in_unit(AdminUnit.objects.get(soate=soate))
        .filter(type=Organization.Type.UNIVERSITY)
        .count()
        for soate in (OSH_CITY, BISHKEK_LENINSKY)
    }

    assert {Organization.Type.METHODICAL_CABINET, Organization.Type.PROVIDER} <= kinds
    assert all(universities.values()), universities


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sheet_name_fits_excel_whole(tmp_path, language):
    out = tmp_path / "template.xlsx"

    run("export_registry", "--district", KOCHKOR, "--language", language, str(out))

    with translation.override(language):
        expected = [str(e.sheet_name) for e in ENTITIES] + [str(INSTRUCTIONS)]
    assert load_workbook(out, read_only=True).sheetnames == expected
    assert all(len(name) <= 31 for name in expected)
