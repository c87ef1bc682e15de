import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from cheber.registry.models import AdminUnit, Organization, Position, Specialization


def snapshot() -> list:
    rows = []
    for model in (AdminUnit, Specialization, Position, Organization):
        rows += [model_to_dict(obj) | {"pk": obj.pk} for obj in model.objects.order_by("pk")]
    return rows


def load() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_the_real_geography_and_the_provider_network():
    load()

    assert AdminUnit.objects.filter(level__in=AdminUnit.TOP_LEVELS).count() == 9
    assert AdminUnit.objects.filter(level="district").count() == 40
    assert AdminUnit.objects.filter(level="town").count() == 13
    kochkor = AdminUnit.objects.get(soate="41704235000000")
    assert (kochkor.name_ky, kochkor.name_ru, kochkor.name_en) == (
        "Кочкор району",
        "Кочкорский район",
        "Kochkor District",
    )
    assert kochkor.region.soate == "41704000000000"
    assert Specialization.objects.count() == 60
    assert set(Organization.objects.filter(type="provider").values_list("code", flat=True)) == {
        "KAE-CPK", "RIPK", "OSH-IE", "IK-IE", "NRN-MC", "JA-MC", "BTK-MC", "TLS-MC",
    }  # fmt: skip
    # a methodical cabinet in every district, town of oblast significance and city
    assert Organization.objects.filter(type="methodical_cabinet").count() == 40 + 13 + 2
    assert Organization.objects.get(code="MK-41704235000000").unit == kochkor


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    lines = output.strip().splitlines()
    assert len(lines) == 5
    assert all(": 0 created, 0 updated, " in line for line in lines)


@pytest.mark.django_db
def test_loading_again_repairs_a_changed_name():
    load()
    AdminUnit.objects.filter(soate="41704235000000").update(name_ky="Кочкор")

    output = load()

    assert AdminUnit.objects.get(soate="41704235000000").name_ky == "Кочкор району"
    assert "units: 0 created, 1 updated, 65 unchanged" in output


@pytest.mark.django_db
def test_stats_prints_one_json_object_with_the_registry_figures():
    load()
    out = StringIO()

    call_command("stats", "--json", stdout=out)

    figures = json.loads(out.getvalue())
    assert figures["top_level_units"] == 9
    assert figures["districts"] == 40
    assert figures["organizations"]["provider"] == 8
    assert figures["organizations"]["methodical_cabinet"] == 55
    assert figures["educators"] == {
        "school_teacher": 0, "university_staff": 0, "preschool_educator": 0, "college_staff": 0,
    }  # fmt: skip
    assert figures["training_records"] == 0
    assert figures["school_teachers_trained_last_5y_share"] == 0.0


@pytest.mark.django_db
def test_stats_share_counts_current_school_teachers_trained_in_the_last_five_years(
    time_machine,
):
    import datetime as dt

    from cheber.registry.models import TrainingRecord
    from cheber.registry.tests.factories import EducatorFactory, OrganizationFactory, employ

    time_machine.move_to(dt.datetime(2026, 11, 22, 12))
    load()
    school = OrganizationFactory()
    recent, old = EducatorFactory(), EducatorFactory()
    employ(recent, school)
    employ(old, school)
    for educator, end in ((recent, dt.date(2022, 1, 20)), (old, dt.date(2021, 11, 1))):
        TrainingRecord.objects.create(
            educator=educator, provider_name="РИПК", title="Курс", hours=72,
            start_date=end - dt.timedelta(days=13), end_date=end, form="stationary",
        )  # fmt: skip
    out = StringIO()

    call_command("stats", "--json", stdout=out)

    figures = json.loads(out.getvalue())
    assert figures["school_teachers_trained_last_5y_share"] == 0.5
    assert figures["educators"]["school_teacher"] == 2
    assert figures["training_records"] == 2
